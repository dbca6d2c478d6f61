import type { JsHistogram } from 'hdr-histogram-js'
import { build } from 'hdr-histogram-js'

/** Milliseconds since the epoch; injectable so tests can roll windows without waiting. */
export type Clock = () => number

/** The rolling windows every windowed metric answers for. */
export const WINDOWS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000 } as const
export type WindowName = keyof typeof WINDOWS

/** How a field folds when slots merge: counts add up, peaks take the maximum. */
export type Combine = 'sum' | 'max'

/** Latency is recorded in integer microseconds; values above this (10 min) are clamped, never thrown. */
const HIGHEST_US = 600_000_000

/** Fine slots (10 s each) cover 10 min so a 5 min window can be compared with the one before it. */
const FINE_SLOTS = 60
/** Coarse slots (5 min each) cover the hour window plus the block in progress. */
const COARSE_FACTOR = 30
const COARSE_SLOTS = 13

/** Shared time base: the current slot number, advanced by `sync()` (timer, reads) and read by the hot path. */
export class Timebase {
  epoch: number
  readonly startMs: number
  constructor(
    readonly clock: Clock,
    readonly intervalMs = 10_000,
    readonly significantDigits: 1 | 2 | 3 = 2,
  ) {
    this.startMs = clock()
    this.epoch = Math.floor(this.startMs / intervalMs)
  }
  /** Re-reads the clock; returns true when a new slot began. */
  sync(): boolean {
    const e = Math.floor(this.clock() / this.intervalMs)
    if (e === this.epoch) return false
    this.epoch = e
    return true
  }
  newHistogram(): JsHistogram {
    return newLatencyHistogram(this.significantDigits)
  }
  private scratchHist?: JsHistogram
  /** One reusable histogram for window merges (reads are synchronous, so one is enough). */
  scratch(): JsHistogram {
    this.scratchHist ??= this.newHistogram()
    this.scratchHist.reset()
    return this.scratchHist
  }
}

/** An HdrHistogram of latencies in microseconds: the one histogram every latency recorder here is built on. */
export function newLatencyHistogram(significantDigits: 1 | 2 | 3 = 2): JsHistogram {
  return build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: significantDigits,
    useWebAssembly: false,
  }) as unknown as JsHistogram
}

/** Records one latency in milliseconds into `h` (same bucket as hdr's recordValue, without its float math). */
export function recordLatency(h: JsHistogram, ms: number): void {
  let us = Math.round(ms * 1000)
  if (us > HIGHEST_US) us = HIGHEST_US
  else if (!(us >= 0)) us = 0
  h.incrementCountAtIndex(countsIndex(us, h.subBucketHalfCountMagnitude))
  h.incrementTotalCount()
  h.updateMinAndMax(us)
}

/** Non-empty buckets of a closed slot: memory proportional to distinct latencies, not to the bucket count. */
interface Sparse {
  idx: Uint32Array
  counts: Float64Array
}

interface Frame {
  epoch: number
  v: Float64Array
  sparse: Sparse | null
}

/**
 * HdrHistogram's own counts-array index (bucket = max(floor(log2 v) - halfMag, 0), sub = v >> bucket) in
 * integer ops: the library computes it with Math.pow/log2, which dominated the cost of a record. Valid for
 * lowestDiscernibleValue 1 and values below 2^31 (ours are clamped to 6e8 us).
 */
export function countsIndex(v: number, halfMag: number): number {
  const log2 = v === 0 ? 0 : 31 - Math.clz32(v)
  const b = log2 > halfMag ? log2 - halfMag : 0
  return ((b + 1) << halfMag) + (v >>> b) - (1 << halfMag)
}

/** Inverse of countsIndex: the lowest value in the bucket at `idx`. */
export function indexValue(idx: number, halfMag: number): number {
  const half = 1 << halfMag
  let b = (idx >>> halfMag) - 1
  let sub = (idx & (half - 1)) + half
  if (b < 0) {
    sub -= half
    b = 0
  }
  return sub * 2 ** b
}

/** Width of the bucket at `idx` (1 in the first buckets, doubling with each bucket after). */
function bucketSize(idx: number, halfMag: number): number {
  const b = (idx >>> halfMag) - 1
  return b <= 0 ? 1 : 2 ** b
}

function extract(h: JsHistogram): Sparse | null {
  if (h.totalCount === 0) return null
  // Int32Histogram keeps its counts in `_counts`; reading the typed array directly is ~5x faster than
  // getCountAtIndex on this path, which runs once per series per slot.
  const raw = (h as unknown as { _counts?: Int32Array })._counts
  const n = h.countsArrayLength
  const get = raw ? (i: number) => raw[i]! : (i: number) => h.getCountAtIndex(i)
  let nz = 0
  if (raw) {
    for (let i = 0; i < n; i++) if (raw[i] !== 0) nz++
  } else for (let i = 0; i < n; i++) if (get(i) !== 0) nz++
  const idx = new Uint32Array(nz)
  const counts = new Float64Array(nz)
  let j = 0
  for (let i = 0; i < n && j < nz; i++) {
    const c = raw ? raw[i]! : get(i)
    if (c !== 0) {
      idx[j] = i
      counts[j++] = c
    }
  }
  return { idx, counts }
}

