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

/** Runs `f`, answering null where the problem has no solution (bounds that exclude it, a flat universe). */
function attempt<T>(f: () => T): T | null {
  try {
    return f()
  } catch {
    return null
  }
}

/** The figures of one optimisation's estimates; parts that cannot be solved come back empty rather than failing it. */
export function portfolioFigures(input: {
  tickers: readonly string[]
  mu: ArrayLike<number>
  cov: Matrix
  corr: () => Matrix
  bounds?: Bounds
  riskFreeRate: number
  linkage?: Linkage
  frontierPoints?: number
}): PortfolioFigures {
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
