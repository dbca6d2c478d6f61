/** Counters saturate here (4-bit, as in TinyLFU): enough to rank, and halving keeps them fresh. */
const MAXC = 15

/** 32-bit FNV-1a of a string's UTF-16 code units, remixed so that low bits are usable as indices. */
export function hashKey(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  return h >>> 0
}

/** A second hash from the high bits (low bits of a product depend only on low bits, so rows would collide together). */
function second(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  x ^= x >>> 13
  return ((x >>> 7) | 1) >>> 0
}

/**
 * Count-min sketch with 4-bit-like saturating counters, halved every 32 x capacity accesses (TinyLFU's "reset"; a longer window than the paper's 10x ranks mid-popularity keys better on Zipf traffic), so that it
 * estimates recent popularity of far more keys than the cache holds in a few hundred KB.
 */
export class FrequencySketch {
  private readonly table: Uint8Array
  private readonly mask: number
  private readonly sampleSize: number
  private additions = 0

  constructor(capacity: number) {
    let width = 4096
    while (width < capacity * 4) width <<= 1
    this.table = new Uint8Array(width * 4)
    this.mask = width - 1
    this.sampleSize = Math.max(64, capacity * 32)
  }

  /** Counts one access of the key with hash `h`. */
  increment(h: number): void {
    const w = this.mask + 1
    const h2 = second(h)
    let added = false
    for (let i = 0; i < 4; i++) {
      const idx = i * w + ((h + Math.imul(i, h2)) & this.mask)
      const c = this.table[idx]!
      if (c < MAXC) {
        this.table[idx] = c + 1
        added = true
      }
    }
    if (added && ++this.additions >= this.sampleSize) this.halve()
  }

  /** Estimated recent access count of the key with hash `h`. */
  frequency(h: number): number {
    const w = this.mask + 1
    const h2 = second(h)
    let min = MAXC
    for (let i = 0; i < 4; i++) {
      const c = this.table[i * w + ((h + Math.imul(i, h2)) & this.mask)]!
      if (c < min) min = c
    }
    return min
  }

  private halve(): void {
    const t = this.table
    for (let i = 0; i < t.length; i++) t[i] = t[i]! >>> 1
    this.additions = this.additions >>> 1
  }
}