function addSparse(h: JsHistogram, s: Sparse | null) {
  if (!s || s.idx.length === 0) return
  let total = 0
  for (let i = 0; i < s.idx.length; i++) {
    h.addToCountAtIndex(s.idx[i]!, s.counts[i]!)
    total += s.counts[i]!
  }
  h.addToTotalCount(total)
  const mag = h.subBucketHalfCountMagnitude
  h.updateMinAndMax(indexValue(s.idx[0]!, mag))
  h.updateMinAndMax(indexValue(s.idx[s.idx.length - 1]!, mag))
}

/** Merges two sorted sparse histograms (linear; no dense scratch needed). */
function mergeSparse(a: Sparse, b: Sparse): Sparse {
  const idx = new Uint32Array(a.idx.length + b.idx.length)
  const counts = new Float64Array(idx.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.idx.length || j < b.idx.length) {
    const ai = i < a.idx.length ? a.idx[i]! : 0xffffffff
    const bj = j < b.idx.length ? b.idx[j]! : 0xffffffff
    if (ai === bj) {
      idx[n] = ai
      counts[n++] = a.counts[i++]! + b.counts[j++]!
    } else if (ai < bj) {
      idx[n] = ai
      counts[n++] = a.counts[i++]!
    } else {
      idx[n] = bj
      counts[n++] = b.counts[j++]!
    }
  }
  return n === idx.length ? { idx, counts } : { idx: idx.slice(0, n), counts: counts.slice(0, n) }
}

/** Fields summed (or maxed) over a window, the merged latency histogram if any, and the time it covers. */
export interface Aggregate {
  v: Float64Array
  hist: JsHistogram | null
  durationMs: number
}

/** Latency summary in milliseconds. */
export interface LatencySummary {
  count: number
  mean: number
  p50: number
  p90: number
  p95: number
  p99: number
  p999: number
  max: number
}

const QUANTILES = [50, 90, 95, 99, 99.9, 100] as const

/**
 * Percentiles of a histogram recorded in microseconds, reported in milliseconds, in one pass over the counts
 * (hdr semantics: the highest value equivalent to the bucket holding the ceil(p% x total)-th value; the mean
 * uses each bucket's median value).
 */
export function summarize(h: JsHistogram | null): LatencySummary {
  if (!h || h.totalCount === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 }
  const total = h.totalCount
  const mag = h.subBucketHalfCountMagnitude
  const raw = (h as unknown as { _counts?: Int32Array })._counts
  const n = h.countsArrayLength
  const targets = QUANTILES.map((q) => Math.max(1, Math.ceil((q / 100) * total - 1e-9)))
  const out = [0, 0, 0, 0, 0, 0]
  let q = 0
  let seen = 0
  let sum = 0
  for (let i = 0; i < n; i++) {
    const c = raw ? raw[i]! : h.getCountAtIndex(i)
    if (c === 0) continue
    const lo = indexValue(i, mag)
    const size = bucketSize(i, mag)
    sum += c * (lo + Math.floor(size / 2))
    seen += c
    while (q < targets.length && seen >= targets[q]!) out[q++] = lo + size - 1
    if (seen >= total) break
  }
  const ms = (us: number) => Math.round(us) / 1000
  return {
    count: total,
    mean: ms(sum / total),
    p50: ms(out[0]!),
    p90: ms(out[1]!),
    p95: ms(out[2]!),
    p99: ms(out[3]!),
    p999: ms(out[4]!),
    max: ms(out[5]!),
  }
}

/**
 * One labelled time series: a live slot (plain numbers + an HdrHistogram) that the hot path writes to, folded
 * every interval into a ring of 10 s slots and a ring of 5 min blocks. Memory is bounded by the ring sizes.
 */
export class Series {
  epoch: number
  readonly cur: Float64Array
  readonly total: Float64Array
  readonly hist: JsHistogram | null
  private readonly fine: (Frame | undefined)[] = new Array(FINE_SLOTS)
  private readonly coarse: (Frame | undefined)[] = new Array(COARSE_SLOTS)
  /** Cumulative latency histogram fields for exporters (count and sum live in `total`). */
  constructor(
    readonly tb: Timebase,
    readonly combine: readonly Combine[],
    withHistogram: boolean,
  ) {
    this.epoch = tb.epoch
    this.cur = new Float64Array(combine.length)
    this.total = new Float64Array(combine.length)
    this.hist = withHistogram ? tb.newHistogram() : null
  }

  /** Adds `n` to field `f` (hot path: one compare, two adds). */
  add(f: number, n: number) {
    if (this.epoch !== this.tb.epoch) this.roll()
    this.cur[f]! += n
    this.total[f]! += n
  }

