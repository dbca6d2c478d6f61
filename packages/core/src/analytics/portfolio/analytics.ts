import { ValidationError } from '../../errors.ts'
import { drawdown } from '../metrics.ts'
import { returnsFromPrices } from './estimates.ts'

/** Realised analytics of a weighted portfolio over its price history. */
export interface PortfolioAnalytics {
  /** Annualised geometric return of the daily-rebalanced portfolio. */
  annualReturn: number
  volatility: number
  sharpe: number
  maxDrawdown: number
  /** One-period historical value at risk at `confidence`, as a positive loss fraction. */
  valueAtRisk: number
  /** Mean loss beyond the VaR (expected shortfall), positive. */
  conditionalValueAtRisk: number
  periods: number
}

/**
 * Analytics of fixed weights rebalanced every period, on the rows where every held asset has a price.
 * VaR/CVaR are historical (empirical quantile of period returns).
 */
export function portfolioAnalytics(
  prices: readonly ArrayLike<number>[],
  weights: ArrayLike<number>,
  options: { riskFreeRate?: number; confidence?: number; frequency?: number } = {},
): PortfolioAnalytics {
  const freq = options.frequency ?? 252
  const conf = options.confidence ?? 0.95
  if (!(conf > 0 && conf < 1)) throw new ValidationError('confidence must be in (0, 1)')
  const rets = returnsFromPrices(prices)
  const t = rets[0]?.length ?? 0
  const all = new Float64Array(t)
  let m = 0
  for (let i = 0; i < t; i++) {
    let r = 0
    let ok = true
    for (let j = 0; j < rets.length; j++) {
      const w = weights[j]!
      if (w === 0) continue
      const x = rets[j]![i]!
      if (Number.isNaN(x)) {
        ok = false
        break
      }
      r += w * x
    }
    if (ok) all[m++] = r
  }
  const series = all.subarray(0, m)
  if (m < 2) throw new ValidationError('too few common prices for portfolio analytics')
  let logSum = 0
  let sum = 0
  for (const r of series) {
    logSum += Math.log1p(r)
    sum += r
  }
  const mean = sum / m
  let v = 0
  for (const r of series) v += (r - mean) ** 2
  const volatility = Math.sqrt(v / (m - 1)) * Math.sqrt(freq)
  const annualReturn = Math.expm1((logSum * freq) / m)
  const equity = new Float64Array(m + 1)
  equity[0] = 1
  for (let i = 0; i < m; i++) equity[i + 1] = equity[i]! * (1 + series[i]!)
  // a typed array sorts numerically, without a comparator call per comparison
  const sorted = series.slice().sort()
  const cut = Math.max(1, Math.floor((1 - conf) * m))
  const valueAtRisk = -sorted[cut - 1]!
  let tail = 0
  for (let i = 0; i < cut; i++) tail += sorted[i]!
  return {
    annualReturn,
    volatility,
    sharpe: volatility > 0 ? (annualReturn - (options.riskFreeRate ?? 0.02)) / volatility : 0,
    maxDrawdown: drawdown(equity).maxDrawdown,
    valueAtRisk,
    conditionalValueAtRisk: -tail / cut,
    periods: m,
  }
}
