import { mulberry32, normal } from './random.ts'

/** Options of a simulated price stream around an anchor price. */
export interface TickWalkOptions {
  /** The price the walk starts at and is pulled back to (the last close). */
  anchor: number
  seed: number
  /** Standard deviation of one step's log return (default 0.0015, about a daily 2% move over 200 ticks). */
  volatility?: number
  /** Fraction of the distance to the anchor (in log price) closed per step, so the walk stays near the close. */
  reversion?: number
}

/**
 * A seeded, mean-reverting random walk in log price (Ornstein-Uhlenbeck in discrete steps): successive calls
 * return the next simulated price. Deterministic for a seed, so demos and tests can replay a stream.
 */
export function tickWalk(options: TickWalkOptions): () => number {
  const z = normal(mulberry32(options.seed))
  const sigma = options.volatility ?? 0.0015
  const k = options.reversion ?? 0.02
  const anchor = Math.log(options.anchor)
  let x = anchor
  return () => {
    x += k * (anchor - x) + sigma * z()
    return Math.round(Math.exp(x) * 10_000) / 10_000
  }
}
