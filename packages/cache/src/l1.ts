import { LRUCache } from 'lru-cache'
import { FrequencySketch, hashKey } from './sketch.ts'

/** LRU-end entries compared when choosing whom a more popular newcomer displaces. */
const VICTIM_SAMPLE = 8

/** An L1 entry: the parsed, frozen value and its times. Never serialised, never parsed on a hit. */
export interface L1Entry {
  value: unknown
  freshUntil: number
  staleUntil: number
  /** Physical end of life in L1 (<= staleUntil, capped by the L1 TTL). */
  expiresAt: number
  createdAt: number
  tags: readonly string[] | undefined
  /** Holds bytes: typed arrays cannot be frozen, so such values are copied on every read. */
  binary: boolean
  size: number
  /** `hashKey(key)`, set by `L1Store.set`, so that counting a hit for admission does not rehash the key. */
  hash: number
}

export interface L1Options {
  /** Most entries held (default 5,000). */
  maxItems?: number
  /** Most bytes held, counted as the JSON size of values (default 64 MiB). */
  maxBytes?: number
  /** Longest an entry stays in L1 (default 5 minutes). */
  ttlMs?: number
  /** 'tinylfu' (default): a new key displaces the LRU victim only if it is more popular; 'lru': always. */
  admission?: 'tinylfu' | 'lru'
}

/**
 * L1 on lru-cache with TinyLFU admission: every access is counted in a frequency sketch and, when full, a
 * candidate enters only if it has been asked for more often than the entry it would evict. On skewed (Zipf)
 * traffic that keeps the popular head resident where plain LRU lets one-off keys flush it.
 */
export class L1Store {
  readonly maxItems: number
  readonly ttlMs: number
  private readonly lru: LRUCache<string, L1Entry>
  private readonly sketch: FrequencySketch | undefined
  /** tag -> keys held here with that tag, so a tag delete removes exactly those (and nothing else). */
  private readonly tagIndex = new Map<string, Set<string>>()
  evictions = 0
  rejections = 0

  constructor(
    options: L1Options = {},
    private readonly onEvict?: (key: string) => void,
  ) {
    this.maxItems = options.maxItems ?? 5_000
    this.ttlMs = options.ttlMs ?? 300_000
    this.sketch = options.admission === 'lru' ? undefined : new FrequencySketch(this.maxItems)
    this.lru = new LRUCache<string, L1Entry>({
      max: this.maxItems,
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (e) => Math.max(1, e.size),
      dispose: (entry, key, reason) => {
        if (entry.tags) this.unindex(key, entry.tags)
        if (reason === 'evict') {
          this.evictions++
          this.onEvict?.(key)
        }
      },
    })
  }

  get size(): number {
    return this.lru.size
  }

  get bytes(): number {
    return this.lru.calculatedSize
  }

  /** The entry (fresh or stale) or undefined; counts the access for admission. */
  get(key: string): L1Entry | undefined {
    const e = this.lru.get(key)
    if (this.sketch) this.sketch.increment(e === undefined ? hashKey(key) : e.hash)
    return e
  }

  /** Looks without counting or reordering (for tests and stats). */
  peek(key: string): L1Entry | undefined {
    return this.lru.peek(key)
  }

  /**
   * Stores an entry. With `admit` (only when a lower tier also holds the value, so a rejection loses nothing),
   * a new key is kept only if the sketch says it is more popular than the LRU victim. Returns whether it was kept.
   */
  set(key: string, entry: L1Entry, admit: boolean): boolean {
    entry.hash = hashKey(key)
    if (admit && this.sketch && this.lru.size >= this.maxItems && !this.lru.has(key)) {
      // the least popular of the few least recently used entries is the victim (closer to LFU than the tail alone)
      const sketch = this.sketch
      const it = this.lru.rkeys()
      let victim: string | undefined
      let victimFreq = Number.POSITIVE_INFINITY
      for (let i = 0; i < VICTIM_SAMPLE; i++) {
        const n = it.next()
        if (n.done) break
        const f = sketch.frequency(this.lru.peek(n.value)?.hash ?? hashKey(n.value))
        if (f < victimFreq) {
          victimFreq = f
          victim = n.value
        }
      }
      if (victim !== undefined) {
        if (sketch.frequency(entry.hash) <= victimFreq) {
          this.rejections++
          return false
        }
        if (this.lru.delete(victim)) {
          this.evictions++
          this.onEvict?.(victim)
        }
      }
    }
    this.lru.set(key, entry)
    if (entry.tags) {
      for (const t of entry.tags) {
        let keys = this.tagIndex.get(t)
        if (!keys) {
          keys = new Set()
          this.tagIndex.set(t, keys)
        }
        keys.add(key)
      }
    }
    return true
  }

  /** Deletes every entry carrying any of the tags; returns how many went. */
  deleteTags(tags: readonly string[]): number {
    let n = 0
    for (const t of tags) {
      const keys = this.tagIndex.get(t)
      if (!keys) continue
      for (const k of [...keys]) if (this.lru.delete(k)) n++
      this.tagIndex.delete(t)
    }
    return n
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const t of tags) {
      const keys = this.tagIndex.get(t)
      if (keys) {
        keys.delete(key)
        if (keys.size === 0) this.tagIndex.delete(t)
      }
    }
  }

  delete(key: string): boolean {
    return this.lru.delete(key)
  }

  clear(): void {
    this.lru.clear()
    this.tagIndex.clear()
  }
}
