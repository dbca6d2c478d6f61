import { ValidationError } from '../../errors.ts'
import { applyBounds, riskParity } from './allocation.ts'
import { type PortfolioAnalytics, portfolioAnalytics } from './analytics.ts'
import {
  emaHistoricalReturn,
  ledoitWolf,
  type Matrix,
  meanHistoricalReturn,
  sampleCorrOf,
  sampleCov,
  validatePrices,
} from './estimates.ts'
import {
  FIGURE_MAX_ASSETS,
  type PortfolioFigureInputs,
  type PortfolioFigures,
  portfolioFigureInputs,
  portfolioFigures,
} from './figures.ts'
import { covToCorr, hrp, type Linkage } from './hrp.ts'
import {
  type Bounds,
  efficientReturn,
  efficientRisk,
  maxSharpe,
  minVolatility,
  type Performance,
  portfolioPerformance,
} from './mean-variance.ts'

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
  /** Geometric (true, default) or arithmetic mean of daily returns x 252, as PyPortfolioOpt's HRPOpt reports. */
  compounding?: boolean
  bounds?: Bounds
  linkage?: Linkage
  /**
   * Also compute the figures a report draws (frontier, tangency, clustering); off for plain answers. `inputs`
   * keeps only what they are solved from (`figureInputs`), for a report to solve when it is asked for (past
   * FIGURE_MAX_ASSETS the figures themselves, which are then smaller).
   */
  figures?: boolean | 'inputs'
}

export interface PortfolioResponse {
  weights: Record<string, number>
  performance: Performance
  analytics: PortfolioAnalytics
  figures?: PortfolioFigures
  figureInputs?: PortfolioFigureInputs
}

/**
 * Names a constant series: its zero variance breaks every optimiser here (the mean-variance QP answers NaN weights,
 * risk parity and HRP divide by it). Validated prices all run to the last row, so every pair shares at least two returns.
 */
function requireVariance(cov: Matrix, tickers: readonly string[]): void {
  const { n, data } = cov
  for (let i = 0; i < n; i++)
    if (!(data[i * n + i]! > 0))
      throw new ValidationError(
        `series ${tickers[i]} has zero variance (constant prices): the optimisers need every series to move (riskModel 'ledoit_wolf' shrinks its variance above zero)`,
        { details: { field: `prices.series.${tickers[i]}` } },
      )
}

/** Estimates returns and risk from prices, runs the chosen optimiser and reports weights, performance, analytics. */
export function optimizePortfolio(req: PortfolioRequest): PortfolioResponse {
  if (req.tickers.length !== req.prices.length)
    throw new ValidationError('tickers and price series differ in count')
  if (new Set(req.tickers).size !== req.tickers.length)
    throw new ValidationError('duplicate tickers', { details: { field: 'symbols' } })
  validatePrices(req.prices, req.tickers)
  const rf = req.riskFreeRate ?? 0.02
  const compounding = req.compounding ?? true
  const mu =
    req.expectedReturns === 'ema'
      ? emaHistoricalReturn(req.prices, 500, compounding)
      : meanHistoricalReturn(req.prices, compounding)
  const cov = req.riskModel === 'ledoit_wolf' ? ledoitWolf(req.prices) : sampleCov(req.prices)
  requireVariance(cov, req.tickers)
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
      // Sample risk: PyPortfolioOpt's HRPOpt(returns) clusters on returns.corr(); a shrunk covariance brings its own.
      w = applyBounds(
        hrp(cov, {
          linkage: req.linkage,
          corr: req.riskModel === 'ledoit_wolf' ? covToCorr(cov) : sampleCorrOf(req.prices, cov),
          names: req.tickers,
        }),
        req.bounds,
      )
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
  const out: PortfolioResponse = {
    weights,
    performance: portfolioPerformance(w, mu, cov, rf),
    analytics: portfolioAnalytics(req.prices, w, { riskFreeRate: rf }),
  }
  const estimates = {
    tickers: req.tickers,
    mu,
    cov,
    corr: () => (req.riskModel === 'ledoit_wolf' ? covToCorr(cov) : sampleCorrOf(req.prices, cov)),
    bounds: req.bounds,
    riskFreeRate: rf,
    linkage: req.linkage,
  }
  // n^2 numbers of inputs are smaller than the figures only while the figures draw the n x n correlation too
  if (req.figures === 'inputs' && req.tickers.length <= FIGURE_MAX_ASSETS)
    out.figureInputs = portfolioFigureInputs(estimates)
  else if (req.figures) out.figures = portfolioFigures(estimates)
  return out
}
