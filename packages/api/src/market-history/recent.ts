import { marketKeys } from '@supernova/cache'

/** Where the list is kept: the history service's cache (its L2/L3 outlive a restart). */
export interface RecentStore {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, options?: { ttlMs?: number }): Promise<void>
}

export interface RecentOptions {
  /** Symbols remembered (default 256). */
  max?: number
  /** Least time between two writes of the list (default 10 s): at most one small write per interval. */
  saveEveryMs?: number
  /** How long the stored list lives without a write (default 7 days). */
  ttlMs?: number
  now?: () => number
}

/**
 * The symbols whose histories were read most recently, kept in the cache so that a restarted server (a deploy)
 * and the scheduled cache-warm task load what users were reading rather than the first symbols in the list. Reads
 * record their symbols; the list is written on the first read and then at most every `saveEveryMs`, off the
 * request path (a write that fails is retried by a later read). A process starts from the stored list, so
 * instances sharing a cache hand it on; concurrent instances overwrite each other's (last writer wins).
 */
export function recentSymbols(store: RecentStore | undefined, options: RecentOptions = {}) {
  const max = options.max ?? 256
  const saveEveryMs = options.saveEveryMs ?? 10_000
  const ttlMs = options.ttlMs ?? 7 * 24 * 3600_000
  const now = options.now ?? Date.now
  // insertion order = recency: the last key is the most recent
  let order = new Map<string, true>()
  let savedAt = Number.NEGATIVE_INFINITY
  // a write in flight (one at a time, so an older list never lands after a newer one); reads since the last write
  let writing: Promise<void> | undefined
  let dirty = false
  let loaded: Promise<void> | undefined

  const newestFirst = () => [...order.keys()].reverse()
  // the stored list goes under what this process has read since it started
  const load = () =>
    (loaded ??= (async () => {
      const stored = await store?.get<unknown>(marketKeys.recentHistories()).catch(() => undefined)
      if (!Array.isArray(stored)) return
      const merged = new Map<string, true>()
      for (let i = Math.min(stored.length, max) - 1; i >= 0; i--)
        if (typeof stored[i] === 'string') merged.set(stored[i] as string, true)
      for (const s of order.keys()) {
        merged.delete(s)
        merged.set(s, true)
      }
      while (merged.size > max) merged.delete(merged.keys().next().value!)
      order = merged
    })())

  // (the stored list is read first, so that a write never drops it)
  const write = (): Promise<void> => {
    dirty = false
    const done = load()
      .then(() => store!.set(marketKeys.recentHistories(), newestFirst(), { ttlMs }))
      .catch(() => {
        dirty = true
        savedAt = Number.NEGATIVE_INFINITY
      })
      .finally(() => {
        writing = undefined
      })
    writing = done
    return done
  }
  return {
    /** Records a read of these symbols (the last one the most recent) and writes the list when it is due. */
    touch(symbols: readonly string[]): void {
      for (const s of symbols) {
        order.delete(s)
        order.set(s, true)
      }
      while (order.size > max) order.delete(order.keys().next().value!)
      dirty = true
      if (!store || writing || now() - savedAt < saveEveryMs) return
      savedAt = now()
      void write()
    },
    /** Writes the list now if reads changed it since the last write (a server's shutdown calls it). */
    async flush(): Promise<void> {
      await writing
      if (store && dirty) await write()
    },
    /** The symbols, most recent first: this process's reads over the stored list. */
    async list(): Promise<string[]> {
      await load()
      return newestFirst()
    },
  }
}
