import { describe, expect, it } from 'vitest'
import { Registry } from './registry.ts'
import { Series, summarize, Timebase } from './windows.ts'

/** Deterministic PRNG so the "known distribution" is the same on every run. */
function mulberry32(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function exact(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function fakeClock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t, advance: (ms: number) => (c.t += ms) }
  return c
}

describe('latency percentiles', () => {
  it('match a uniform distribution within the histogram precision (1%)', () => {
    const clock = fakeClock()
    const s = new Series(new Timebase(clock.now), ['sum'], true)
    for (let i = 1; i <= 100_000; i++) s.observe(i / 100) // 0.01 .. 1000 ms, uniform
    const w = summarize(s.window(60_000).hist)
    expect(w.count).toBe(100_000)
    for (const [p, got] of [
      [50, w.p50],
      [95, w.p95],
      [99, w.p99],
      [99.9, w.p999],
    ] as const) {
      expect(Math.abs(got - p * 10) / (p * 10)).toBeLessThan(0.01)
    }
    expect(w.mean).toBeCloseTo(500, 0)
  })

  it('match an exponential (long-tailed) distribution against exact sorted percentiles', () => {
    const clock = fakeClock()
    const s = new Series(new Timebase(clock.now), ['sum'], true)
    const rnd = mulberry32(42)
    const xs: number[] = []
    for (let i = 0; i < 50_000; i++) {
      const v = -Math.log(1 - rnd()) * 20 // mean 20 ms
      xs.push(v)
      s.observe(v)
    }
    xs.sort((a, b) => a - b)
    const w = summarize(s.window(60_000).hist)
    for (const [p, got] of [
      [50, w.p50],
      [95, w.p95],
      [99, w.p99],
      [99.9, w.p999],
    ] as const) {
      const want = exact(xs, p)
      expect(Math.abs(got - want) / want).toBeLessThan(0.01)
    }
  })

  it('report a constant latency exactly (to the microsecond bucket)', () => {
    const s = new Series(new Timebase(fakeClock().now), ['sum'], true)
    for (let i = 0; i < 1000; i++) s.observe(0.25)
    const w = summarize(s.window(60_000).hist)
    expect(w.p50).toBe(0.25)
    expect(w.p999).toBe(0.25)
  })

  it('stay exact after slots are folded into the 10 s ring and the 5 min blocks', () => {
    const clock = fakeClock(0)
    const tb = new Timebase(clock.now)
    const s = new Series(tb, ['sum'], true)
    const xs: number[] = []
    const rnd = mulberry32(7)
    for (let slot = 0; slot < 40; slot++) {
      for (let i = 0; i < 500; i++) {
        const v = 1 + rnd() * 99
        xs.push(v)
        s.observe(v)
      }
      clock.advance(10_000)
      tb.sync()
    }
    xs.sort((a, b) => a - b)
    const hour = summarize(s.window(3_600_000).hist)
    expect(hour.count).toBe(20_000)
    expect(Math.abs(hour.p99 - exact(xs, 99)) / exact(xs, 99)).toBeLessThan(0.01)
  })
})

