import { type CacheSource, type GetOrSetOptions, type Lookup, marketKeys, marketTags } from '@supernova/cache'
import { type BarColumns, NotFoundError, type OhlcvColumns, sliceHistory } from '@supernova/core'
import { type MarketRepository, PGLITE_HISTORY_CHUNK } from '@supernova/db'
import type { Registry } from '@supernova/metrics'
import { decodeHistory, encodeHistory, historyStamp } from './codec.ts'
import { type RecentOptions, recentSymbols } from './recent.ts'

/** The part of the tiered cache the service uses (a TieredCache or one of its namespaces). */
export interface HistoryCache {
  lookup<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<Lookup<T>>
  deleteByTag(tags: string | readonly string[]): Promise<void>
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, options?: { ttlMs?: number }): Promise<void>
}

/** Where each symbol of a read came from: a cache tier, or `db` when there is no cache. */
export type HistorySource = CacheSource | 'db'

/** Histories of the symbols asked for, in that order, with how the read went (for Server-Timing). */
export interface HistoryRead {
  series: BarColumns[]
  sources: Partial<Record<HistorySource, number>>
  durationMs: number
}

/**
 * The bytes copied into shared memory, where the runtime has it: the decoded columns are views on them, and a
 * view on a SharedArrayBuffer crosses to a compute worker without being copied (a basket of 20 twelve-year
 * histories is 2.7 MB that structured clone otherwise copies for every job).
 */
function shared(bytes: Uint8Array): Uint8Array {
  if (typeof SharedArrayBuffer === 'undefined' || bytes.buffer instanceof SharedArrayBuffer) return bytes
  const out = new Uint8Array(new SharedArrayBuffer(bytes.byteLength))
  out.set(bytes)
  return out
}

/** Market history for the analytics routes: full histories per symbol, in columns, cached. */
export interface MarketHistory {
  /**
   * Each symbol's bars with `from <= date <= to` (views on the cached columns: read-only). Throws NotFoundError
   * naming every unknown symbol. Misses of one call (and of concurrent calls) are read with one query.
   */
  read(symbols: readonly string[], range?: { from?: string; to?: string }): Promise<HistoryRead>
  /**
   * Loads these histories into the cache a few symbols at a time (a request waits for at most one such read),
   * skipping unknown symbols and not counting as use. Resolves to the number loaded.
   */
  preload(symbols: readonly string[]): Promise<number>
  /** The symbols read most recently, newest first, across restarts (kept in the cache; see recent.ts). */
  recent(): Promise<string[]>
  /** Records these symbols as read without reading their histories (a symbol's detail was asked for). */
  touch(symbols: readonly string[]): void
  /** Writes that list now if reads changed it since its last write (before the cache closes at shutdown). */
  flush(): Promise<void>
  /** Drops the cached histories of these symbols (the importer's tag invalidation does the same). */
  invalidate(symbols: readonly string[]): Promise<void>
}

/**
 * Histories change only by import, which invalidates them by tag (across instances through the cache bus), so
 * they may live longer than a page of bars; the TTL bounds staleness after writes that bypass the importer.
 */
export const HISTORY_CACHE = { ttlMs: 15 * 60_000, graceMs: 60 * 60_000 } as const

export interface MarketHistoryOptions {
  market: Pick<MarketRepository, 'historyColumns'>
  cache?: HistoryCache
  /** Registers `market_history_reads_total{source}` and `market_history_read_seconds`. */
  registry?: Registry
  /** Most bytes of decoded histories kept beside the cache's bytes (default 64 MiB, about 1,400 x 12 years). */
  maxDecodedBytes?: number
  /** How the list of recently read symbols is kept (recent.ts). */
  recent?: RecentOptions
}

/** Symbols per read of a preload: PGlite's chunk, so a request that joins a preload's read waits for one chunk. */
const PRELOAD_BATCH = PGLITE_HISTORY_CHUNK

const stampOf = (): number => Math.floor(Math.random() * 2 ** 52)

/**
 * The cache holds each history as bytes (`codec.ts`): L2/L3 need bytes, and L1 hands out a private copy of bytes
 * on every hit (typed arrays cannot be frozen). Decoding those bytes again per request would cost more than the
 * copy, so the service keeps the columns it decoded beside them, keyed by the load's stamp written in the bytes:
 * a hit whose stamp matches reuses them, and anything the cache dropped or replaced has another stamp.
 */
