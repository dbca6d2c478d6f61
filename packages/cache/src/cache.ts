import { randomUUID } from 'node:crypto'
import { TimeoutError } from '@supernova/core'
import type { CacheEvent, CacheListener, CacheSource, Tier } from './events.ts'
import { type L1Options, L1Store } from './l1.ts'
import type { BusMessage, CacheBus, L2Driver, RemoteDriver } from './port.ts'
import { FAILED, RemoteTier, type RemoteTierOptions } from './remote-tier.ts'
import {
  decodePayload,
  decodeRecord,
  deepFreeze,
  type EntryMeta,
  encodePayload,
  encodeRecord,
  fromJson,
  frozenPlainCopy,
  hasBinary,
  NOT_PLAIN,
  toJson,
  withExpiry,
} from './serialize.ts'
import {
  LatencyHistogram,
  type LatencySnapshot,
  TierCounters,
  type TierStats,
  tierSnapshot,
} from './stats.ts'

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

export interface SetOptions {
  ttlMs?: number
  graceMs?: number
  tags?: readonly string[]
}

export interface GetOrSetOptions extends SetOptions {
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

export interface WarmResult {
  name: string
  loaded: number
  failed: number
  durationMs: number
}

/** `stats()`: per-tier counters plus the loader, stale serving, single flight, locks, bus and warmers. */
export interface CacheStats {
  tiers: { l1?: TierStats; l2?: TierStats; l3?: TierStats }
  /** Reads answered by some tier / all reads (the loader ran for the rest). */
  hitRate: number
  reads: number
  loader: { calls: number; errors: number; latency: LatencySnapshot }
  stale: { swr: number; grace: number; softTimeout: number; locked: number; hardTimeouts: number }
  singleFlight: { joined: number }
  locks: { acquired: number; contended: number; waitedForOther: number }
  bus: { published: number; received: number; errors: number }
  warmers: Record<string, { runs: number; loaded: number; failed: number; lastRunAt: number | null }>
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

interface Found {
  value: unknown
  source: CacheSource
  stale: boolean
}

type LoaderFn = () => unknown

const noop = () => {}
const RESOLVED: Promise<void> = Promise.resolve()

/** A value encoded once for every tier: its JSON and, for L1 and loader answers, its frozen parsed copy. */
interface Encoded {
  json: string
  binary: boolean
  copy: unknown
  copyBinary: boolean
}
const pickValue = (f: Found) => f.value
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Tiered cache: L1 (memory, parsed values) -> L2 (Redis/Upstash) -> L3 (SQL) -> loader. See the package README
 * for semantics (TTL per tier, grace, stale-while-revalidate, locks, bus, breakers, counters).
 */
export class TieredCache implements CacheView {
  readonly prefix: string
  readonly instanceId: string
  private readonly l1: L1Store | undefined
  private readonly l2: RemoteTier | undefined
  private readonly l3: RemoteTier | undefined
  private readonly remotes: RemoteTier[]
  private readonly bus: CacheBus | undefined
  private readonly l1c = new TierCounters()
  private readonly listeners = new Set<CacheListener>()
  private listening = false
  private readonly flights = new Map<string, Promise<Found>>()
  private readonly loads = new Map<string, Promise<Found | 'locked'>>()
  private readonly background = new Set<Promise<unknown>>()
  private readonly ttlMs: number | undefined
  private readonly graceMs: number
  private readonly swr: boolean
  private readonly softTimeoutMs: number | undefined
  private readonly hardTimeoutMs: number | undefined
  private readonly threshold: number
  private readonly lockOpts: { ttlMs: number; waitMs: number; pollMs: number } | undefined
  private readonly warmers = new Map<string, Warmer>()
  private readonly warmerStats: CacheStats['warmers'] = {}
  private readonly timers = new Set<ReturnType<typeof setInterval>>()
  private pendingBus: { keys: string[]; tags: string[]; done: Promise<void> } | null = null
  private reads = 0
  private readonly loaderStats = { calls: 0, errors: 0, latency: new LatencyHistogram() }
  private readonly staleStats = { swr: 0, grace: 0, softTimeout: 0, locked: 0, hardTimeouts: 0 }
  private joined = 0
  private readonly lockStats = { acquired: 0, contended: 0, waitedForOther: 0 }
  private readonly busStats = { published: 0, received: 0, errors: 0 }
  private ready: Promise<void> = Promise.resolve()

