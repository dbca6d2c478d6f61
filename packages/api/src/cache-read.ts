import type { GetOrSetOptions } from '@supernova/cache'
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
