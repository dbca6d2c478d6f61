import { describe, expect, it } from 'vitest'
import { LatencyHistogram } from './latency.ts'

describe('LatencyHistogram', () => {
  it('reports count, mean, max and percentiles within 1 %', () => {
    const h = new LatencyHistogram()
    expect(h.snapshot()).toEqual({ count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 })
    for (let i = 1; i <= 1000; i++) h.record(i / 10) // 0.1 .. 100 ms
    const s = h.snapshot()
    expect(s.count).toBe(1000)
    expect(s.meanMs).toBeCloseTo(50.05, 6)
    expect(s.maxMs).toBe(100)
    expect(Math.abs(s.p50Ms - 50) / 50).toBeLessThan(0.01)
    expect(Math.abs(s.p95Ms - 95) / 95).toBeLessThan(0.01)
    expect(Math.abs(s.p99Ms - 99) / 99).toBeLessThan(0.01)
    expect(Math.abs(h.quantile(0.9) - 90) / 90).toBeLessThan(0.01)
  })

  it('never reports a percentile above the largest value seen', () => {
    const h = new LatencyHistogram()
    h.record(0.0004)
    h.record(3.21)
    expect(h.snapshot().p99Ms).toBeLessThanOrEqual(3.21)
    expect(h.quantile(1)).toBeLessThanOrEqual(3.21)
  })
})
