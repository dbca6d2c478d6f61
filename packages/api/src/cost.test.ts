import { describe, expect, it } from 'vitest'
import { basketCost, COST_LIMITS, place } from './cost.ts'

describe('cost model', () => {
  it('prices a basket near its measured work: 7 twelve-year histories inline, 20 on a worker', () => {
    // at 2e-3 ms a member-bar, 7 x 3,130 bars was priced at 44 ms (a worker thread) against a few ms of work
    expect(place(basketCost(7, 3_130), { task: false })).toBe('inline')
    expect(basketCost(20, 3_130).ms).toBeLessThan(40)
    expect(basketCost(20, 3_130).ms).toBeGreaterThan(COST_LIMITS.inlineMs)
    expect(place(basketCost(20, 3_130), { task: false })).toBe('worker')
  })
})
