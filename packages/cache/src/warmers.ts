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
  /**
   * Re-run every this many ms after `startWarmers()` (default: only at start). A periodic run spreads its keys
   * evenly over the interval, one load at a time, so a refresh never arrives as one burst that requests queue behind.
   */
  intervalMs?: number
  /** Loads running at once in the first run (default 4). */
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
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private stopped = false

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

  /**
   * Loads and writes every key of one warmer, `concurrency` at a time; failures are counted, not thrown. With
   * `spreadMs`, one key at a time, the loads started evenly over that span (each load is tracked, not the waits).
   */
  async run(name: string, spreadMs = 0): Promise<WarmResult> {
    const w = this.warmers.get(name)
    if (!w) throw new Error(`no warmer named '${name}'`)
    const start = performance.now()
    const keys = [...(await w.keys())]
    let loaded = 0
    let failed = 0
    let next = 0
    const warmOne = async (key: string) => {
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
    if (spreadMs > 0) {
      // Key i starts at (i + 1) gaps: the run lasts the whole span, so a periodic loop refreshes each key once per span.
      const gap = spreadMs / Math.max(1, keys.length)
      if (keys.length === 0) await this.sleep(spreadMs)
      for (const [i, key] of keys.entries()) {
        if (this.stopped) break
        const wait = start + (i + 1) * gap - performance.now()
        if (wait > 0) await this.sleep(wait)
        if (this.stopped) break
        const one = warmOne(key)
        this.track(one)
        await one
      }
    } else {
      const worker = async () => {
        while (next < keys.length) await warmOne(keys[next++]!)
      }
      await Promise.all(
        Array.from({ length: Math.max(1, Math.min(w.concurrency ?? 4, keys.length)) }, worker),
      )
    }
    const s = this.counts[name]!
    s.runs++
    s.loaded += loaded
    s.failed += failed
    s.lastRunAt = Date.now()
    const result = { name, loaded, failed, durationMs: performance.now() - start }
    this.events.emit({ type: 'warm', ...result })
    return result
  }

  /**
   * Runs every warmer now and then on its interval: each later run spreads its keys over the interval and the next
   * starts when it ends (timers are unref'd and stopped by `stop()`).
   */
  async start(): Promise<WarmResult[]> {
    this.stopped = false
    const first = Promise.all([...this.warmers.keys()].map((n) => this.run(n)))
    this.track(first)
    const results = await first
    for (const w of this.warmers.values()) {
      const every = w.intervalMs
      if (!every) continue
      const loop = async (): Promise<void> => {
        while (!this.stopped) await this.run(w.name, every).catch(() => this.sleep(every))
      }
      void loop()
    }
    return results
  }

  stop(): void {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  /** An unref'd wait that `stop()` cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t)
        resolve()
      }, ms)
      t.unref?.()
      this.timers.add(t)
    })
  }

  stats(): WarmerStats {
    return structuredClone(this.counts)
  }
}
