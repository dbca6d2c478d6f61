import { ValidationError } from '../../errors.ts'
import { applyBounds, hrp, type Linkage, riskParity } from './allocation.ts'
import { type PortfolioAnalytics, portfolioAnalytics } from './analytics.ts'
import {
  emaHistoricalReturn,
  ledoitWolf,
  meanHistoricalReturn,
  sampleCov,
  validatePrices,
} from './estimates.ts'
import {
  type Bounds,
  efficientReturn,
  efficientRisk,
  maxSharpe,
  minVolatility,
  type Performance,
  portfolioPerformance,
} from './optimize.ts'

/** Objectives the portfolio optimiser accepts. */
export const PORTFOLIO_OBJECTIVES = [
  'min_volatility',
  'max_sharpe',
  'efficient_return',
  'efficient_risk',
  'risk_parity',
  'hrp',
] as const
export type PortfolioObjective = (typeof PORTFOLIO_OBJECTIVES)[number]

/** A portfolio request in column form: tickers and their price series (NaN before a series starts). */
export interface PortfolioRequest {
  tickers: readonly string[]
  prices: readonly ArrayLike<number>[]
  objective: PortfolioObjective
  targetReturn?: number
  targetVolatility?: number
  riskFreeRate?: number
  riskModel?: 'sample' | 'ledoit_wolf'
  expectedReturns?: 'mean' | 'ema'
  bounds?: Bounds
  linkage?: Linkage
}

export interface PortfolioResponse {
  weights: Record<string, number>
  performance: Performance
  analytics: PortfolioAnalytics
}

/** Estimates returns and risk from prices, runs the chosen optimiser and reports weights, performance, analytics. */
export function optimizePortfolio(req: PortfolioRequest): PortfolioResponse {
  if (req.tickers.length !== req.prices.length)
    throw new ValidationError('tickers and price series differ in count')
  if (new Set(req.tickers).size !== req.tickers.length)
    throw new ValidationError('duplicate tickers', { details: { field: 'symbols' } })
  validatePrices(req.prices, req.tickers)
  const rf = req.riskFreeRate ?? 0.02
  const mu =
    req.expectedReturns === 'ema' ? emaHistoricalReturn(req.prices) : meanHistoricalReturn(req.prices)
  const cov = req.riskModel === 'ledoit_wolf' ? ledoitWolf(req.prices) : sampleCov(req.prices)
  const input = { mu, cov, bounds: req.bounds, riskFreeRate: rf }
  let w: Float64Array
  switch (req.objective) {
    case 'min_volatility':
      w = minVolatility(input).weights
      break
    case 'max_sharpe':
      w = maxSharpe(input).weights
      break
    case 'efficient_return':
      if (req.targetReturn === undefined)
        throw new ValidationError('efficient_return needs targetReturn', {
          details: { field: 'targetReturn' },
        })
      w = efficientReturn({ ...input, targetReturn: req.targetReturn }).weights
      break
    case 'efficient_risk':
      if (req.targetVolatility === undefined)
        throw new ValidationError('efficient_risk needs targetVolatility', {
          details: { field: 'targetVolatility' },
        })
      w = efficientRisk({ ...input, targetVolatility: req.targetVolatility }).weights
      break
    case 'risk_parity':
      w = applyBounds(riskParity(cov), req.bounds)
      break
    case 'hrp':
      w = applyBounds(hrp(cov, req.linkage), req.bounds)
      break
    default:
      throw new ValidationError(`unknown objective '${String(req.objective)}'`, {
        details: { field: 'objective' },
      })
  }
  const weights: Record<string, number> = {}
  req.tickers.forEach((t, i) => {
    weights[t] = w[i]!
  })
  return {
    weights,
    performance: portfolioPerformance(w, mu, cov, rf),
    analytics: portfolioAnalytics(req.prices, w, { riskFreeRate: rf }),
  }
}
