import { readPriceTableFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { applyBounds, riskContributions, riskParity } from './allocation.ts'
import { portfolioAnalytics } from './analytics.ts'
import { sampleCov } from './estimates.ts'

const table = readPriceTableFixture('pypfopt', 'stock_prices.csv')
const cov = sampleCov(table.series)
const sum = (w: ArrayLike<number>) => Array.from(w).reduce((a, b) => a + b, 0)

describe('risk parity', () => {
  it('gives every asset the same risk contribution', () => {
    const w = riskParity(cov)
    expect(sum(w)).toBeCloseTo(1, 12)
    for (const c of riskContributions(w, cov)) expect(c).toBeCloseTo(1 / 20, 8)
  })
})

describe('weight bounds', () => {
  it('are applied by clipping and redistributing', () => {
    const raw = riskParity(cov)
    expect(Math.min(...raw)).toBeLessThan(0.045)
    expect(Math.max(...raw)).toBeGreaterThan(0.055)
    const w = applyBounds(raw, [0.045, 0.055])
    expect(sum(w)).toBeCloseTo(1, 12)
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0.045 - 1e-12)
    expect(Math.max(...w)).toBeLessThanOrEqual(0.055 + 1e-12)
    expect(() => applyBounds(w, [0, 0.01])).toThrow(/infeasible/)
  })
})

describe('portfolio analytics', () => {
  it('computes VaR below CVaR and a drawdown in (0, 1)', () => {
    const w = new Float64Array(20).fill(1 / 20)
    const a = portfolioAnalytics(table.series, w)
    expect(a.valueAtRisk).toBeGreaterThan(0)
    expect(a.conditionalValueAtRisk).toBeGreaterThan(a.valueAtRisk)
    expect(a.maxDrawdown).toBeGreaterThan(0)
    expect(a.maxDrawdown).toBeLessThan(1)
    // Only rows where all 20 series exist (BABA listed last) count.
    expect(a.periods).toBeLessThan(1000)
  })

  it('matches a hand computation on a tiny series', () => {
    const p = [Float64Array.from([100, 110, 99, 99])]
    const a = portfolioAnalytics(p, [1], { confidence: 0.5, riskFreeRate: 0 })
    // returns 0.1, -0.1, 0; the worst floor(0.5*3)=1 return is -0.1
    expect(a.valueAtRisk).toBeCloseTo(0.1, 12)
    expect(a.conditionalValueAtRisk).toBeCloseTo(0.1, 12)
    expect(a.maxDrawdown).toBeCloseTo(0.1, 12)
    expect(a.annualReturn).toBeCloseTo(0.99 ** (252 / 3) - 1, 12)
  })
})
