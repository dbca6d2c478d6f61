import { readPriceTableFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { figuresFromInputs, portfolioFigureInputs } from './figures.ts'
import { optimizePortfolio, PORTFOLIO_OBJECTIVES } from './run.ts'

const t = readPriceTableFixture('pypfopt', 'stock_prices.csv')

describe('optimizePortfolio', () => {
  it('reproduces the PyPortfolioOpt max Sharpe performance through the request path', () => {
    const r = optimizePortfolio({ tickers: t.tickers, prices: t.series, objective: 'max_sharpe' })
    expect(r.performance.sharpe).toBeCloseTo(1.2847714127003216, 9)
    expect(Object.keys(r.weights)).toEqual(t.tickers)
  })

  it('runs every objective with both risk models', () => {
    for (const objective of PORTFOLIO_OBJECTIVES) {
      for (const riskModel of ['sample', 'ledoit_wolf'] as const) {
        const r = optimizePortfolio({
          tickers: t.tickers,
          prices: t.series,
          objective,
          riskModel,
          targetReturn: 0.2,
          targetVolatility: 0.2,
        })
        const s = Object.values(r.weights).reduce((a, b) => a + b, 0)
        expect(s).toBeCloseTo(1, 9)
      }
    }
  })

  it('keeps figure inputs instead of figures when asked, and solves the same figures from their JSON', () => {
    for (const riskModel of ['sample', 'ledoit_wolf'] as const) {
      const req = { tickers: t.tickers, prices: t.series, objective: 'max_sharpe' as const, riskModel }
      const eager = optimizePortfolio({ ...req, figures: true })
      const lazy = optimizePortfolio({ ...req, figures: 'inputs', bounds: undefined })
      expect(lazy.figures).toBeUndefined()
      expect(lazy.weights).toEqual(eager.weights)
      const stored = JSON.parse(JSON.stringify(lazy.figureInputs))
      expect(figuresFromInputs(stored)).toEqual(eager.figures)
    }
  })

  it("computes the figure inputs' correlation only when they are serialised (after the answer), once", () => {
    let calls = 0
    const n = 3
    const inputs = portfolioFigureInputs({
      tickers: ['A', 'B', 'C'],
      mu: [0.1, 0.2, 0.3],
      cov: { n, data: Float64Array.from({ length: n * n }, (_, i) => (i % 4 === 0 ? 0.04 : 0.01)) },
      corr: () => {
        calls++
        return { n, data: Float64Array.from({ length: n * n }, (_, i) => (i % 4 === 0 ? 1 : 0.25)) }
      },
      riskFreeRate: 0.02,
    })
    expect(calls).toBe(0)
    const text = JSON.stringify(inputs)
    expect(JSON.parse(text).corr).toEqual([1, 0.25, 0.25, 0.25, 1, 0.25, 0.25, 0.25, 1])
    expect(JSON.stringify(inputs)).toBe(text)
    expect(calls).toBe(1)
  })

  it('explains impossible requests', () => {
    expect(() => optimizePortfolio({ tickers: [], prices: [], objective: 'hrp' })).toThrow(/empty universe/)
    const bad = t.series.map((s) => Float64Array.from(s))
    bad[1]![100] = Number.NaN
    expect(() => optimizePortfolio({ tickers: t.tickers, prices: bad, objective: 'min_volatility' })).toThrow(
      /AAPL has a missing or NaN price/,
    )
    expect(() =>
      optimizePortfolio({
        tickers: t.tickers,
        prices: t.series,
        objective: 'efficient_return',
        targetReturn: 3,
      }),
    ).toThrow(/above the maximum attainable/)
    expect(() =>
      optimizePortfolio({ tickers: t.tickers, prices: t.series, objective: 'efficient_risk' }),
    ).toThrow(/needs targetVolatility/)
  })

  it('names a constant series for every objective, and shrinkage answers with it', () => {
    const flat = new Float64Array(t.dates.length).fill(10)
    const req = {
      tickers: ['AAPL', 'FLAT'],
      prices: [t.series[1]!, flat],
      targetReturn: 0.1,
      targetVolatility: 0.1,
    }
    for (const objective of PORTFOLIO_OBJECTIVES) {
      expect(() => optimizePortfolio({ ...req, objective })).toThrow(/series FLAT has zero variance/)
      const r = optimizePortfolio({ ...req, objective, riskModel: 'ledoit_wolf' })
      for (const w of Object.values(r.weights)) expect(Number.isFinite(w)).toBe(true)
    }
  })
})
