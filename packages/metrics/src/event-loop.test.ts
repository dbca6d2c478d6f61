import { createHistogram } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { delayBeyondTickMs, EVENT_LOOP_RESOLUTION_MS, readEventLoopDelay } from './event-loop.ts'

const ms = (x: number) => Math.round(x * 1e6)

describe('event-loop delay beyond the sampling tick', () => {
  it('subtracts the tick and clamps at 0', () => {
    expect(delayBeyondTickMs(ms(EVENT_LOOP_RESOLUTION_MS + 0.4))).toBeCloseTo(0.4, 6)
    expect(delayBeyondTickMs(ms(EVENT_LOOP_RESOLUTION_MS - 0.3))).toBe(0)
    expect(delayBeyondTickMs(ms(25), 20)).toBe(5)
    expect(delayBeyondTickMs(Number.NaN)).toBe(0)
  })

  it('reads an idle loop (every tick on time) as no delay, and a blocked tick as its lateness', () => {
    const h = createHistogram()
    for (let i = 0; i < 200; i++) h.record(ms(EVENT_LOOP_RESOLUTION_MS + (i % 3) * 0.01))
    expect(readEventLoopDelay(h).p99).toBeLessThan(0.05)
    expect(readEventLoopDelay(h).p50).toBeLessThan(0.05)
    h.record(ms(EVENT_LOOP_RESOLUTION_MS + 60))
    const blocked = readEventLoopDelay(h)
    expect(blocked.max).toBeCloseTo(60, 0)
    expect(blocked.p50).toBeLessThan(0.05)
    expect(blocked.mean).toBeGreaterThan(0.25)
  })

  it('reads an empty window as zeros', () => {
    expect(readEventLoopDelay(createHistogram())).toEqual({ mean: 0, p50: 0, p99: 0, max: 0 })
  })
})
