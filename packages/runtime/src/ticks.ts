import type { AlertEvaluator, Tick } from '@supernova/api'
import { hashString, tickWalk } from '@supernova/core'
import type { MarketRepository } from '@supernova/db'
import { channels, type RealtimePublisher } from '@supernova/realtime'

/** A tick as published on `ticks:{SYMBOL}`. */
export interface TickMessage extends Tick {
  source: 'simulator' | 'import'
  /** The bar's date for imported closes. */
  date?: string
  /** The simulator's sequence number (several ticks of one symbol can share a millisecond). */
  seq?: number
}

/** Where ticks go: the realtime channel and the alert evaluator. */
export interface TickSink {
  publisher?: RealtimePublisher
  alerts?: AlertEvaluator
  onError?: (err: unknown) => void
}

/** Publishes ticks on their channels (one batch) and hands them to the alert evaluator. */
export function emitTicks(sink: TickSink, ticks: readonly TickMessage[]): void {
  if (ticks.length === 0) return
  sink.publisher
    ?.publishBatch(
      ticks.map((t) => ({
        channel: channels.ticks(t.symbol),
        name: 'tick',
        data: t,
        // a re-published tick (a retried publish) is delivered once
        id: `${t.symbol}:${t.ts}:${t.seq ?? t.price}`,
      })),
    )
    .catch((e) => sink.onError?.(e))
  sink.alerts?.onTicks(ticks)
}

/** A running tick simulator. */
export interface TickSimulator {
  readonly symbols: string[]
  readonly ticksPerSecond: number
  stop(): void
}

/**
 * The embedded shape's price feed: a seeded mean-reverting random walk around each symbol's last close (core's
 * `tickWalk`), `ticksPerSecond` in total spread round-robin over the symbols, published on `ticks:{SYMBOL}` and
 * evaluated by the alerts. Undefined when no symbol has bars. Its timer is unref'd: it never keeps a process up.
 */
export async function startTickSimulator(
  options: TickSink & {
    market: Pick<MarketRepository, 'listSymbols' | 'latestCloses'>
    ticksPerSecond: number
    /** Default: every symbol with bars. */
    symbols?: readonly string[]
    now?: () => number
  },
): Promise<TickSimulator | undefined> {
  const now = options.now ?? Date.now
  const names = options.symbols?.length
    ? [...options.symbols]
    : (await options.market.listSymbols({ limit: 10_000 })).map((s) => s.symbol)
  if (names.length === 0 || options.ticksPerSecond <= 0) return undefined
  // the newest closes only: reading whole histories here put every symbol's history in memory at start
  const closes = await options.market.latestCloses(names).catch(() => undefined)
  if (!closes) return undefined
  const walks: { symbol: string; next: () => number }[] = []
  for (const symbol of names) {
    const last = closes.get(symbol)
    if (last && last > 0) walks.push({ symbol, next: tickWalk({ anchor: last, seed: hashString(symbol) }) })
  }
  if (walks.length === 0) return undefined
  // Batches every 100 ms at high rates, one tick per timer at low ones.
  const periodMs = Math.max(100, 1000 / options.ticksPerSecond)
  const perPeriod = (options.ticksPerSecond * periodMs) / 1000
  let owed = 0
  let cursor = 0
  let seq = 0
  const timer = setInterval(() => {
    owed += perPeriod
    const ticks: TickMessage[] = []
    const ts = now()
    for (; owed >= 1; owed--) {
      const w = walks[cursor++ % walks.length]!
      ticks.push({ symbol: w.symbol, price: w.next(), ts, source: 'simulator', seq: ++seq })
    }
    emitTicks(options, ticks)
  }, periodMs)
  timer.unref()
  return {
    symbols: walks.map((w) => w.symbol),
    ticksPerSecond: options.ticksPerSecond,
    stop: () => clearInterval(timer),
  }
}

/** After an import: each symbol's newest close as a tick (`source: 'import'`), and the alerts evaluated on bars. */
export async function barsImported(
  sink: TickSink,
  latest: readonly { symbol: string; date: string; close: number }[],
  now: () => number = Date.now,
): Promise<void> {
  if (latest.length === 0) return
  const ts = now()
  await sink.publisher
    ?.publishBatch(
      latest.map((b) => ({
        channel: channels.ticks(b.symbol),
        name: 'tick',
        data: { symbol: b.symbol, price: b.close, ts, source: 'import', date: b.date } satisfies TickMessage,
        id: `${b.symbol}:import:${b.date}:${b.close}`,
      })),
    )
    .catch((e) => sink.onError?.(e))
  await sink.alerts?.onBars(latest.map((b) => b.symbol))
}
