import { readOhlcvFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { evaluateWindow, scoreParams, searchParams, walkForward } from './param-search.ts'

const bars = readOhlcvFixture('backtrader', 'orcl-1995-2014.txt')
const exec = { fill: 'close' as const, sizing: { percent: 100 }, commission: { percent: 0.1 } }

describe('parameter search', () => {
  it('grid search evaluates every point and returns the true best', async () => {
    const spec = {
      strategy: 'ma_cross',
      method: 'grid' as const,
      space: { fast: { min: 5, max: 20, step: 5 }, slow: { min: 30, max: 90, step: 30 } },
      objective: 'sharpe' as const,
      execution: exec,
    }
    const progress: number[] = []
    const r = await searchParams(bars, spec, { onProgress: (d) => progress.push(d), batchSize: 5 })
    expect(r.evaluated).toBe(12)
    expect(progress.at(-1)).toBe(12)
    expect(progress.length).toBeGreaterThan(1)
    const bestScore = Math.max(...r.trials.map((t) => t.score ?? Number.NEGATIVE_INFINITY))
    expect(r.best!.score).toBe(bestScore)
    expect(scoreParams(bars, spec, r.best!.params)).toBe(bestScore)
    expect(r.best!.metrics.sharpe).toBe(bestScore)
  })

  it('random search is reproducible by seed and stays in range', async () => {
    const spec = {
      strategy: 'rsi_reversion',
      method: 'random' as const,
      trials: 30,
      seed: 7,
      space: { period: { min: 5, max: 30 }, lower: { min: 20, max: 40 } },
      execution: exec,
    }
    const a = await searchParams(bars, spec)
    const b = await searchParams(bars, spec)
    expect(a.trials.map((t) => t.params)).toEqual(b.trials.map((t) => t.params))
    for (const t of a.trials) {
      expect(t.params.period).toBeGreaterThanOrEqual(5)
      expect(t.params.period).toBeLessThanOrEqual(30)
      expect(Number.isInteger(t.params.period)).toBe(true)
      expect(t.params.upper).toBe(70)
    }
  })

  it('TPE concentrates later trials near good regions and beats its own random start', async () => {
    const spec = {
      strategy: 'sma_cross',
      method: 'tpe' as const,
      trials: 60,
      seed: 3,
      objective: 'total_return' as const,
      space: { period: { min: 2, max: 250 } },
      execution: exec,
    }
    const r = await searchParams(bars, spec)
    expect(r.evaluated).toBe(60)
    const startBest = Math.max(...r.trials.slice(0, 10).map((t) => t.score ?? Number.NEGATIVE_INFINITY))
    expect(r.best!.score!).toBeGreaterThanOrEqual(startBest)
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs)
    const late = r.trials.slice(40).map((t) => t.params.period!)
    const early = r.trials.slice(0, 10).map((t) => t.params.period!)
    expect(spread(late)).toBeLessThanOrEqual(spread(early))
  })

  it('rejects oversized grids and bad ranges', async () => {
    await expect(
      searchParams(bars, {
        strategy: 'ma_cross',
        space: { fast: { min: 2, max: 200 }, slow: { min: 3, max: 400 } },
        maxTrials: 1000,
      }),
    ).rejects.toThrow(/limit is 1000/)
    await expect(
      searchParams(bars, { strategy: 'sma_cross', space: { period: { min: 1, max: 5 } } }),
    ).rejects.toThrow(/within \[2, 250\]/)
  })
})

describe('walk-forward', () => {
  it('fits on each training window and scores the following unseen window', async () => {
    const spec = {
      strategy: 'sma_cross',
      method: 'grid' as const,
      space: { period: { min: 10, max: 100, step: 30 } },
      execution: exec,
      folds: 4,
    }
    const r = await walkForward(bars, spec)
    expect(r.folds).toHaveLength(4)
    for (const f of r.folds) {
      expect(f.trainTo < f.testFrom).toBe(true)
      expect(f.params).not.toBeNull()
    }
    expect(r.folds[1]!.trainFrom > r.folds[0]!.testTo).toBe(true)
    expect(r.meanTestScore).not.toBeNull()
    const anchored = await walkForward(bars, { ...spec, mode: 'anchored' })
    expect(anchored.folds[3]!.trainFrom).toBe(bars.dates[0])
  })

  it('evaluates a window with earlier bars only warming up the indicators', () => {
    const m = evaluateWindow(bars, { strategy: 'sma_cross', execution: exec }, { period: 20 }, 1000, 1500)
    expect(Number.isFinite(m.finalValue)).toBe(true)
    expect(m.initialValue).toBe(10_000)
  })
})
