import type { GetOrSetOptions, Warmer } from '@supernova/cache'
import type { MarketRepository } from '@supernova/db'
import type { Context } from 'hono'
import type { AppEnv } from './env.ts'

/**
 * Reads through the tiered cache when the app has one, and says where the answer came from in
 * `Server-Timing: cache;desc="l1"|"l2"|"l3"|"miss";dur=<ms>`. Without a cache it just runs the loader.
 */
export async function cachedRead<T>(
  c: Context<AppEnv>,
  key: string,
  loader: () => Promise<T>,
  options?: GetOrSetOptions,
): Promise<T> {
  const cache = c.var.deps.cache
  if (!cache) return loader()
  const r = await cache.lookup(key, loader, options)
  c.header('Server-Timing', `cache;desc="${r.source}";dur=${r.durationMs.toFixed(3)}`, { append: true })
  return r.value
}

/** Market data is re-read at most once a minute; a stale copy may answer for 10 minutes if the database fails. */
export const MARKET_CACHE = { ttlMs: 60_000, graceMs: 600_000 } as const

/** Tags of a symbol's cached reads (an import of its bars deletes by this tag). */
export const symbolTags = (symbol: string): string[] => ['market', `sym:${symbol}`]

/** Cache key of one page of bars; the route and the warmer must agree on it. */
export const barsCacheKey = (
  symbol: string,
  from: string | undefined,
  to: string | undefined,
  after: string | undefined,
  rows: number,
): string => `v1:bars:${symbol}:${from ?? ''}:${to ?? ''}:${after ?? ''}:${rows}`

/** Default page size of `/v1/symbols/:symbol/bars` plus the look-ahead row the route reads. */
const DEFAULT_BARS_ROWS = 1001

/**
 * Warms the first page of bars (the route's default query) of the first `count` symbols, so the most common
 * market-data read is an L1 hit from the first request on.
 */
export function marketWarmer(
  market: MarketRepository,
  options: { count?: number; intervalMs?: number; concurrency?: number } = {},
): Warmer {
  return {
    name: 'market-bars',
    intervalMs: options.intervalMs,
    concurrency: options.concurrency ?? 4,
    async keys() {
      const symbols = await market.listSymbols({ limit: options.count ?? 20 })
      return symbols.map((s) => barsCacheKey(s.symbol, undefined, undefined, undefined, DEFAULT_BARS_ROWS))
    },
    load(key) {
      const symbol = key.split(':')[2]!
      return market.getBars(symbol, { limit: DEFAULT_BARS_ROWS })
    },
    options: (key) => ({ ...MARKET_CACHE, tags: symbolTags(key.split(':')[2]!) }),
  }
}
