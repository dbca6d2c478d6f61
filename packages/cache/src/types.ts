import type { CacheSource } from './events.ts'
import type { L1Options } from './l1.ts'
import type { CacheBus, L2Driver, RemoteDriver } from './port.ts'
import type { RemoteTierOptions } from './remote-tier.ts'

/** Options of `createCache`. */
export interface CacheOptions {
  /** Prefix of every key, tag and lock in L2/L3 and of the bus channel (default 'sn:'). */
  prefix?: string
  /** L1 settings, or false for no in-memory tier. */
  l1?: L1Options | false
  /** L2 driver (Redis or Upstash), alone or with tier options. */
  l2?: L2Driver | ({ driver: L2Driver } & RemoteTierOptions)
  /** L3 driver (SQL table), alone or with tier options. */
  l3?: RemoteDriver | ({ driver: RemoteDriver } & RemoteTierOptions)
  /** Cross-instance L1 invalidation; without one, keep L1's TTL short (as on Lambda). */
  bus?: CacheBus
  /** Default logical TTL; without one an entry is fresh as long as a tier holds it (each tier's cap). */
  ttlMs?: number
  /** How long past its TTL an entry may still be served when the loader fails or is slow (default 0). */
  graceMs?: number
  /** Serve a stale (in-grace) value at once and refresh it in the background (default false). */
  staleWhileRevalidate?: boolean
  /** With a stale value at hand, answer it if the loader takes longer than this. */
  softTimeoutMs?: number
  /** Fail (or answer stale) if the loader takes longer than this; the load still completes and fills the cache. */
  hardTimeoutMs?: number
  /** JSON payloads longer than this are deflated before L2/L3 (default 1,024). */
  compressThreshold?: number
  /** Cross-process load lock in L2 (default on when there is an L2). */
  lock?: false | { ttlMs?: number; waitMs?: number; pollMs?: number }
  /** Identifies this instance on the bus (default: random). */
  instanceId?: string
}

/** Per-write options: lifetime and tags. */
export interface SetOptions {
  ttlMs?: number
  graceMs?: number
  tags?: readonly string[]
}

/** Per-read options of getOrSet/lookup: the write options plus the stale-serving policy. */
export interface GetOrSetOptions extends SetOptions {
  /**
   * The caller never writes to the value: an L1 hit on bytes hands out the cached bytes themselves instead of a
   * copy (the market history reads 20 histories of 137 KB per basket and only reads them).
   */
  shared?: boolean
  staleWhileRevalidate?: boolean
  softTimeoutMs?: number
  hardTimeoutMs?: number
}

/** A read with its provenance, for `Server-Timing` and logs. */
export interface Lookup<T> {
  value: T
  source: CacheSource
  stale: boolean
  durationMs: number
}

/** The operations shared by the cache and its namespaces. */
export interface CacheView {
  get<T = unknown>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, options?: SetOptions): Promise<void>
  getOrSet<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<T>
  lookup<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<Lookup<T>>
  delete(key: string): Promise<void>
  deleteMany(keys: readonly string[]): Promise<void>
  deleteByTag(tags: string | readonly string[]): Promise<void>
}
