import { describe, expect, it } from 'vitest'
import { basketCost, COST_LIMITS, place } from './cost.ts'

describe('cost model', () => {
  it('prices a basket near its measured work: 20 twelve-year histories inline, the 50-symbol universe on a worker', () => {
    // at 2e-3 ms a member-bar, 7 x 3,130 bars was priced at 44 ms (a worker thread) against a few ms of work; at
    // 4e-4, 20 x 3,130 went to a worker whose transfer cost more than the 1-2 ms of work
    expect(place(basketCost(7, 3_130), { task: false })).toBe('inline')
    expect(place(basketCost(20, 3_130), { task: false })).toBe('inline')
    expect(basketCost(50, 3_130).ms).toBeGreaterThan(COST_LIMITS.inlineMs)
    expect(basketCost(50, 3_130).ms).toBeLessThan(40)
    expect(place(basketCost(50, 3_130), { task: false })).toBe('worker')
  })
})