  /** Raises field `f` to at least `n` (for peaks). */
  max(f: number, n: number) {
    if (this.epoch !== this.tb.epoch) this.roll()
    if (n > this.cur[f]!) this.cur[f] = n
    if (n > this.total[f]!) this.total[f] = n
  }

  /** Records one latency in milliseconds (same bucket as hdr's recordValue, without its float math). */
  observe(ms: number) {
    if (this.epoch !== this.tb.epoch) this.roll()
    recordLatency(this.hist!, ms)
  }

  /** Closes the live slot into the rings (lazily, on the first write or read of a new slot). */
  roll() {
    const e = this.epoch
    let active = false
    for (let i = 0; i < this.cur.length; i++) if (this.cur[i] !== 0) active = true
    const sparse = this.hist ? extract(this.hist) : null
    if (active || sparse) {
      const v = Float64Array.from(this.cur)
      this.fine[e % FINE_SLOTS] = { epoch: e, v, sparse }
      const ce = Math.floor(e / COARSE_FACTOR)
      let c = this.coarse[ce % COARSE_SLOTS]
      if (!c || c.epoch !== ce) {
        c = { epoch: ce, v: new Float64Array(this.cur.length), sparse: null }
        this.coarse[ce % COARSE_SLOTS] = c
      }
      this.fold(c.v, v)
      if (sparse) c.sparse = c.sparse ? mergeSparse(c.sparse, sparse) : sparse
      this.cur.fill(0)
      this.hist?.reset()
    }
    this.epoch = this.tb.epoch
  }

  private fold(into: Float64Array, from: Float64Array) {
    for (let i = 0; i < into.length; i++) {
      if (this.combine[i] === 'max') {
        if (from[i]! > into[i]!) into[i] = from[i]!
      } else into[i]! += from[i]!
    }
  }

  /**
   * Merges the window of `windowMs` ending now: the live slot plus the closed slots it spans (so a 1 min window
   * covers 60-70 s; rates divide by the time actually covered). `offset` 1 gives the window before it, for
   * trends. Windows up to 5 min use 10 s slots; longer ones use 5 min blocks (offset 0 only).
   */
  window(windowMs: number, offset = 0): Aggregate {
    this.tb.sync()
    if (this.epoch !== this.tb.epoch) this.roll()
    const tb = this.tb
    const now = tb.clock()
    const v = new Float64Array(this.cur.length)
    const h = this.hist ? tb.scratch() : null
    const fineSpan = (FINE_SLOTS / 2) * tb.intervalMs
    const intoWindow = now - tb.epoch * tb.intervalMs
    let durationMs: number
    if (windowMs <= fineSpan) {
      // Current window: the live slot plus the last n closed ones; offset k: the n closed slots k windows back.
      const n = Math.max(1, Math.round(windowMs / tb.intervalMs))
      const hi = tb.epoch - 1 - offset * n
      const lo = hi - n + 1
      if (offset === 0) {
        this.fold(v, this.cur)
        if (h && this.hist) h.add(this.hist)
      }
      for (let e = lo; e <= hi; e++) {
        const f = this.fine[((e % FINE_SLOTS) + FINE_SLOTS) % FINE_SLOTS]
        if (f && f.epoch === e) {
          this.fold(v, f.v)
          if (h) addSparse(h, f.sparse)
        }
      }
      const windowEnd = offset === 0 ? now : (hi + 1) * tb.intervalMs
      durationMs = offset === 0 ? n * tb.intervalMs + intoWindow : n * tb.intervalMs
      const windowStart = windowEnd - durationMs
      if (windowStart < tb.startMs) durationMs -= tb.startMs - windowStart
    } else {
      const blockMs = COARSE_FACTOR * tb.intervalMs
      const n = Math.max(1, Math.round(windowMs / blockMs))
      const curBlock = Math.floor(tb.epoch / COARSE_FACTOR)
      for (let b = curBlock - n + 1; b <= curBlock; b++) {
        const c = this.coarse[((b % COARSE_SLOTS) + COARSE_SLOTS) % COARSE_SLOTS]
        if (c && c.epoch === b) {
          this.fold(v, c.v)
          if (h) addSparse(h, c.sparse)
        }
      }
      this.fold(v, this.cur)
      if (h && this.hist) h.add(this.hist)
      durationMs = (n - 1) * blockMs + (now - curBlock * blockMs)
      durationMs = Math.min(durationMs, now - tb.startMs)
    }
    return { v, hist: h, durationMs: Math.max(durationMs, 1) }
  }

  /** Approximate bytes held (rings plus the live histogram), for the memory benchmark and /resources. */
  footprint(): number {
    let bytes = (this.hist?.estimatedFootprintInBytes ?? 0) + 16 * this.cur.length + 64
    for (const f of [...this.fine, ...this.coarse]) {
      if (!f) continue
      bytes +=
        48 + f.v.byteLength + (f.sparse ? f.sparse.idx.byteLength + f.sparse.counts.byteLength + 32 : 0)
    }
    return bytes
  }
}
