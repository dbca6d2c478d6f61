import { knownDays } from '@supernova/core'
import { describe, expect, it } from 'vitest'
import { fullSizeSeries, warmEngines } from './warm-engines.ts'

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
})
