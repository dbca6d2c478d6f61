/** Shared helpers for benchmarks: repeats, medians and the one JSON line the harness reads. */

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Runs `fn` `repeats` times (after `warmup` discarded runs) and returns each run's result. */
export async function repeat<T>(
  repeats: number,
  fn: (i: number) => Promise<T> | T,
  warmup = 0,
): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i)
  const out: T[] = []
  for (let i = 0; i < repeats; i++) out.push(await fn(i))
  return out
}

/** Median of each numeric field over repeated runs. */
export function medians<K extends string>(runs: readonly Record<K, number>[]): Record<K, number> {
  const keys = Object.keys(runs[0] ?? {}) as K[]
  const out = {} as Record<K, number>
  for (const k of keys) out[k] = median(runs.map((r) => r[k]))
  return out
}

/** Operations per second of a synchronous or async loop body over `ms` milliseconds. */
export async function opsPerSec(fn: () => unknown, ms = 500): Promise<number> {
  let n = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 256; i++) {
      const r = fn()
      if (r instanceof Promise) await r
    }
    n += 256
    now = performance.now()
  }
  return (n * 1000) / (now - start)
}

/** Wall time of one call of `fn` (awaited), ms. */
export const time = async (fn: () => unknown): Promise<number> => {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

export const round = (x: number, digits = 3): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** Prints a human table to stderr and the final machine-readable JSON line to stdout. */
export function report(result: {
  name: string
  medians: Record<string, number | Record<string, number>>
  ratios: Record<string, number>
  [extra: string]: unknown
}): void {
  console.error(JSON.stringify(result, null, 2))
  console.log(JSON.stringify(result))
}