  constructor(options: CacheOptions = {}) {
    this.prefix = options.prefix ?? 'sn:'
    this.instanceId = options.instanceId ?? randomUUID()
    const emit = (e: CacheEvent) => this.emit(e)
    this.l1 = options.l1 === false ? undefined : new L1Store(options.l1 ?? {})
    const tier = (name: 'l2' | 'l3', o: CacheOptions['l2'] | CacheOptions['l3']) => {
      if (!o) return undefined
      return 'driver' in o ? new RemoteTier(name, o.driver, o, emit) : new RemoteTier(name, o, {}, emit)
    }
    this.l2 = tier('l2', options.l2)
    this.l3 = tier('l3', options.l3)
    this.remotes = [this.l2, this.l3].filter((t): t is RemoteTier => t !== undefined)
    this.bus = options.bus
    this.ttlMs = options.ttlMs
    this.graceMs = options.graceMs ?? 0
    this.swr = options.staleWhileRevalidate ?? false
    this.softTimeoutMs = options.softTimeoutMs
    this.hardTimeoutMs = options.hardTimeoutMs
    this.threshold = options.compressThreshold ?? 1024
    this.lockOpts =
      this.l2 && options.lock !== false
        ? {
            ttlMs: options.lock?.ttlMs ?? 10_000,
            waitMs: options.lock?.waitMs ?? 5_000,
            pollMs: options.lock?.pollMs ?? 20,
          }
        : undefined
    if (this.bus) {
      this.ready = this.bus
        .subscribe((m) => this.onBus(m))
        .catch((error: unknown) => {
          this.busStats.errors++
          this.emit({ type: 'error', tier: 'bus', error })
        })
    }
  }

  /** Resolves once the bus subscription is live (reads and writes do not wait for it). */
  whenReady(): Promise<void> {
    return this.ready
  }

  /** The fresh value, or undefined (stale entries are only served by getOrSet, which can refresh them). */
  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.getKey(this.prefix + key) as Promise<T | undefined>
  }

  /** Writes through every tier (awaiting L2/L3 within their timeouts) and tells other instances. */
  set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    return this.setKey(this.prefix + key, value, options, undefined)
  }

  /** The cached value, or the loader's (run once per key per process, and once across processes via L2). */
  getOrSet<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<T> {
    return this.getOrSetKey(this.prefix + key, loader, options, undefined) as Promise<T>
  }

  /** getOrSet that also says which tier answered and how long it took (for Server-Timing). */
  lookup<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<Lookup<T>> {
    return this.lookupKey(this.prefix + key, loader, options, undefined) as Promise<Lookup<T>>
  }

  async delete(key: string): Promise<void> {
    await this.deleteKeys([this.prefix + key])
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    await this.deleteKeys(keys.map((k) => this.prefix + k))
  }

  /** Removes every entry with any of these tags from all tiers here and from other instances' L1. */
  async deleteByTag(tags: string | readonly string[]): Promise<void> {
    const list = typeof tags === 'string' ? [tags] : [...tags]
    if (list.length === 0) return
    this.l1?.deleteTags(list)
    const remote = list.map((t) => this.tagKey(t))
    await Promise.all(this.remotes.map((t) => t.deleteByTags(remote)))
    this.emit({ type: 'tags', tags: list })
    await this.publish([], list)
  }

  /** A view whose keys live under `name:v<version>:`; bumping the version orphans the old entries at once. */
  namespace(name: string, options: { version?: number } = {}): CacheNamespace {
    return new CacheNamespace(this, `${name}:v${options.version ?? 1}:`, `ns:${name}`)
  }

