import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readPriceTableFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { ledoitWolf, type Matrix, sampleCorr, sampleCorrOf, sampleCov } from './estimates.ts'
import { clusterOrder, covToCorr, hrp, type Linkage, linkageMatrix } from './hrp.ts'
import { optimizePortfolio } from './run.ts'

const here = dirname(fileURLToPath(import.meta.url))
const table = readPriceTableFixture('pypfopt', 'stock_prices.csv')
/** PyPortfolioOpt's HRPOpt on these prices, written by scripts/hrp-reference.py (see its header to regenerate). */
const reference = JSON.parse(readFileSync(join(here, 'hrp-reference.json'), 'utf8')) as {
  ties: [string, string][]
  results: {
    case: 'stock_prices' | 'ties'
    linkage: Linkage
    weights: Record<string, number>
    order: number[]
    linkageMatrix: number[][]
    riskFreeRate: number
    performance: { expectedReturn: number; volatility: number; sharpe: number }
  }[]
}
const column = (t: string) => table.series[table.tickers.indexOf(t)]!
const cases = {
  stock_prices: { tickers: table.tickers, prices: table.series },
  // Exact copies of series: merge distances tie, so the leaf order rests on scipy's tie-breaking.
  ties: {
    tickers: reference.ties.map(([name]) => name),
    prices: reference.ties.map(([, src]) => column(src)),
  },
}
const sum = (w: ArrayLike<number>) => Array.from(w).reduce((a, b) => a + b, 0)

describe('HRP parity with PyPortfolioOpt HRPOpt', () => {
  it.each(reference.results.map((r) => [r.case, r.linkage, r] as const))(
    '%s, %s linkage',
    (name, linkage, ref) => {
      const { tickers, prices } = cases[name]
      const corr = sampleCorr(prices)
      expect(clusterOrder(corr, linkage)).toEqual(ref.order)
      const z = linkageMatrix(corr, linkage)
      ref.linkageMatrix.forEach((row, k) => {
        expect([z[k * 4], z[k * 4 + 1], z[k * 4 + 3]]).toEqual([row[0], row[1], row[3]])
        expect(Math.abs(z[k * 4 + 2]! - row[2]!)).toBeLessThan(1e-12)
      })
      const r = optimizePortfolio({
        tickers,
        prices,
        objective: 'hrp',
        linkage,
        compounding: false,
        riskFreeRate: ref.riskFreeRate,
      })
      expect(Object.keys(r.weights)).toEqual(tickers)
      for (const t of tickers) expect(Math.abs(r.weights[t]! - ref.weights[t]!)).toBeLessThan(1e-10)
      expect(Math.abs(r.performance.expectedReturn - ref.performance.expectedReturn)).toBeLessThan(1e-12)
      expect(Math.abs(r.performance.volatility - ref.performance.volatility)).toBeLessThan(1e-12)
      expect(Math.abs(r.performance.sharpe - ref.performance.sharpe)).toBeLessThan(1e-11)
    },
  )

  it("reproduces the numbers published in PyPortfolioOpt's tests/test_hrp.py (single linkage, risk-free 0.02)", () => {
    const corr = sampleCorr(table.series)
    expect(clusterOrder(corr, 'single').slice(0, 5)).toEqual([12, 6, 15, 14, 2])
    const r = optimizePortfolio({
      tickers: table.tickers,
      prices: table.series,
      objective: 'hrp',
      compounding: false,
    })
    expect(r.performance.expectedReturn).toBeCloseTo(0.21353402380950973, 12)
    expect(r.performance.volatility).toBeCloseTo(0.17844159743748936, 12)
    expect(r.performance.sharpe).toBeCloseTo(1.084579081272277, 11)
  })

  it('clusters on pairwise correlations, not on those implied by the pairwise covariance', () => {
    const pairwise = sampleCorr(table.series)
    const implied = covToCorr(sampleCov(table.series))
    let gap = 0
    for (let i = 0; i < pairwise.data.length; i++)
      gap = Math.max(gap, Math.abs(pairwise.data[i]! - implied.data[i]!))
    // Series start on different dates, so each pair's standard deviations differ from the full-series ones ...
    expect(gap).toBeGreaterThan(0.1)
    // ... and agree where every series is complete (from BABA's first return on).
    const from = table.series[table.tickers.indexOf('BABA')]!.findIndex((v) => !Number.isNaN(v))
    const complete = table.series.map((s) => s.slice(from))
    const a = sampleCorr(complete)
    const b = covToCorr(sampleCov(complete))
    for (let i = 0; i < a.data.length; i++) expect(Math.abs(a.data[i]! - b.data[i]!)).toBeLessThan(1e-12)
  })

  it('sampleCorrOf: from the covariance when every series starts together, pairwise otherwise', () => {
    // different starts: exactly the pairwise figures
    expect(sampleCorrOf(table.series, sampleCov(table.series))).toEqual(sampleCorr(table.series))
    const from = table.series[table.tickers.indexOf('BABA')]!.findIndex((v) => !Number.isNaN(v))
    const complete = table.series.map((s) => s.slice(from))
    const pairwise = sampleCorr(complete)
    const derived = sampleCorrOf(complete, sampleCov(complete))
    const n = complete.length
    let gap = 0
    for (let i = 0; i < n * n; i++) gap = Math.max(gap, Math.abs(pairwise.data[i]! - derived.data[i]!))
    expect(gap).toBeGreaterThan(0) // not the pairwise pass (which a same-start universe no longer runs) ...
    expect(gap).toBeLessThan(1e-14) // ... and the same figures to rounding
    for (let i = 0; i < n; i++) expect(derived.data[i * n + i]).toBe(1)
    expect(clusterOrder(derived, 'single')).toEqual(clusterOrder(pairwise, 'single'))
  })
})

