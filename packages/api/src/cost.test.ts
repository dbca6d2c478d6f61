import { describe, expect, it } from 'vitest'
import { basketCost, COST_LIMITS, place } from './cost.ts'

describe('cost model', () => {
  it('runs a basket of 20 twelve-year histories inline, and one several times larger on a worker', () => {
    // 20 x 3,130 bars was priced at 125 ms (a worker thread) against about 10 ms of measured work
    expect(place(basketCost(20, 3_130), { task: false })).toBe('inline')
    expect(basketCost(20, 3_130).ms).toBeLessThanOrEqual(COST_LIMITS.inlineMs)
    expect(place(basketCost(100, 3_130), { task: false })).toBe('worker')
  })
})