  /** Drops this instance's L1 only (other tiers and instances are untouched). */
  clearLocal(): void {
    this.l1?.clear()
  }

  /** Subscribes to cache events; returns the unsubscribe function. */
  onEvent(listener: CacheListener): () => void {
    this.listeners.add(listener)
    this.listening = true
    return () => {
      this.listeners.delete(listener)
      this.listening = this.listeners.size > 0
    }
  }

  /** A snapshot of every counter (cheap; safe to call per scrape). */
  stats(): CacheStats {
    const tiers: CacheStats['tiers'] = {}
    if (this.l1) {
      this.l1c.evictions = this.l1.evictions
      tiers.l1 = {
        ...tierSnapshot(this.l1c),
        items: this.l1.size,
        bytes: this.l1.bytes,
        rejections: this.l1.rejections,
      }
    }
    for (const t of this.remotes) {
      tiers[t.name] = {
        ...tierSnapshot(t.counters),
        breaker: { state: t.breaker.state, opens: t.breaker.opens },
      }
    }
    const calls = this.loaderStats.calls
    return {
      tiers,
      hitRate: this.reads ? Math.max(0, this.reads - calls) / this.reads : 0,
      reads: this.reads,
      loader: { calls, errors: this.loaderStats.errors, latency: this.loaderStats.latency.snapshot() },
      stale: { ...this.staleStats },
      singleFlight: { joined: this.joined },
      locks: { ...this.lockStats },
      bus: { ...this.busStats },
      warmers: structuredClone(this.warmerStats),
    }
  }

  /** Registers a named warmer (run by `runWarmer` / `startWarmers`). */
  addWarmer(warmer: Warmer): void {
    this.warmers.set(warmer.name, warmer)
    this.warmerStats[warmer.name] ??= { runs: 0, loaded: 0, failed: 0, lastRunAt: null }
  }

