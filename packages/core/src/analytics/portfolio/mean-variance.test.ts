import { readPriceTableFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { ledoitWolf, meanHistoricalReturn, sampleCov } from './estimates.ts'
import {
  efficientFrontier,
  efficientReturn,
  efficientRisk,
  maxReturn,
  maxSharpe,
  minVolatility,
  portfolioPerformance,
} from './mean-variance.ts'

const table = readPriceTableFixture('pypfopt', 'stock_prices.csv')
const mu = meanHistoricalReturn(table.series)
const muArith = meanHistoricalReturn(table.series, false)
const cov = sampleCov(table.series)

const close = (got: number[], want: number[], tol = 1e-6) => {
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(tol)
}
const perf = (r: { expectedReturn: number; volatility: number; sharpe: number }) => [
  r.expectedReturn,
  r.volatility,
  r.sharpe,
]

describe('PyPortfolioOpt parity on stock_prices.csv (tests/test_efficient_frontier.py)', () => {
  it('reads 20 tickers over 7,126 rows', () => {
    expect(table.tickers).toHaveLength(20)
    expect(table.dates).toHaveLength(7126)
  })

  it('min volatility, long only', () => {
    const r = minVolatility({ mu, cov, riskFreeRate: 0.02 })
    close(perf(r), [0.15056821399482578, 0.15915084514118694, 0.8204054077060996])
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(Math.min(...r.weights)).toBeGreaterThanOrEqual(0)
  })

  it('max Sharpe at risk-free 0.02, long only', () => {
    const r = maxSharpe({ mu, cov, riskFreeRate: 0.02 })
    close(perf(r), [0.3047768672819914, 0.22165566922402932, 1.2847714127003216])
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('also matches the arithmetic-mean versions of the same tests (earlier PyPortfolioOpt releases)', () => {
    close(
      perf(minVolatility({ mu: muArith, cov })),
      [0.17931232481259154, 0.15915084514118694, 1.00101463282373],
    )
    close(
      perf(maxSharpe({ mu: muArith, cov })),
      [0.33035037367760506, 0.21671276571944567, 1.4320816434015786],
    )
  })

  it('min volatility with shorting allowed in [-1, 1] is lower than long only', () => {
    const r = minVolatility({ mu, cov, bounds: [-1, 1] })
    expect(r.volatility).toBeLessThan(0.15915084514118694)
    expect(Math.min(...r.weights)).toBeLessThan(0)
  })
})

describe('frontier optimisers', () => {
  it('efficient return hits the target and is no riskier than any other feasible mix', () => {
    const r = efficientReturn({ mu, cov, targetReturn: 0.2 })
    expect(r.expectedReturn).toBeCloseTo(0.2, 10)
    const ms = maxSharpe({ mu, cov })
    expect(r.volatility).toBeLessThan(ms.volatility)
  })

  it('efficient risk hits the target volatility with the highest return', () => {
    const r = efficientRisk({ mu, cov, targetVolatility: 0.19 })
    expect(r.volatility).toBeCloseTo(0.19, 10)
    const back = efficientReturn({ mu, cov, targetReturn: r.expectedReturn })
    expect(back.volatility).toBeCloseTo(0.19, 8)
  })

  it('rejects impossible targets with a reason', () => {
    expect(() => efficientReturn({ mu, cov, targetReturn: 5 })).toThrow(/above the maximum attainable return/)
    expect(() => efficientRisk({ mu, cov, targetVolatility: 0.05 })).toThrow(/below the minimum volatility/)
    expect(() => maxSharpe({ mu, cov, riskFreeRate: 10 })).toThrow(/exceeds the risk-free rate/)
    expect(() => minVolatility({ mu, cov, bounds: [0, 0.01] })).toThrow(/infeasible/)
  })

  it('max return puts everything in the best asset; the frontier is increasing in both axes', () => {
    const top = maxReturn({ mu, cov })
    expect(top.expectedReturn).toBeCloseTo(Math.max(...mu), 12)
    const f = efficientFrontier({ mu, cov }, 10)
    for (let i = 1; i < f.length; i++) {
      expect(f[i]!.expectedReturn).toBeGreaterThan(f[i - 1]!.expectedReturn)
      expect(f[i]!.volatility).toBeGreaterThanOrEqual(f[i - 1]!.volatility - 1e-12)
    }
  })

  it('respects per-asset and global weight bounds (PyPortfolioOpt test_max_sharpe_long_weight_bounds)', () => {
    const r = maxSharpe({ mu, cov, bounds: [0.03, 0.13] })
    expect(Math.min(...r.weights)).toBeGreaterThanOrEqual(0.03 - 1e-12)
    expect(Math.max(...r.weights)).toBeLessThanOrEqual(0.13 + 1e-12)
    const pairs = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? ([0.02, 0.11] as const) : ([0.01, 0.13] as const),
    )
    const b = maxSharpe({ mu, cov, bounds: pairs })
    b.weights.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(pairs[i]![0] - 1e-12)
      expect(w).toBeLessThanOrEqual(pairs[i]![1] + 1e-12)
    })
    const unbounded = maxSharpe({ mu, cov })
    expect(b.sharpe).toBeLessThanOrEqual(unbounded.sharpe + 1e-12)
  })

  it('bounded max Sharpe is locally optimal: no feasible pairwise transfer raises the Sharpe ratio', () => {
    const bounds = [0.02, 0.15] as const
    const best = maxSharpe({ mu, cov, bounds })
    const w = Float64Array.from(best.weights)
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < 20; j++) {
        if (i === j) continue
        const d = Math.min(1e-4, w[i]! - bounds[0], bounds[1] - w[j]!)
        if (d <= 1e-12) continue
        w[i]! -= d
        w[j]! += d
        expect(portfolioPerformance(w, mu, cov).sharpe).toBeLessThanOrEqual(best.sharpe + 1e-12)
        w[i]! += d
        w[j]! -= d
      }
  })

  it('handles a singular covariance (a duplicated asset) without losing feasibility', () => {
    const n = 3
    const base = [0.04, 0.01, 0.01, 0.01, 0.09, 0.02, 0.01, 0.02, 0.16]
    // Asset 3 duplicates asset 0.
    const data = new Float64Array(16)
    const src = [0, 1, 2, 0]
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) data[a * 4 + b] = base[src[a]! * n + src[b]!]!
    const m = Float64Array.from([0.08, 0.1, 0.14, 0.08])
    for (const r of [
      minVolatility({ mu: m, cov: { n: 4, data } }),
      maxSharpe({ mu: m, cov: { n: 4, data } }),
    ]) {
      expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
      expect(Math.min(...r.weights)).toBeGreaterThanOrEqual(-1e-12)
      expect(Number.isFinite(r.volatility)).toBe(true)
    }
  })

  it('max Sharpe beats random feasible portfolios', () => {
    const best = maxSharpe({ mu, cov })
    let seed = 7
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    for (let k = 0; k < 200; k++) {
      const w = Array.from({ length: 20 }, () => rand())
      const s = w.reduce((a, b) => a + b, 0)
      const p = portfolioPerformance(
        w.map((x) => x / s),
        mu,
        cov,
      )
      expect(p.sharpe).toBeLessThanOrEqual(best.sharpe)
    }
  })

  it('Ledoit-Wolf shrinks towards the scaled identity with an intensity in [0, 1]', () => {
    const lw = ledoitWolf(table.series)
    expect(lw.shrinkage).toBeGreaterThan(0)
    expect(lw.shrinkage).toBeLessThan(1)
    const r = minVolatility({ mu, cov: lw })
    expect(r.volatility).toBeGreaterThan(0)
  })
})
