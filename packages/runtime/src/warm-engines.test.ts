import { knownDays } from '@supernova/core'
import { describe, expect, it } from 'vitest'
import { fullSizeSeries, settleEngines, warmEngines } from './warm-engines.ts'

describe('warmEngines', () => {
  it('runs the engines on ten twelve-year synthetic histories that carry their day numbers', () => {
    const series = fullSizeSeries()
    expect(series).toHaveLength(10)
    for (const s of series) {
      expect(s.dates.length).toBeGreaterThan(3_000)
      expect(knownDays(s.dates)).toHaveLength(s.dates.length)
    }
    expect(warmEngines(series, 1)).toBeGreaterThan(0)
  })

  it('settles: an engine round after each pause, so code compiled meanwhile is installed by a call', async () => {
    const series = fullSizeSeries()
    const s = await settleEngines(series, 2, 1)
    expect(s.rounds).toBe(2)
    expect(s.ms).toBeGreaterThan(0)
  })
})