describe('rolling windows', () => {
  it('roll over: a value leaves the 1 min window, then the 5 min one, then the hour', () => {
    const clock = fakeClock(0)
    const reg = new Registry({ clock: clock.now })
    const c = reg.counter({ name: 'things_total', help: 'h' }).child()
    clock.advance(5_000)
    c.inc(3)
    const totals = () => ({
      m1: c.window(60_000).total,
      m5: c.window(300_000).total,
      h1: c.window(3_600_000).total,
    })
    expect(totals()).toEqual({ m1: 3, m5: 3, h1: 3 })
    clock.advance(70_000)
    reg.tick()
    expect(totals()).toEqual({ m1: 0, m5: 3, h1: 3 })
    clock.advance(300_000)
    reg.tick()
    expect(totals()).toEqual({ m1: 0, m5: 0, h1: 3 })
    clock.advance(3_600_000)
    reg.tick()
    expect(totals()).toEqual({ m1: 0, m5: 0, h1: 0 })
    expect(c.value).toBe(3)
  })

  it('compute rates over the time actually covered, and the previous window with offset 1', () => {
    const clock = fakeClock(0)
    const reg = new Registry({ clock: clock.now })
    const c = reg.counter({ name: 'req_total', help: 'h' }).child()
    // 10 per second for 60 s, then 20 per second for 60 s
    for (let s = 0; s < 120; s++) {
      c.inc(s < 60 ? 10 : 20)
      clock.advance(1000)
      if (clock.t % 10_000 === 0) reg.tick() // what the monitor's timer does at each slot boundary
    }
    reg.tick()
    const now = c.window(60_000)
    const before = c.window(60_000, 1)
    expect(now.total).toBe(1200)
    expect(before.total).toBe(600)
    expect(before.rate).toBeCloseTo(10, 5)
    expect(now.rate).toBeCloseTo(20, 5)
  })

  it('does not count time before the registry started', () => {
    const clock = fakeClock(0)
    const reg = new Registry({ clock: clock.now })
    const c = reg.counter({ name: 'x_total', help: 'h' }).child()
    clock.advance(10_000)
    c.inc(50)
    expect(c.window(300_000).rate).toBeCloseTo(5, 5)
  })

  it('gauges report the average and peak of their samples', () => {
    const clock = fakeClock(0)
    const reg = new Registry({ clock: clock.now })
    const g = reg.gauge({ name: 'level', help: 'h' }).child()
    for (const v of [1, 5, 3]) {
      g.set(v)
      reg.tick()
      clock.advance(10_000)
    }
    const w = g.window(60_000)
    expect(w.avg).toBe(3)
    expect(w.max).toBe(5)
    expect(w.samples).toBe(3)
  })

  it('bounds label cardinality with an overflow series', () => {
    const reg = new Registry({ clock: fakeClock().now })
    const c = reg.counter({ name: 'by_user_total', help: 'h', labelNames: ['user'], maxSeries: 3 })
    for (let i = 0; i < 10; i++) c.inc({ user: `u${i}` })
    const entries = c.entries()
    expect(entries).toHaveLength(4)
    expect(entries.find((e) => e.labels.user === '__overflow__')?.child.value).toBe(7)
  })
})

describe('integer bucket index', () => {
  it('agrees with HdrHistogram for every magnitude we record', async () => {
    const { countsIndex, indexValue } = await import('./windows.ts')
    const h = new Timebase(() => 0).newHistogram()
    const mag = h.subBucketHalfCountMagnitude
    const values = [0, 1, 2, 127, 128, 255, 256, 257, 1000, 4095, 4096, 99_999, 1_234_567, 600_000_000]
    for (let v = 1; v < 600_000_000; v = Math.ceil(v * 1.37) + 1) values.push(v, v + 1, v - 1)
    for (const v of values) {
      expect(countsIndex(v, mag)).toBe(h.countsArrayIndex(v))
      expect(indexValue(countsIndex(v, mag), mag)).toBe(h.lowestEquivalentValue(v))
    }
  })
})

describe('one-pass summary', () => {
  it('gives the same percentiles as HdrHistogram itself', () => {
    const tb = new Timebase(() => 0)
    const s = new Series(tb, ['sum'], true)
    const rnd = mulberry32(3)
    for (let i = 0; i < 20_000; i++) s.observe(-Math.log(1 - rnd()) * 30)
    const h = s.window(60_000).hist!
    const w = summarize(h)
    expect(w.p50).toBe(Math.round(h.getValueAtPercentile(50)) / 1000)
    expect(w.p99).toBe(Math.round(h.getValueAtPercentile(99)) / 1000)
    expect(w.p999).toBe(Math.round(h.getValueAtPercentile(99.9)) / 1000)
    expect(w.max).toBe(Math.round(h.getValueAtPercentile(100)) / 1000)
    expect(Math.abs(w.mean - h.mean / 1000)).toBeLessThan(0.001)
  })
})