  /** Loads and writes every key of one warmer, `concurrency` at a time; failures are counted, not thrown. */
  async runWarmer(name: string): Promise<WarmResult> {
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
          this.emit({ type: 'error', tier: 'loader', error })
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(w.concurrency ?? 4, keys.length)) }, worker))
    const s = this.warmerStats[name]!
    s.runs++
    s.loaded += loaded
    s.failed += failed
    s.lastRunAt = Date.now()
    const result = { name, loaded, failed, durationMs: performance.now() - start }
    this.emit({ type: 'warm', ...result })
    return result
  }

  /** Runs every warmer now and then on its interval (timers are unref'd and stopped by close()). */
  async startWarmers(): Promise<WarmResult[]> {
    const first = Promise.all([...this.warmers.keys()].map((n) => this.runWarmer(n)))
    this.track(first)
    const results = await first
    for (const w of this.warmers.values()) {
      if (!w.intervalMs) continue
      const t = setInterval(() => {
        this.track(this.runWarmer(w.name))
      }, w.intervalMs)
      t.unref?.()
      this.timers.add(t)
    }
    return results
  }

  /** Waits for background refreshes and writes (call before a Lambda handler returns). */
  async flush(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background])
    if (this.pendingBus) await this.pendingBus.done
  }

  /** Stops warmers, drains background work, closes the bus and the drivers. */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    this.timers.clear()
    await this.flush()
    await this.bus?.close().catch(noop)
    await Promise.all(this.remotes.map((t) => t.driver.close().catch(noop)))
  }

  // ---- internals (also used by CacheNamespace) ----

  /**
   * @internal No async frame here: with no listener and no bus, the caller gets the remote batch's own promise
   * (one per tick and tier, shared by every set in it).
   */
  setKey(
    k: string,
    value: unknown,
    options: SetOptions | undefined,
    extraTag: string | undefined,
  ): Promise<void> {
    const now = Date.now()
    let done: Promise<void>
    try {
      done = this.write(
        k,
        this.encode(value, this.l1 !== undefined),
        this.meta(now, options, extraTag),
        now,
        false,
      )
    } catch (error) {
      return Promise.reject(error)
    }
    if (!this.listening && this.bus === undefined) return done
    return done.then(() => {
      if (this.listening) this.emit({ type: 'set', key: k })
      return this.publish([k], [])
    })
  }

  /** @internal */
  getOrSetKey(
    k: string,
    loader: LoaderFn,
    options: GetOrSetOptions | undefined,
    extraTag: string | undefined,
  ): Promise<unknown> {
    this.reads++
    const l1 = this.l1
    if (l1 !== undefined) {
      const e = l1.get(k)
      if (e !== undefined) {
        const now = Date.now()
        if (now < e.freshUntil && now < e.expiresAt) {
          this.l1c.hits++
          if (this.listening) this.emit({ type: 'hit', tier: 'l1', key: k, stale: false })
          return Promise.resolve(e.binary ? structuredClone(e.value) : e.value)
        }
      }
    }
    return this.resolve(k, loader, options, extraTag).then(pickValue)
  }

  /** @internal */
  async lookupKey(
    k: string,
    loader: LoaderFn,
    options: GetOrSetOptions | undefined,
    extraTag: string | undefined,
  ) {
    const start = performance.now()
    this.reads++
    const r = await this.resolveWithL1(k, loader, options, extraTag)
    return { value: r.value, source: r.source, stale: r.stale, durationMs: performance.now() - start }
  }

  /** @internal Not async: an L1 hit costs one lookup and one resolved promise, nothing else. */
  getKey(k: string): Promise<unknown> {
    this.reads++
    const l1 = this.l1
    if (l1 === undefined) return this.getRemote(k)
    const e = l1.get(k)
    if (e === undefined) {
      this.l1Miss(k)
      return this.getRemote(k)
    }
    const now = Date.now()
    if (now < e.freshUntil && now < e.expiresAt) {
      this.l1c.hits++
      return Promise.resolve(e.binary ? structuredClone(e.value) : e.value)
    }
    if (now >= e.expiresAt) l1.delete(k)
    this.l1Miss(k)
    return this.getRemote(k)
  }

  private async getRemote(k: string): Promise<unknown> {
    const r = await this.readRemote(k)
    return r && !r.stale ? r.value : undefined
  }

  /** @internal */
  async deleteKeys(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return
    if (this.l1) for (const k of keys) if (this.l1.delete(k)) this.l1c.deletes++
    await Promise.all(this.remotes.map((t) => t.delete(keys)))
    this.emit({ type: 'delete', keys })
    await this.publish([...keys], [])
  }

  private async resolveWithL1(
    k: string,
    loader: LoaderFn,
    options: GetOrSetOptions | undefined,
    tag?: string,
  ) {
    const now = Date.now()
    const e = this.l1?.get(k)
    if (e !== undefined && now < e.freshUntil && now < e.expiresAt) {
      this.l1c.hits++
      if (this.listening) this.emit({ type: 'hit', tier: 'l1', key: k, stale: false })
      return { value: e.binary ? structuredClone(e.value) : e.value, source: 'l1' as const, stale: false }
    }
    return this.resolve(k, loader, options, tag)
  }

  /** Slow path after a missed or stale L1 lookup. */
  private resolve(
    k: string,
    loader: LoaderFn,
    options: GetOrSetOptions | undefined,
    extraTag: string | undefined,
  ): Promise<Found> {
    const now = Date.now()
    let stale: Found | undefined
    const e = this.l1?.peek(k)
    if (e !== undefined) {
      if (now >= e.expiresAt) this.l1!.delete(k)
      else stale = { value: e.binary ? structuredClone(e.value) : e.value, source: 'l1', stale: true }
    }
    this.l1Miss(k)
    if (stale && (options?.staleWhileRevalidate ?? this.swr)) {
      this.refreshInBackground(k, loader, options, extraTag)
      this.staleStats.swr++
      this.emit({ type: 'stale', key: k, reason: 'swr' })
      return Promise.resolve(stale)
    }
    const existing = this.flights.get(k)
    if (existing) {
      this.joined++
      return existing
    }
    return tracked(this.flights, k, this.fly(k, loader, options, extraTag, stale))
  }

  private async fly(
    k: string,
    loader: LoaderFn,
    options: GetOrSetOptions | undefined,
    extraTag: string | undefined,
    stale: Found | undefined,
  ): Promise<Found> {
    const remote = await this.readRemote(k)
    if (remote && !remote.stale) return remote
    if (remote && !stale) stale = remote
    if (stale && (options?.staleWhileRevalidate ?? this.swr)) {
      this.refreshInBackground(k, loader, options, extraTag)
      this.staleStats.swr++
      this.emit({ type: 'stale', key: k, reason: 'swr' })
      return stale
    }
    const running = this.loads.get(k)
    // a background refresh that lost the L2 lock answers 'locked'; a caller with nothing stale must then load
    const load = running
      ? stale
        ? running
        : running.then((r) => (r === 'locked' ? this.startLoad(k, loader, options, extraTag, false) : r))
      : this.startLoad(k, loader, options, extraTag, stale !== undefined)
    return this.awaitLoad(k, load, options, stale)
  }

  private refreshInBackground(
    k: string,
    loader: LoaderFn,
    options: SetOptions | undefined,
    tag?: string,
  ): void {
    if (this.loads.has(k)) return
    this.track(this.startLoad(k, loader, options, tag, true))
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch(noop)
    this.background.add(q)
    q.then(() => this.background.delete(q))
  }

  /** Starts the one load of `k` in this process: takes the L2 lock, runs the loader, writes every tier. */
  private startLoad(
    k: string,
    loader: LoaderFn,
    options: SetOptions | undefined,
    extraTag: string | undefined,
    hasStale: boolean,
  ): Promise<Found | 'locked'> {
    return tracked(this.loads, k, this.load(k, loader, options, extraTag, hasStale))
  }

  private async load(
    k: string,
    loader: LoaderFn,
    options: SetOptions | undefined,
    extraTag: string | undefined,
    hasStale: boolean,
  ): Promise<Found | 'locked'> {
    const lockKey = `${this.prefix}#lock:${k}`
    const token = this.lockOpts ? randomUUID() : ''
    let locked = false
    if (this.lockOpts && this.l2) {
      const got = await this.l2.lock(lockKey, token, this.lockOpts.ttlMs)
      if (got === true) {
        locked = true
        this.lockStats.acquired++
      } else if (got === false) {
        this.lockStats.contended++
        if (hasStale) return 'locked'
        const other = await this.waitForOther(k)
        if (other) {
          this.lockStats.waitedForOther++
          return other
        }
      }
    }
    try {
      const start = performance.now()
      this.loaderStats.calls++
      let value: unknown
      try {
        value = await loader()
      } catch (error) {
        this.loaderStats.errors++
        this.emit({ type: 'load', key: k, durationMs: performance.now() - start, ok: false })
        throw error
      }
      const ms = performance.now() - start
      this.loaderStats.latency.record(ms)
      this.emit({ type: 'load', key: k, durationMs: ms, ok: true })
      if (value === undefined) return { value, source: 'miss', stale: false }
      const now = Date.now()
      const enc = this.encode(value, true)
      await this.write(k, enc, this.meta(now, options, extraTag), now, true)
      this.track(this.publish([k], []))
      return { value: enc.copyBinary ? structuredClone(enc.copy) : enc.copy, source: 'miss', stale: false }
    } finally {
      if (locked) await this.l2!.unlock(lockKey, token)
    }
  }

  /** Another process holds the load lock: poll L2 until its value lands or the wait runs out. */
  private async waitForOther(k: string): Promise<Found | undefined> {
    const { waitMs, pollMs } = this.lockOpts!
    const deadline = Date.now() + waitMs
    while (Date.now() < deadline) {
      await sleep(pollMs)
      const now = Date.now()
      const raw = await this.l2!.get(k)
      if (raw === FAILED) return undefined
      if (raw === null) continue
      const found = this.accept(this.l2!, k, raw, now)
      if (found && !found.stale) return found
    }
    return undefined
  }

  private awaitLoad(
    k: string,
    load: Promise<Found | 'locked'>,
    options: GetOrSetOptions | undefined,
    stale: Found | undefined,
  ): Promise<Found> {
    const soft = stale ? (options?.softTimeoutMs ?? this.softTimeoutMs) : undefined
    const hard = options?.hardTimeoutMs ?? this.hardTimeoutMs
    if (soft === undefined && hard === undefined && !stale) {
      return load.then((r) =>
        r === 'locked' ? { value: undefined, source: 'miss' as const, stale: false } : r,
      )
    }
    return new Promise<Found>((resolve, reject) => {
      let settled = false
      const timers: ReturnType<typeof setTimeout>[] = []
      const finish = (fn: () => void) => {
        if (settled) return
        settled = true
        for (const t of timers) clearTimeout(t)
        fn()
      }
      if (soft !== undefined) {
        timers.push(
          setTimeout(
            () =>
              finish(() => {
                this.staleStats.softTimeout++
                this.emit({ type: 'stale', key: k, reason: 'soft-timeout' })
                resolve(stale!)
              }),
            soft,
          ),
        )
      }
      if (hard !== undefined) {
        timers.push(
          setTimeout(
            () =>
              finish(() => {
                this.staleStats.hardTimeouts++
                if (stale) resolve(stale)
                else reject(new TimeoutError(`loading '${k}' took longer than ${hard} ms`))
              }),
            hard,
          ),
        )
      }
      load.then(
        (r) =>
          finish(() => {
            if (r !== 'locked') return resolve(r)
            this.staleStats.locked++
            this.emit({ type: 'stale', key: k, reason: 'locked' })
            resolve(stale ?? { value: undefined, source: 'miss', stale: false })
          }),
        (error: unknown) =>
          finish(() => {
            if (!stale) return reject(error)
            this.staleStats.grace++
            this.emit({ type: 'error', tier: 'loader', error })
            this.emit({ type: 'stale', key: k, reason: 'grace' })
            resolve(stale)
          }),
      )
      // the load goes on after a timeout answered; track it so flush() waits and a failure is not unhandled
      this.track(load)
    })
  }

  private l1Miss(k: string): void {
    if (this.l1 === undefined) return
    this.l1c.misses++
    if (this.listening) this.emit({ type: 'miss', tier: 'l1', key: k })
  }

  /** L2 then L3; a hit back-fills the tiers above with the remaining lifetime. Stale (in-grace) hits count too. */
  private async readRemote(k: string): Promise<Found | undefined> {
    for (const tier of this.remotes) {
      const raw = await tier.get(k)
      if (raw === FAILED || raw === null) {
        tier.counters.misses++
        if (this.listening) this.emit({ type: 'miss', tier: tier.name, key: k })
        continue
      }
      const found = this.accept(tier, k, raw, Date.now())
      if (found) return found
    }
    return undefined
  }

  /** Decodes a remote record and back-fills above it; undefined (a miss) when expired or unreadable. */
  private accept(tier: RemoteTier, k: string, raw: string, now: number): Found | undefined {
    let rec: ReturnType<typeof decodeRecord>
    let value: unknown
    try {
      rec = decodeRecord(raw)
      if (rec && rec.expiresAt > now && rec.staleUntil > now) value = decodePayload(rec.encoding, rec.payload)
      else rec = null
    } catch (error) {
      rec = null
      tier.counters.errors++
      this.emit({ type: 'error', tier: tier.name, error })
    }
    if (!rec) {
      tier.counters.misses++
      if (this.listening) this.emit({ type: 'miss', tier: tier.name, key: k })
      return undefined
    }
    tier.counters.hits++
    const stale = rec.freshUntil <= now
    if (this.listening) this.emit({ type: 'hit', tier: tier.name, key: k, stale })
    // back-fill: L2 from L3, then L1, each with what is left of the entry's life
    if (tier === this.l3 && this.l2) {
      const ttl = Math.min(this.l2.ttlMs, rec.expiresAt - now)
      if (ttl > 0)
        this.track(
          this.l2.set({
            key: k,
            value: withExpiry(rec, now + ttl),
            ttlMs: ttl,
            tags: this.remoteTags(rec.tags),
          }),
        )
    }
    const binary = deepFreeze(value)
    if (this.l1) {
      const expiresAt = Math.min(rec.expiresAt, rec.staleUntil, now + this.l1.ttlMs)
      this.l1.set(
        k,
        {
          value,
          freshUntil: rec.freshUntil,
          staleUntil: rec.staleUntil,
          expiresAt,
          createdAt: rec.createdAt,
          tags: rec.tags,
          binary,
          size: rec.payload.length,
          hash: 0,
        },
        true,
      )
      this.l1c.sets++
    }
    return { value: binary ? structuredClone(value) : value, source: tier.name, stale }
  }

  private meta(now: number, options: SetOptions | undefined, extraTag: string | undefined): EntryMeta {
    const ttl = options?.ttlMs ?? this.ttlMs
    const grace = options?.graceMs ?? this.graceMs
    const freshUntil = ttl === undefined ? Number.POSITIVE_INFINITY : now + ttl
    let tags = options?.tags
    if (extraTag) tags = tags ? [...tags, extraTag] : [extraTag]
    return {
      freshUntil,
      staleUntil: freshUntil + grace,
      createdAt: now,
      tags: tags?.length ? tags : undefined,
    }
  }

  /**
   * JSON once, for every tier; with `copy`, also the parsed, deep-frozen copy that L1 holds and loaders answer
   * (so every tier answers the same shape and nobody can corrupt the cached value through the caller's object).
   */
  private encode(value: unknown, copy: boolean): Encoded {
    if (copy) {
      const plain = frozenPlainCopy(value)
      if (plain !== NOT_PLAIN)
        return { json: toJson(value, false), binary: false, copy: plain, copyBinary: false }
    }
    const binary = hasBinary(value)
    const json = toJson(value, binary)
    if (!copy) return { json, binary, copy: undefined, copyBinary: false }
    const parsed = fromJson(json, binary)
    return { json, binary, copy: parsed, copyBinary: deepFreeze(parsed) }
  }

  /** Stores an encoded value in L1 (at once) and every remote tier; resolves when the remote tiers answered. */
  private write(k: string, enc: Encoded, meta: EntryMeta, now: number, fromLoader: boolean): Promise<void> {
    const json = enc.json
    const remotes = this.remotes
    if (this.l1) {
      this.l1.set(
        k,
        {
          value: enc.copy,
          freshUntil: meta.freshUntil,
          staleUntil: meta.staleUntil,
          expiresAt: Math.min(meta.staleUntil, now + this.l1.ttlMs),
          createdAt: now,
          tags: meta.tags,
          binary: enc.copyBinary,
          size: json.length,
          hash: 0,
        },
        fromLoader && remotes.length > 0,
      )
      this.l1c.sets++
      this.l1c.bytesWritten += json.length
    }
    if (remotes.length === 0) return RESOLVED
    const { encoding, payload } = encodePayload(json, enc.binary, this.threshold)
    const tags = this.remoteTags(meta.tags)
    if (remotes.length === 1) {
      const t = remotes[0]!
      const ttl = Math.min(t.ttlMs, meta.staleUntil - now)
      if (ttl <= 0) return RESOLVED
      return t.set({ key: k, value: encodeRecord(meta, now + ttl, encoding, payload), ttlMs: ttl, tags })
    }
    const writes: Promise<void>[] = []
    for (const t of remotes) {
      const ttl = Math.min(t.ttlMs, meta.staleUntil - now)
      if (ttl <= 0) continue
      writes.push(
        t.set({ key: k, value: encodeRecord(meta, now + ttl, encoding, payload), ttlMs: ttl, tags }),
      )
    }
    return Promise.all(writes).then(noop)
  }

  private remoteTags(tags: readonly string[] | undefined): string[] | undefined {
    return tags?.map((t) => this.tagKey(t))
  }

  private tagKey(tag: string): string {
    return `${this.prefix}#tag:${tag}`
  }

  /** Queues keys/tags for one bus message per tick. */
  private publish(keys: string[], tags: string[]): Promise<void> {
    const bus = this.bus
    if (!bus) return Promise.resolve()
    let p = this.pendingBus
    if (!p) {
      let resolveDone = noop
      const done = new Promise<void>((r) => {
        resolveDone = r
      })
      const batch = { keys: [] as string[], tags: [] as string[], done }
      this.pendingBus = p = batch
      process.nextTick(() => {
        if (this.pendingBus === batch) this.pendingBus = null
        const message: BusMessage = { from: this.instanceId }
        if (batch.keys.length) message.keys = batch.keys
        if (batch.tags.length) message.tags = batch.tags
        bus.publish(message).then(
          () => {
            this.busStats.published++
            resolveDone()
          },
          (error: unknown) => {
            this.busStats.errors++
            this.emit({ type: 'error', tier: 'bus', error })
            resolveDone()
          },
        )
      })
    }
    for (const k of keys) p.keys.push(k)
    for (const t of tags) p.tags.push(t)
    return p.done
  }

  private onBus(m: BusMessage): void {
    if (m.from === this.instanceId) return
    this.busStats.received++
    const keys = m.keys ?? []
    const tags = m.tags ?? []
    if (this.l1) {
      for (const k of keys) this.l1.delete(k)
      if (tags.length) this.l1.deleteTags(tags)
    }
    this.emit({ type: 'invalidate', via: 'bus', keys, tags })
  }

  private emit(e: CacheEvent): void {
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

/** A namespace of a TieredCache: keys prefixed with `name:vN:`, every entry tagged `ns:name` so `clear()` works. */
export class CacheNamespace implements CacheView {
  constructor(
    private readonly cache: TieredCache,
    private readonly keyPrefix: string,
    private readonly tag: string,
  ) {}

  private k(key: string): string {
    return this.cache.prefix + this.keyPrefix + key
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return (await this.cache.getKey(this.k(key))) as T | undefined
  }

  set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    return this.cache.setKey(this.k(key), value, options, this.tag)
  }

  async getOrSet<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<T> {
    return (await this.cache.getOrSetKey(this.k(key), loader, options, this.tag)) as T
  }

  async lookup<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<Lookup<T>> {
    return (await this.cache.lookupKey(this.k(key), loader, options, this.tag)) as Lookup<T>
  }

  delete(key: string): Promise<void> {
    return this.cache.deleteKeys([this.k(key)])
  }

  deleteMany(keys: readonly string[]): Promise<void> {
    return this.cache.deleteKeys(keys.map((key) => this.k(key)))
  }

  deleteByTag(tags: string | readonly string[]): Promise<void> {
    return this.cache.deleteByTag(tags)
  }

  /** Removes every entry of this namespace from every tier (and other instances' L1). */
  clear(): Promise<void> {
    return this.cache.deleteByTag(this.tag)
  }
}

/** Builds a tiered cache (L1 always unless `l1: false`; L2/L3 when their drivers are given). */
export function createCache(options: CacheOptions = {}): TieredCache {
  return new TieredCache(options)
}

export type { Tier }

/** Keeps `p` in `map` under `key` until it settles (single-flight bookkeeping); returns `p`. */
function tracked<T>(map: Map<string, Promise<T>>, key: string, p: Promise<T>): Promise<T> {
  map.set(key, p)
  const done = () => {
    if (map.get(key) === p) map.delete(key)
  }
  p.then(done, done)
  return p
}
