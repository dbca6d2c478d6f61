import { type GetOrSetOptions, marketKeys, marketTags, parseMarketKey, type Warmer } from '@supernova/cache'
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
      return symbols.map((s) => marketKeys.bars({ symbol: s.symbol, rows: DEFAULT_BARS_ROWS }))
    },
    load(key) {
      return market.getBars(warmedSymbol(key), { limit: DEFAULT_BARS_ROWS })
    },
    options: (key) => ({ ...MARKET_CACHE, tags: marketTags.of(warmedSymbol(key)) }),
  }
}

/** The symbol of a key this warmer listed (its own keys, so anything else is a bug). */
function warmedSymbol(key: string): string {
  const parsed = parseMarketKey(key)
  if (parsed?.entity !== 'bars') throw new Error(`market warmer: '${key}' is not a bars key`)
  return parsed.symbol
}
