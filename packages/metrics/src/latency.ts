import type { JsHistogram } from 'hdr-histogram-js'
import { newLatencyHistogram, recordLatency, summarize } from './windows.ts'

/** Cumulative latency figures in milliseconds. */
export interface LatencySnapshot {
  count: number
  meanMs: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
}

/**
 * A cumulative latency recorder (no time windows) on the registry's HdrHistogram: the one histogram
 * implementation, for components such as the cache's tiers that keep their own running figures.
 */
export class LatencyHistogram {
  count = 0
  sum = 0
  max = 0
  readonly #h: JsHistogram = newLatencyHistogram()

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    this.count++
    this.sum += ms
    if (ms > this.max) this.max = ms
    recordLatency(this.#h, ms)
  }

  /** The q-quantile (0..1) in milliseconds, within the histogram's 1 % precision; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0
    return Math.min(this.max, this.#h.getValueAtPercentile(q * 100) / 1000)
  }

  /** Count, mean, p50/p95/p99 and max so far. */
  snapshot(): LatencySnapshot {
    const s = summarize(this.#h)
    return {
      count: this.count,
      meanMs: this.count ? this.sum / this.count : 0,
      p50Ms: Math.min(this.max, s.p50),
      p95Ms: Math.min(this.max, s.p95),
      p99Ms: Math.min(this.max, s.p99),
      maxMs: this.max,
    }
  }
}
