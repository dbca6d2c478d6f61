import type { CacheEvents, CacheSource } from './events.ts'
import { L1Store } from './l1.ts'
import { FAILED, RemoteTier } from './remote-tier.ts'
import {
  decodePayload,
  decodeRecord,
  deepFreeze,
  type EntryMeta,
  encodeBytes,
  encodePayload,
  encodeRecord,
  fromJson,
  frozenPlainCopy,
  hasBinary,
  NOT_PLAIN,
  toJson,
  withExpiry,
} from './serialize.ts'
import { type CacheStats, TierCounters, tierSnapshot } from './stats.ts'
import type { CacheOptions } from './types.ts'

/** A value found in some tier (or loaded), with where from and whether it is past its TTL. */
export interface Found {
  value: unknown
  source: CacheSource
  stale: boolean
}

/** A value encoded once for every tier: its JSON and, for L1 and loader answers, its frozen parsed copy. */
export interface Encoded {
  json: string
  binary: boolean
  copy: unknown
  copyBinary: boolean
  /** The value when it is bytes alone: stored as such ('r'), with no JSON in between. */
  raw?: Uint8Array
}

const noop = () => {}
const RESOLVED: Promise<void> = Promise.resolve()

/**
 * The storage half of the cache: L1 and the remote tiers, how a value is encoded for them, how a remote hit is
 * decoded and back-filled above, and how writes and deletes reach every tier. Policy (TTLs, single flight,
 * locks, stale serving) sits above it in `TieredCache`.
 */
export class Tiers {
  readonly l1: L1Store | undefined
  readonly l1c = new TierCounters()
  readonly l2: RemoteTier | undefined
  readonly l3: RemoteTier | undefined
  readonly remotes: RemoteTier[]
  private readonly threshold: number

  constructor(
    options: CacheOptions,
    private readonly prefix: string,
    private readonly events: CacheEvents,
    /** Hands a background write to the cache so `flush()` waits for it. */
    private readonly track: (p: Promise<unknown>) => void,
  ) {
    const emit = events.emit.bind(events)
    this.l1 = options.l1 === false ? undefined : new L1Store(options.l1 ?? {})
    const tier = (name: 'l2' | 'l3', o: CacheOptions['l2'] | CacheOptions['l3']) => {
      if (!o) return undefined
      return 'driver' in o ? new RemoteTier(name, o.driver, o, emit) : new RemoteTier(name, o, {}, emit)
    }
    this.l2 = tier('l2', options.l2)
    this.l3 = tier('l3', options.l3)
    this.remotes = [this.l2, this.l3].filter((t): t is RemoteTier => t !== undefined)
    this.threshold = options.compressThreshold ?? 1024
  }

  /** Counts an L1 miss (when there is an L1). */
  l1Miss(k: string): void {
    if (this.l1 === undefined) return
    this.l1c.misses++
    if (this.events.listening) this.events.emit({ type: 'miss', tier: 'l1', key: k })
  }

  /** L2 then L3; a hit back-fills the tiers above with the remaining lifetime. Stale (in-grace) hits count too. */
  async readRemote(k: string): Promise<Found | undefined> {
    for (const tier of this.remotes) {
      const raw = await tier.get(k)
      if (raw === FAILED || raw === null) {
        tier.counters.misses++
        if (this.events.listening) this.events.emit({ type: 'miss', tier: tier.name, key: k })
        continue
      }
      const found = this.accept(tier, k, raw, Date.now())
      if (found) return found
    }
    return undefined
  }

  /** Decodes a remote record and back-fills above it; undefined (a miss) when expired or unreadable. */
  accept(tier: RemoteTier, k: string, raw: string, now: number): Found | undefined {
    let rec: ReturnType<typeof decodeRecord>
    let value: unknown
    try {
      rec = decodeRecord(raw)
      if (rec && rec.expiresAt > now && rec.staleUntil > now) value = decodePayload(rec.encoding, rec.payload)
      else rec = null
    } catch (error) {
      rec = null
      tier.counters.errors++
      this.events.emit({ type: 'error', tier: tier.name, error })
    }
    if (!rec) {
      tier.counters.misses++
      if (this.events.listening) this.events.emit({ type: 'miss', tier: tier.name, key: k })
      return undefined
    }
    tier.counters.hits++
    const stale = rec.freshUntil <= now
    if (this.events.listening) this.events.emit({ type: 'hit', tier: tier.name, key: k, stale })
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

  /**
   * JSON once, for every tier; with `copy`, also the parsed, deep-frozen copy that L1 holds and loaders answer
   * (so every tier answers the same shape and nobody can corrupt the cached value through the caller's object).
   */
  encode(value: unknown, copy: boolean): Encoded {
    if (value instanceof Uint8Array && Object.getPrototypeOf(value) === Uint8Array.prototype)
      return { json: '', binary: true, copy: copy ? value.slice() : undefined, copyBinary: true, raw: value }
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

  /**
   * Stores an encoded value in L1 (at once) and every remote tier; resolves when the remote tiers answered. With
   * `deferRemote`, the remote payload is encoded (and compressed) on a later turn, after the caller's answer.
   */
  write(
    k: string,
    enc: Encoded,
    meta: EntryMeta,
    now: number,
    fromLoader: boolean,
    deferRemote = false,
  ): Promise<void> {
    const json = enc.json
    const size = enc.raw ? enc.raw.byteLength : json.length
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
          size,
          hash: 0,
        },
        fromLoader && remotes.length > 0,
      )
      this.l1c.sets++
      this.l1c.bytesWritten += size
    }
    if (remotes.length === 0) return RESOLVED
    if (deferRemote)
      return new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        this.writeRemote(k, enc, meta, now),
      )
    return this.writeRemote(k, enc, meta, now)
  }

  private writeRemote(k: string, enc: Encoded, meta: EntryMeta, now: number): Promise<void> {
    const remotes = this.remotes
    const { encoding, payload } = enc.raw
      ? encodeBytes(enc.raw, this.threshold)
      : encodePayload(enc.json, enc.binary, this.threshold)
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

  /** Removes full keys from every tier. */
  async delete(keys: readonly string[]): Promise<void> {
    if (this.l1) for (const k of keys) if (this.l1.delete(k)) this.l1c.deletes++
    await Promise.all(this.remotes.map((t) => t.delete(keys)))
  }

  /** Removes every entry with any of these tags from every tier. */
  async deleteTags(tags: readonly string[]): Promise<void> {
    this.l1?.deleteTags(tags)
    const remote = tags.map((t) => this.tagKey(t))
    await Promise.all(this.remotes.map((t) => t.deleteByTags(remote)))
  }

  /** Per-tier figures for `stats()`. */
  stats(): CacheStats['tiers'] {
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
    return tiers
  }

  /** Closes every remote driver (errors ignored: closing is best effort). */
  async close(): Promise<void> {
    await Promise.all(this.remotes.map((t) => t.driver.close().catch(noop)))
  }

  private remoteTags(tags: readonly string[] | undefined): string[] | undefined {
    return tags?.map((t) => this.tagKey(t))
  }

  private tagKey(tag: string): string {
    return `${this.prefix}#tag:${tag}`
  }
}
