import type { BreakerState } from '@supernova/core'

export type Tier = 'l1' | 'l2' | 'l3'
/** Where a read was answered from; 'miss' means the loader ran. */
export type CacheSource = Tier | 'miss'

/** Everything the cache reports to `onEvent` listeners (the monitoring layer subscribes here). */
export type CacheEvent =
  | { type: 'hit'; tier: Tier; key: string; stale: boolean }
  | { type: 'miss'; tier: Tier; key: string }
  | { type: 'set'; key: string }
  | { type: 'delete'; keys: readonly string[] }
  | { type: 'tags'; tags: readonly string[] }
  | { type: 'load'; key: string; durationMs: number; ok: boolean }
  | { type: 'stale'; key: string; reason: 'swr' | 'grace' | 'soft-timeout' | 'locked' }
  | { type: 'error'; tier: Tier | 'loader' | 'bus'; error: unknown }
  | { type: 'breaker'; tier: 'l2' | 'l3'; state: BreakerState }
  | { type: 'invalidate'; via: 'bus'; keys: readonly string[]; tags: readonly string[] }
  | { type: 'warm'; name: string; loaded: number; failed: number; durationMs: number }

export type CacheListener = (event: CacheEvent) => void

/**
 * The listeners of one cache. `listening` is read on every hot path so that, with nobody subscribed, a read
 * builds no event object at all.
 */
export class CacheEvents {
  listening = false
  private readonly listeners = new Set<CacheListener>()

  /** Subscribes; returns the unsubscribe function. */
  on(listener: CacheListener): () => void {
    this.listeners.add(listener)
    this.listening = true
    return () => {
      this.listeners.delete(listener)
      this.listening = this.listeners.size > 0
    }
  }

  /** Calls every listener; a throwing listener is ignored. */
  emit(e: CacheEvent): void {
    if (!this.listening) return
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // a faulty listener must not break a read
      }
    }
  }
}
