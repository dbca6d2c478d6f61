/** The CPU-heavy jobs the compute pool runs off the event loop, and how each one runs (worker side). */
import {
  backtestStrategy,
  optimizePortfolio,
  type PortfolioRequest,
  type PriceBars,
  type Progress,
  runBasket,
  type SearchSpec,
  searchParams,
  type WalkForwardSpec,
  walkForward,
} from '@supernova/core'

/** A job by kind, with its input. */
export type ComputeJob =
  | { kind: 'portfolio'; input: PortfolioRequest }
  | { kind: 'search'; input: { bars: PriceBars; spec: SearchSpec } }
  | { kind: 'walk-forward'; input: { bars: PriceBars; spec: WalkForwardSpec } }
  | {
      kind: 'basket'
      input: {
        members: { symbol: string; bars: PriceBars }[]
        strategy: string
        params: Record<string, number>
        options: Parameters<typeof runBasket>[3]
      }
    }
  | {
      kind: 'backtest'
      input: {
        bars: PriceBars
        strategy: string
        params: Record<string, number>
        options: Parameters<typeof backtestStrategy>[3]
      }
    }

/**
 * Runs one job in the calling thread (the worker's body; also the inline path for cheap work). A whole study
 * (TPE proposals included, not only its evaluations) runs here, so on a worker none of it touches the event loop;
 * `onProgress` reports its evaluations; `signal` stops a study between batches (in this thread only: a worker is
 * terminated instead).
 */
export async function runComputeJob(
  job: ComputeJob,
  onProgress?: Progress,
  signal?: AbortSignal,
): Promise<unknown> {
  switch (job.kind) {
    case 'portfolio':
      return optimizePortfolio(job.input)
    case 'search':
      return searchParams(job.input.bars, job.input.spec, { onProgress, signal })
    case 'walk-forward':
      return walkForward(job.input.bars, job.input.spec, { onProgress, signal })
    case 'basket': {
      const { members, strategy, params, options } = job.input
      return runBasket(members, strategy, params, options)
    }
    case 'backtest': {
      const { bars, strategy, params, options } = job.input
      return backtestStrategy(bars, strategy, params, options)
    }
  }
}
