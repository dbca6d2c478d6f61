/** One entry handed to a remote tier: the encoded string, its lifetime in that tier and its (prefixed) tags. */
export interface RemoteEntry {
  key: string
  value: string
  ttlMs: number
  tags?: readonly string[]
}

/**
 * The port every remote tier (L2, L3) implements. It speaks strings only (never containing NUL, which JSON
 * escapes and SQL text cannot hold): serialisation, compression,
 * batching, timeouts and the circuit breaker live above it, in the cache core.
 */
export interface RemoteDriver {
  readonly name: string
  /** Values in key order; null for a miss. */
  mget(keys: readonly string[]): Promise<(string | null)[]>
  /** Writes entries with their lifetimes and records their tags for `deleteByTags`. */
  mset(entries: readonly RemoteEntry[]): Promise<void>
  delete(keys: readonly string[]): Promise<void>
  /** Removes every entry recorded under any of these tags. */
  deleteByTags(tags: readonly string[]): Promise<void>
  close(): Promise<void>
}

/** L2 adds a short lock so that two processes do not both load a cold key. */
export interface L2Driver extends RemoteDriver {
  /** Takes `key` for `ttlMs` if nobody holds it; true when taken. */
  lock(key: string, token: string, ttlMs: number): Promise<boolean>
  /** Releases the lock only if `token` still holds it. */
  unlock(key: string, token: string): Promise<void>
}

/** What travels on the bus: keys whose L1 copies are now wrong, or tags invalidated. */
export interface BusMessage {
  from: string
  keys?: string[]
  tags?: string[]
}

/** Keeps the L1 of several instances in step (Redis pub/sub for self-hosted clusters). */
export interface CacheBus {
  publish(message: BusMessage): Promise<void>
  subscribe(handler: (message: BusMessage) => void): Promise<void>
  close(): Promise<void>
}
