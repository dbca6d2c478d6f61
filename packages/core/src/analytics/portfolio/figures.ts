import type { Matrix } from './estimates.ts'
import { type Linkage, linkageMatrix } from './hrp.ts'
import {
  type Bounds,
  efficientFrontier,
  maxSharpe,
  minVolatility,
  type Performance,
} from './mean-variance.ts'

/** Universes up to this size get a correlation matrix and a clustering in their figures (n^2 numbers stored). */
export const FIGURE_MAX_ASSETS = 60

/** What a portfolio report draws besides the weights: frontier, reference points, assets, clustering. */
export interface PortfolioFigures {
  tickers: string[]
  frontier: Performance[]
  tangency: Performance | null
  minVolatility: Performance | null
  assets: { ticker: string; expectedReturn: number; volatility: number }[]
  /** Row-major correlation matrix in ticker order; null past FIGURE_MAX_ASSETS. */
  correlation: number[] | null
  /** scipy-style linkage rows [left, right, distance, size], flattened; null with correlation. */
  linkage: number[] | null
}

const perf = (r: Performance): Performance => ({
  expectedReturn: r.expectedReturn,
  volatility: r.volatility,
  sharpe: r.sharpe,
})

/**
 * What `portfolioFigures` needs, as plain JSON (stored beside a result): the estimates and the correlation matrix
 * (null past FIGURE_MAX_ASSETS). The frontier and clustering are solved from it when a report asks, not per answer.
 */
export interface PortfolioFigureInputs {
  tickers: string[]
  mu: number[]
  /** Row-major covariance, n x n. */
  cov: number[]
  corr: number[] | null
  bounds?: Bounds
  riskFreeRate: number
  linkage?: Linkage
}

/** One optimisation's estimates, which the report figures are solved from (the correlation on demand). */
interface FigureEstimates {
  tickers: readonly string[]
  mu: ArrayLike<number>
  cov: Matrix
  corr: () => Matrix
  bounds?: Bounds
  riskFreeRate: number
  linkage?: Linkage
}

/**
 * The figure inputs of one optimisation's estimates (the correlation only where the figures draw it). The
 * correlation is computed when first read, which is when the inputs are serialised to be stored (after the answer
 * is sent, by the write-behind result store) or cloned to leave a worker: a pairwise correlation costs as much as
 * the covariance, and the answer does not need it.
 */
export function portfolioFigureInputs(input: FigureEstimates): PortfolioFigureInputs {
  const n = input.tickers.length
  const drawn = n <= FIGURE_MAX_ASSETS && n >= 2
  let corr: number[] | undefined
  const out = {
    tickers: [...input.tickers],
    mu: Array.from(input.mu),
    cov: Array.from(input.cov.data),
    bounds: input.bounds,
    riskFreeRate: input.riskFreeRate,
    linkage: input.linkage,
  }
  return Object.defineProperty(out, 'corr', {
    enumerable: true,
    get: () => {
      if (!drawn) return null
      corr ??= Array.from(input.corr().data)
      return corr
    },
  }) as PortfolioFigureInputs
}

/** The figures of stored figure inputs: the same numbers `portfolioFigures` gives from the live estimates. */
export function figuresFromInputs(f: PortfolioFigureInputs): PortfolioFigures {
  const n = f.tickers.length
  const corr = f.corr ? { n, data: Float64Array.from(f.corr) } : undefined
  return portfolioFigures({
    tickers: f.tickers,
    mu: Float64Array.from(f.mu),
    cov: { n, data: Float64Array.from(f.cov) },
    corr: () => corr ?? { n, data: new Float64Array(n * n) },
    bounds: f.bounds,
    riskFreeRate: f.riskFreeRate,
    linkage: f.linkage,
  })
}

/** Runs `f`, answering null where the problem has no solution (bounds that exclude it, a flat universe). */
function attempt<T>(f: () => T): T | null {
  try {
    return f()
  } catch {
    return null
  }
}

/** The figures of one optimisation's estimates; parts that cannot be solved come back empty rather than failing it. */
export function portfolioFigures(input: FigureEstimates & { frontierPoints?: number }): PortfolioFigures {
  const mv = { mu: input.mu, cov: input.cov, bounds: input.bounds, riskFreeRate: input.riskFreeRate }
  const n = input.tickers.length
  const corr = n <= FIGURE_MAX_ASSETS && n >= 2 ? input.corr() : null
  return {
    tickers: [...input.tickers],
    frontier: attempt(() => efficientFrontier(mv, input.frontierPoints ?? 24)) ?? [],
    tangency: attempt(() => perf(maxSharpe(mv))),
    minVolatility: attempt(() => perf(minVolatility(mv))),
    assets: input.tickers.map((ticker, i) => ({
      ticker,
      expectedReturn: input.mu[i]!,
      volatility: Math.sqrt(input.cov.data[i * n + i]!),
    })),
    correlation: corr ? Array.from(corr.data) : null,
    linkage: corr ? attempt(() => Array.from(linkageMatrix(corr, input.linkage))) : null,
  }
}