export function marketHistory(options: MarketHistoryOptions): MarketHistory {
  const { market, cache } = options
  const maxDecodedBytes = options.maxDecodedBytes ?? 64 * 1024 * 1024
  const recent = recentSymbols(cache, options.recent)
  // insertion order = recency (a hit re-inserts), so the first entries are the least recently used
  const decoded = new Map<string, { stamp: number; cols: OhlcvColumns; bytes: number }>()
  let decodedBytes = 0
  const reads = options.registry?.counter({
    name: 'market_history_reads_total',
    help: 'Symbol histories read by the analytics routes, by where they came from (l1, l2, l3, miss, db)',
    labelNames: ['source'],
  })
  const timing = options.registry?.histogram({
    name: 'market_history_read_seconds',
    help: 'Time to read the histories of one analytics request',
  })

  const forget = (symbol: string) => {
    const e = decoded.get(symbol)
    if (!e) return
    decoded.delete(symbol)
    decodedBytes -= e.bytes
  }
  const remember = (symbol: string, stamp: number, cols: OhlcvColumns) => {
    forget(symbol)
    // five float64 columns and a date reference per bar
    const bytes = cols.dates.length * 48
    while (decoded.size > 0 && decodedBytes + bytes > maxDecodedBytes) forget(decoded.keys().next().value!)
    decoded.set(symbol, { stamp, cols, bytes })
    decodedBytes += bytes
  }

  // Loaders that ask within one turn of the event loop share one query.
  let pending: Map<string, { resolve(v: OhlcvColumns): void; reject(e: unknown): void }[]> | undefined
  const flush = async () => {
    const batch = pending!
    pending = undefined
    try {
      const found = await market.historyColumns([...batch.keys()])
      for (const [symbol, waiters] of batch) {
        const cols = found.get(symbol)
        for (const w of waiters)
          if (cols) w.resolve(cols)
          else w.reject(new NotFoundError(`Symbol '${symbol}' does not exist.`))
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error)
    }
  }
  const loadOne = (symbol: string) =>
    new Promise<OhlcvColumns>((resolve, reject) => {
      if (!pending) {
        pending = new Map()
        setImmediate(flush)
      }
      const waiters = pending.get(symbol)
      if (waiters) waiters.push({ resolve, reject })
      else pending.set(symbol, [{ resolve, reject }])
    })

  const viaCache = async (c: HistoryCache, symbol: string) => {
    const r = await c.lookup<Uint8Array>(
      marketKeys.history(symbol),
      async () => {
        const stamp = stampOf()
        const bytes = encodeHistory(await loadOne(symbol), stamp)
        remember(symbol, stamp, decodeHistory(shared(bytes)))
        return bytes
      },
      // read only: decoded columns are views on these bytes and nothing writes to them
      { ...HISTORY_CACHE, tags: marketTags.of(symbol), shared: true },
    )
    const stamp = historyStamp(r.value)
    const memo = decoded.get(symbol)
    if (memo && memo.stamp === stamp) {
      decoded.delete(symbol)
      decoded.set(symbol, memo)
      return { cols: memo.cols, source: r.source as HistorySource }
    }
    const cols = decodeHistory(shared(r.value))
    if (stamp !== undefined) remember(symbol, stamp, cols)
    return { cols, source: r.source as HistorySource }
  }

  const read = async (symbols: readonly string[], range: { from?: string; to?: string } = {}) => {
    const start = performance.now()
    const settled = await Promise.allSettled(
      symbols.map((s) =>
        cache ? viaCache(cache, s) : loadOne(s).then((cols) => ({ cols, source: 'db' as const })),
      ),
    )
    const missing: string[] = []
    for (const [i, r] of settled.entries()) {
      if (r.status === 'fulfilled') continue
      if (r.reason instanceof NotFoundError) missing.push(symbols[i]!)
      else throw r.reason
    }
    if (missing.length === 1) throw new NotFoundError(`Symbol '${missing[0]}' does not exist.`)
    if (missing.length)
      throw new NotFoundError(`Unknown symbol(s): ${missing.join(', ')}.`, { details: { missing } })
    const sources: Partial<Record<HistorySource, number>> = {}
    const series = settled.map((r, i) => {
      const { cols, source } = (r as PromiseFulfilledResult<{ cols: OhlcvColumns; source: HistorySource }>)
        .value
      sources[source] = (sources[source] ?? 0) + 1
      return { symbol: symbols[i]!, ...sliceHistory(cols, range.from, range.to) }
    })
    const durationMs = performance.now() - start
    if (reads) for (const [source, n] of Object.entries(sources)) reads.inc({ source }, n)
    timing?.observe({}, durationMs)
    return { series, sources, durationMs }
  }

  return {
    async read(symbols, range) {
      const r = await read(symbols, range)
      recent.touch(symbols)
      return r
    },

    async preload(symbols) {
      let loaded = 0
      for (let i = 0; i < symbols.length; i += PRELOAD_BATCH) {
        const batch = symbols.slice(i, i + PRELOAD_BATCH)
        // straight into the cache: no slicing, and not timed as a request's read
        const settled = await Promise.allSettled(batch.map((s) => (cache ? viaCache(cache, s) : loadOne(s))))
        for (const r of settled) {
          if (r.status === 'fulfilled') loaded++
          else if (!(r.reason instanceof NotFoundError)) throw r.reason
        }
      }
      return loaded
    },

    recent: () => recent.list(),
    touch: (symbols) => recent.touch(symbols),
    flush: () => recent.flush(),

    async invalidate(symbols) {
      for (const s of symbols) forget(s)
      await cache?.deleteByTag(symbols.map(marketTags.symbol))
    },
  }
}

/** What a preload loaded: symbols read recently (before a restart) and symbols taken from the list after them. */
export interface WarmedHistories {
  recent: number
  listed: number
}

/**
 * Loads up to `count` histories into the cache, so that the first analytics requests after a start read L1 rather
 * than the database: the symbols read most recently first (what users were reading before a restart, mostly still
 * in L2/L3), then the first symbols of the list. Servers call it at start.
 */
export async function warmHistories(
  history: MarketHistory,
  market: Pick<MarketRepository, 'listSymbols'>,
  count = 100,
): Promise<WarmedHistories> {
  const recent = (await history.recent()).slice(0, count)
  const listed =
    recent.length < count
      ? (await market.listSymbols({ limit: count })).map((s) => s.symbol).filter((s) => !recent.includes(s))
      : []
  const fromRecent = await history.preload(recent)
  const fromList = await history.preload(listed.slice(0, count - fromRecent))
  return { recent: fromRecent, listed: fromList }
}
