import { searchParams } from '@supernova/core'
import { readOhlcvFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { createWorkerPool } from './optimize-pool.ts'

const bars = readOhlcvFixture('backtrader', 'orcl-1995-2014.txt')
const exec = { fill: 'close' as const, sizing: { percent: 100 }, commission: { percent: 0.1 } }

describe('optimisation worker pool', () => {
  it('worker threads give the same scores as the local evaluator', async () => {
    const pool = createWorkerPool({ size: 2 })
    try {
      const spec = {
        strategy: 'ma_cross',
        method: 'grid' as const,
        space: { fast: { min: 5, max: 25, step: 5 }, slow: { min: 30, max: 120, step: 30 } },
        execution: exec,
      }
      const local = await searchParams(bars, spec)
      const par = await searchParams(bars, spec, { evaluate: pool.evaluate })
      expect(par.trials).toEqual(local.trials)
    } finally {
      await pool.close()
    }
  })
})
