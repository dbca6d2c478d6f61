import { backtestStrategy } from '@supernova/core'
import { readOhlcvFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { maCrossSweep } from './ma-cross-sweep.ts'

const bars = readOhlcvFixture('backtrader', 'nvda-1999-2014.txt')

describe('SMA crossover sweep kernel', () => {
  const executions = [
    { fill: 'close' as const, commission: { percent: 0.1 } },
    { fill: 'next_open' as const, commission: { percent: 0.05, fixed: 1 }, slippageBps: 5 },
  ]
  for (const execution of executions) {
    it(`matches runBacktest exactly for every pair (fill ${execution.fill})`, () => {
      const windows = [2, 3, 5, 8, 13, 21, 34, 55, 89]
      const rows = maCrossSweep(bars, windows, { execution, percent: 100 })
      expect(rows).toHaveLength((9 * 8) / 2)
      for (const row of rows) {
        const ref = backtestStrategy(
          bars,
          'ma_cross',
          { fast: row.fast, slow: row.slow },
          {
            execution: { ...execution, sizing: { percent: 100 } },
          },
        )
        expect(row.metrics).toEqual(ref.metrics)
      }
    })
  }

  it('applies a risk-free rate to every period like the engine does', () => {
    const rows = maCrossSweep(bars, [5, 20, 60], { execution: { fill: 'close' }, riskFreeRate: 0.03 })
    for (const row of rows) {
      const ref = backtestStrategy(
        bars,
        'ma_cross',
        { fast: row.fast, slow: row.slow },
        {
          execution: { fill: 'close', sizing: { percent: 100 } },
          riskFreeRate: 0.03,
        },
      )
      expect(row.metrics.sharpe!).toBeCloseTo(ref.metrics.sharpe!, 9)
      expect(row.metrics.sortino!).toBeCloseTo(ref.metrics.sortino!, 9)
      expect(row.metrics.finalValue).toBe(ref.metrics.finalValue)
    }
  })

  it('covers the 4,851 pairs of windows 2..100', () => {
    const w = Array.from({ length: 99 }, (_, i) => i + 2)
    const rows = maCrossSweep(bars, w, { execution: { fill: 'close', commission: { percent: 0.1 } } })
    expect(rows).toHaveLength(4851)
    expect(rows.every((r) => Number.isFinite(r.metrics.totalReturn))).toBe(true)
  })

  it('rejects windows longer than the data', () => {
    expect(() => maCrossSweep(bars, [2, 10_000])).toThrow(/windows must be within/)
  })
})
