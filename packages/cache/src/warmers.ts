import type { CacheEvents } from './events.ts'
import type { SetOptions } from './types.ts'

/** A named job that fills the cache ahead of requests. */
export interface Warmer {
  name: string
  /** Keys to warm (for example the most requested symbols' recent bars). */
  keys(): Promise<readonly string[]> | readonly string[]
  load(key: string): Promise<unknown> | unknown
  /** Set options for every key, or per key (for example tags naming the key's symbol). */
  options?: SetOptions | ((key: string) => SetOptions)
  /** Re-run every this many ms after `startWarmers()` (default: only at start). */
  intervalMs?: number
  /** Loads running at once (default 4). */
  concurrency?: number
}

/** What one run of a warmer did. */
export interface WarmResult {
  name: string
  loaded: number
  failed: number
  durationMs: number
}

/** Per-warmer counters in a `stats()` snapshot. */
export type WarmerStats = Record<
  string,
  { runs: number; loaded: number; failed: number; lastRunAt: number | null }
>

/** The warmers of one cache: registry, runs (bounded concurrency), interval timers and their counters. */
export class Warmers {
  private readonly warmers = new Map<string, Warmer>()
  private readonly counts: WarmerStats = {}
  private readonly timers = new Set<ReturnType<typeof setInterval>>()

  constructor(
    /** Writes one warmed value (the cache's `set`). */
    private readonly set: (key: string, value: unknown, options: SetOptions | undefined) => Promise<void>,
    private readonly events: CacheEvents,
    /** Hands a background run to the cache so `flush()` waits for it. */
    private readonly track: (p: Promise<unknown>) => void,
  ) {}

  add(warmer: Warmer): void {
    this.warmers.set(warmer.name, warmer)
    this.counts[warmer.name] ??= { runs: 0, loaded: 0, failed: 0, lastRunAt: null }
  }

  /** Loads and writes every key of one warmer, `concurrency` at a time; failures are counted, not thrown. */
  async run(name: string): Promise<WarmResult> {
    const w = this.warmers.get(name)
    if (!w) throw new Error(`no warmer named '${name}'`)
    const start = performance.now()
    const keys = [...(await w.keys())]
    let loaded = 0
    let failed = 0
    let next = 0
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++]!
        try {
          const value = await w.load(key)
          const options = typeof w.options === 'function' ? w.options(key) : w.options
          if (value !== undefined) await this.set(key, value, options)
          loaded++
        } catch (error) {
          failed++
          this.events.emit({ type: 'error', tier: 'loader', error })
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(w.concurrency ?? 4, keys.length)) }, worker))
    const s = this.counts[name]!
    s.runs++
    s.loaded += loaded
    s.failed += failed
    s.lastRunAt = Date.now()
    const result = { name, loaded, failed, durationMs: performance.now() - start }
    this.events.emit({ type: 'warm', ...result })
    return result
  }

  /** Runs every warmer now and then on its interval (timers are unref'd and stopped by `stop()`). */
  async start(): Promise<WarmResult[]> {
    const first = Promise.all([...this.warmers.keys()].map((n) => this.run(n)))
    this.track(first)
    const results = await first
    for (const w of this.warmers.values()) {
      if (!w.intervalMs) continue
      const t = setInterval(() => {
        this.track(this.run(w.name))
      }, w.intervalMs)
      t.unref?.()
      this.timers.add(t)
    }
    return results
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t)
    this.timers.clear()
  }

  stats(): WarmerStats {
    return structuredClone(this.counts)
  }
}
