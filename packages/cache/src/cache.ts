import { randomUUID } from 'node:crypto'
import { InvalidationBus } from './bus.ts'
import { CacheEvents, type CacheListener } from './events.ts'
import type { L1Store } from './l1.ts'
import { CacheNamespace } from './namespace.ts'
import { FAILED, type RemoteTier } from './remote-tier.ts'
import type { EntryMeta } from './serialize.ts'
import { CacheCounters, type CacheStats, type TierCounters } from './stats.ts'
import { type Found, Tiers } from './tiers.ts'
import { raceLoad } from './timeouts.ts'
import type { CacheOptions, CacheView, GetOrSetOptions, Lookup, SetOptions } from './types.ts'
import { type Warmer, Warmers, type WarmResult } from './warmers.ts'

type LoaderFn = () => unknown

const noop = () => {}
const pickValue = (f: Found) => f.value
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Tiered cache: L1 (memory, parsed values) -> L2 (Redis/Upstash) -> L3 (SQL) -> loader. This class is the read
 * and write path (single flight, the cross-process load lock, stale serving, timeouts); storage is `Tiers`, and
 * the bus, warmers, counters and namespaces are their own modules. See the package README for semantics.
 */
export class TieredCache implements CacheView {
  readonly prefix: string
  readonly instanceId: string
  private readonly events = new CacheEvents()
  private readonly tiers: Tiers
  // the tiers' L1 and its counters, held here too: the L1 hit path reads them on every call
  private readonly l1: L1Store | undefined
  private readonly l1c: TierCounters
  private readonly l2: RemoteTier | undefined
  private readonly bus: InvalidationBus | undefined
  private readonly warmers: Warmers
  private readonly counters = new CacheCounters()
  // counted here, not in `counters`: every read, L1 hits included, pays for it
  private reads = 0
  private readonly flights = new Map<string, Promise<Found>>()
  private readonly loads = new Map<string, Promise<Found | 'locked'>>()
  private readonly background = new Set<Promise<unknown>>()
  private readonly ttlMs: number | undefined
  private readonly graceMs: number
  private readonly swr: boolean
  private readonly softTimeoutMs: number | undefined
  private readonly hardTimeoutMs: number | undefined
  private readonly lockOpts: { ttlMs: number; waitMs: number; pollMs: number } | undefined

  constructor(options: CacheOptions = {}) {
    this.prefix = options.prefix ?? 'sn:'
    this.instanceId = options.instanceId ?? randomUUID()
    const track = (p: Promise<unknown>) => this.track(p)
    this.tiers = new Tiers(options, this.prefix, this.events, track)
    this.l1 = this.tiers.l1
    this.l1c = this.tiers.l1c
    this.l2 = this.tiers.l2
    this.bus = options.bus && new InvalidationBus(options.bus, this.instanceId, this.l1, this.events)
    this.warmers = new Warmers((key, value, o) => this.set(key, value, o), this.events, track)
    this.ttlMs = options.ttlMs
    this.graceMs = options.graceMs ?? 0
    this.swr = options.staleWhileRevalidate ?? false
    this.softTimeoutMs = options.softTimeoutMs
    this.hardTimeoutMs = options.hardTimeoutMs
    this.lockOpts =
      this.l2 && options.lock !== false
        ? {
            ttlMs: options.lock?.ttlMs ?? 10_000,
            waitMs: options.lock?.waitMs ?? 5_000,
            pollMs: options.lock?.pollMs ?? 20,
          }
        : undefined
  }

  /** Resolves once the bus subscription is live (reads and writes do not wait for it). */
  whenReady(): Promise<void> {
    return this.bus?.ready ?? Promise.resolve()
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
    await this.tiers.deleteTags(list)
    this.events.emit({ type: 'tags', tags: list })
    await this.bus?.publish([], list)
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
    return this.events.on(listener)
  }

  /** A snapshot of every counter (cheap; safe to call per scrape). */
  stats(): CacheStats {
    return this.counters.snapshot(this.reads, this.tiers.stats(), this.bus?.stats, this.warmers.stats())
  }

  /** Registers a named warmer (run by `runWarmer` / `startWarmers`). */
  addWarmer(warmer: Warmer): void {
    this.warmers.add(warmer)
  }

  /** Loads and writes every key of one warmer, `concurrency` at a time; failures are counted, not thrown. */
  runWarmer(name: string): Promise<WarmResult> {
    return this.warmers.run(name)
  }

  /** Runs every warmer now and then on its interval (timers are unref'd and stopped by close()). */
  startWarmers(): Promise<WarmResult[]> {
    return this.warmers.start()
  }