describe('hierarchical risk parity', () => {
  it('splits two uncorrelated blocks by inverse variance', () => {
    // Two perfectly correlated pairs, uncorrelated with each other; pair B has four times the variance.
    const m: Matrix = {
      n: 4,
      data: Float64Array.from([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 4, 4, 0, 0, 4, 4]),
    }
    const order = clusterOrder(covToCorr(m), 'single')
    expect(new Set([order[0], order[1]])).toEqual(new Set([0, 1]))
    const w = hrp(m)
    expect(w[0]! + w[1]!).toBeCloseTo(0.8, 12)
    expect(w[2]! + w[3]!).toBeCloseTo(0.2, 12)
    for (const linkage of ['complete', 'average', 'ward'] as const)
      expect(sum(hrp(m, { linkage }))).toBeCloseTo(1, 12)
  })

  it('gives one asset all the weight', () => {
    expect(Array.from(hrp({ n: 1, data: Float64Array.from([0.04]) }))).toEqual([1])
  })
})

describe('HRP on degenerate series', () => {
  const flat = new Float64Array(table.dates.length).fill(10)
  const tickers = ['AAPL', 'FLAT', 'XOM']
  const prices = [column('AAPL'), flat, column('XOM')]

  it('rejects a constant series by name, for every linkage', () => {
    for (const linkage of ['single', 'complete', 'average', 'ward'] as const)
      expect(() => optimizePortfolio({ tickers, prices, objective: 'hrp', linkage })).toThrow(
        /series FLAT has zero variance \(constant prices\)/,
      )
    expect(() => hrp(sampleCov(prices), { corr: sampleCorr(prices) })).toThrow(/asset 1 has zero variance/)
  })

  it('rejects a series that is constant where another exists', () => {
    // LATE moves only on the last rows, where EARLY has gone flat: their correlation is undefined (NaN in pandas).
    const t = 40
    const early = Float64Array.from({ length: t }, (_, i) => (i < 20 ? 100 + ((i * 7) % 5) : 100))
    const late = Float64Array.from({ length: t }, (_, i) => (i < 20 ? Number.NaN : 50 + ((i * 3) % 4)))
    const other = Float64Array.from({ length: t }, (_, i) => 20 + ((i * 5) % 3))
    expect(() =>
      optimizePortfolio({
        tickers: ['EARLY', 'LATE', 'OTHER'],
        prices: [early, late, other],
        objective: 'hrp',
      }),
    ).toThrow(/correlation of EARLY and LATE is undefined/)
  })

  it('answers with a shrunk covariance, which gives the constant series a positive variance', () => {
    const r = optimizePortfolio({ tickers, prices, objective: 'hrp', riskModel: 'ledoit_wolf' })
    const w = Object.values(r.weights)
    expect(sum(w)).toBeCloseTo(1, 12)
    for (const x of w) expect(Number.isFinite(x) && x > 0).toBe(true)
    expect(ledoitWolf(prices).data[4]).toBeGreaterThan(0)
  })
})
