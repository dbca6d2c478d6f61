import type {
  BasketResult,
  PortfolioResponse,
  Progress,
  SearchResult,
  WalkForwardFold,
} from '@supernova/core'
import type { MarketRepository } from '@supernova/db'
import {
  type ComputeJob,
  type ComputePool,
  defineTask,
  runComputeJob,
  type TaskDefinition,
} from '@supernova/queue'
import { type MarketHistory, marketHistory } from '../market-history/service.ts'
import {
  BacktestBody,
  basketBacktest,
  loadBars,
  OptimizationBody,
  PortfolioBody,
  searchSpecOf,
} from './analytics-inputs.ts'
import { portfolioJob } from './portfolio-job.ts'

/** The task-side cap on evaluations: far past the direct budget, still bounded. */
export const TASK_MAX_TRIALS = 20_000

/**
 * Analytics work that moved off the request path. `compute` is the tasks' worker-thread pool: a whole study (TPE
 * proposals as well as the evaluations) and a basket's backtest each run there as one job, terminated when the
 * task is cancelled or times out, so nothing CPU-heavy of a task runs on the HTTP event loop. Without it (tests,
 * a Lambda worker that serves one task at a time) the work runs in this thread.
 */
export function analyticsTaskTypes(deps: {
  market: MarketRepository
  /** The app's market-history service (cached columns); without it tasks read the database directly. */
  history?: MarketHistory
  compute?: () => ComputePool
}): TaskDefinition[] {
  const history = deps.history ?? marketHistory({ market: deps.market })
  const run = <T>(job: ComputeJob, signal: AbortSignal, onProgress?: Progress): Promise<T> => {
    const pool = deps.compute?.()
    return (
      pool ? pool.run<T>(job, signal, onProgress) : runComputeJob(job, onProgress, signal)
    ) as Promise<T>
  }
  const optimization = defineTask({
    type: 'optimization',
    schema: OptimizationBody,
    timeoutMs: 30 * 60_000,
    maxAttempts: 2,
    handler: async (body, ctx) => {
      const { bars, symbol } = await loadBars(history, body)
      ctx.progress(0, `loaded ${bars.close.length} bars`)
      const spec = searchSpecOf(body, TASK_MAX_TRIALS)
      const onProgress: Progress = (done, total, best) =>
        ctx.progress(total ? done / total : 0, `${done}/${total || '?'} evaluated, best ${best ?? 'n/a'}`)
      if (body.walkForward) {
        const wf = await run<{ folds: WalkForwardFold[]; meanTestScore: number | null }>(
          { kind: 'walk-forward', input: { bars, spec: { ...spec, ...body.walkForward } } },
          ctx.signal,
          onProgress,
        )
        return {
          symbol,
          strategy: body.strategy,
          objective: body.objective,
          method: body.method,
          walkForward: wf,
        }
      }
      const r = await run<SearchResult>({ kind: 'search', input: { bars, spec } }, ctx.signal, onProgress)
      return { symbol, strategy: body.strategy, objective: body.objective, method: body.method, ...r }
    },
  })
  const basket = defineTask({
    type: 'basket-backtest',
    schema: BacktestBody,
    timeoutMs: 10 * 60_000,
    maxAttempts: 2,
    handler: async (body, ctx) => {
      ctx.progress(0, `loading ${body.symbols?.length ?? 0} symbols`)
      return basketBacktest(history, body, (job) => run<BasketResult>(job, ctx.signal))
    },
  })
  // Efficient frontiers of large stored universes: the histories read in the background lane, the optimiser
  // (covariance, frontier, figures for the report) on the worker pool.
  const portfolio = defineTask({
    type: 'portfolio-optimization',
    schema: PortfolioBody,
    timeoutMs: 20 * 60_000,
    maxAttempts: 2,
    handler: async (body, ctx) => {
      ctx.progress(0, `loading ${body.symbols?.length ?? 0} symbols`)
      const job = await portfolioJob(body, (symbols, range) => history.read(symbols, range))
      ctx.progress(0.1, `optimising ${job.input.tickers.length} assets`)
      return run<PortfolioResponse>(job, ctx.signal)
    },
  })
  return [optimization as TaskDefinition, basket as TaskDefinition, portfolio as TaskDefinition]
}