  /** Waits for background refreshes and writes (call before a Lambda handler returns). */
  async flush(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background])
    await this.bus?.flush()
  }

  /** Stops warmers, drains background work, closes the bus and the drivers. */
  async close(): Promise<void> {
    this.warmers.stop()
    await this.flush()
    await this.bus?.close()
    await this.tiers.close()
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
      done = this.tiers.write(
        k,
        this.tiers.encode(value, this.l1 !== undefined),
        this.meta(now, options, extraTag),
        now,
        false,
      )
    } catch (error) {
      return Promise.reject(error)
    }
    const bus = this.bus
    if (!this.events.listening && bus === undefined) return done
    return done.then(() => {
      if (this.events.listening) this.events.emit({ type: 'set', key: k })
      return bus?.publish([k], [])
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
          if (this.events.listening) this.events.emit({ type: 'hit', tier: 'l1', key: k, stale: false })
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
      this.tiers.l1Miss(k)
      return this.getRemote(k)
    }
    const now = Date.now()
    if (now < e.freshUntil && now < e.expiresAt) {
      this.l1c.hits++
      return Promise.resolve(e.binary ? structuredClone(e.value) : e.value)
    }
    if (now >= e.expiresAt) l1.delete(k)
    this.tiers.l1Miss(k)
    return this.getRemote(k)
  }

  private async getRemote(k: string): Promise<unknown> {
    const r = await this.tiers.readRemote(k)
    return r && !r.stale ? r.value : undefined
  }

  /** @internal */
  async deleteKeys(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return
    await this.tiers.delete(keys)
    this.events.emit({ type: 'delete', keys })
    await this.bus?.publish([...keys], [])
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
      if (this.events.listening) this.events.emit({ type: 'hit', tier: 'l1', key: k, stale: false })
      const copy = e.binary && !options?.shared
      return { value: copy ? structuredClone(e.value) : e.value, source: 'l1' as const, stale: false }
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
    this.tiers.l1Miss(k)
    if (stale && (options?.staleWhileRevalidate ?? this.swr))
      return Promise.resolve(this.serveSwr(k, stale, loader, options, extraTag))
    const existing = this.flights.get(k)
    if (existing) {
      this.counters.joined++
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
    const remote = await this.tiers.readRemote(k)
    if (remote && !remote.stale) return remote
    if (remote && !stale) stale = remote
    if (stale && (options?.staleWhileRevalidate ?? this.swr))
      return this.serveSwr(k, stale, loader, options, extraTag)
    const running = this.loads.get(k)
    // a background refresh that lost the L2 lock answers 'locked'; a caller with nothing stale must then load
    const load = running
      ? stale
        ? running
        : running.then((r) => (r === 'locked' ? this.startLoad(k, loader, options, extraTag, false) : r))
      : this.startLoad(k, loader, options, extraTag, stale !== undefined)
    return this.awaitLoad(k, load, options, stale)
  }

  /** Stale-while-revalidate: answers the stale value now and refreshes it in the background (once per key). */
  private serveSwr(
    k: string,
    stale: Found,
    loader: LoaderFn,
    options: SetOptions | undefined,
    extraTag: string | undefined,
  ): Found {
    if (!this.loads.has(k)) this.track(this.startLoad(k, loader, options, extraTag, true))
    this.counters.stale.swr++
    this.events.emit({ type: 'stale', key: k, reason: 'swr' })
    return stale
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
    const lock = this.lockOpts && this.l2 ? { key: this.lockKey(k), token: randomUUID() } : undefined
    let locked = false
    if (lock) {
      const got = await this.l2!.lock(lock.key, lock.token, this.lockOpts!.ttlMs)
      if (got === true) {
        locked = true
        this.counters.locks.acquired++
      } else if (got === false) {
        this.counters.locks.contended++
        if (hasStale) return 'locked'
        const other = await this.waitForOther(k)
        if (other) {
          this.counters.locks.waitedForOther++
          return other
        }
      }
    }
    try {
      const start = performance.now()
      const stats = this.counters.loader
      stats.calls++
      let value: unknown
      try {
        value = await loader()
      } catch (error) {
        stats.errors++
        this.events.emit({ type: 'load', key: k, durationMs: performance.now() - start, ok: false })
        throw error
      }
      const ms = performance.now() - start
      stats.latency.record(ms)
      this.events.emit({ type: 'load', key: k, durationMs: ms, ok: true })
      if (value === undefined) return { value, source: 'miss', stale: false }
      const now = Date.now()
      const enc = this.tiers.encode(value, true)
      // L1 now; the remote tiers after the answer (the caller does not wait for L2/L3: a failed write is counted
      // in their error counters). The load lock is held until the remote write lands, so another process waiting
      // on it finds the value in L2 rather than loading again.
      const remote = this.tiers.write(k, enc, this.meta(now, options, extraTag), now, true, true)
      const written = this.bus ? remote.then(() => this.bus!.publish([k], [])) : remote
      this.track(locked ? written.finally(() => this.l2!.unlock(lock!.key, lock!.token)) : written)
      locked = false
      return { value: enc.copyBinary ? structuredClone(enc.copy) : enc.copy, source: 'miss', stale: false }
    } finally {
      if (locked) await this.l2!.unlock(lock!.key, lock!.token)
    }
  }

  /** The L2 load lock of full key `k`: `<prefix>#lock:<key>`, the prefix once (tags are `<prefix>#tag:<tag>`). */
  private lockKey(k: string): string {
    return `${this.prefix}#lock:${k.startsWith(this.prefix) ? k.slice(this.prefix.length) : k}`
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
      const found = this.tiers.accept(this.l2!, k, raw, now)
      if (found && !found.stale) return found
    }
    return undefined
  }

  /** Waits for the load within the soft and hard timeouts (see `raceLoad`). */
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
    const answer = raceLoad(k, load, { soft, hard, stale }, this.counters.stale, this.events)
    // the load goes on after a timeout answered; track it so flush() waits and a failure is not unhandled
    this.track(load)
    return answer
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
}

/** Builds a tiered cache (L1 always unless `l1: false`; L2/L3 when their drivers are given). */
export function createCache(options: CacheOptions = {}): TieredCache {
  return new TieredCache(options)
}

/** Keeps `p` in `map` under `key` until it settles (single-flight bookkeeping); returns `p`. */
function tracked<T>(map: Map<string, Promise<T>>, key: string, p: Promise<T>): Promise<T> {
  map.set(key, p)
  const done = () => {
    if (map.get(key) === p) map.delete(key)
  }
  p.then(done, done)
  return p
}
