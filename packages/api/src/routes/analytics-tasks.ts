import { type Evaluator, searchParams, walkForward } from '@supernova/core'
import type { MarketRepository } from '@supernova/db'
import { defineTask, type TaskDefinition } from '@supernova/queue'
import { type MarketHistory, marketHistory } from '../market-history/service.ts'
import { BacktestBody, basketBacktest, loadBars, OptimizationBody, searchSpecOf } from './analytics-inputs.ts'

/** The task-side cap on evaluations: far past the direct budget, still bounded. */
export const TASK_MAX_TRIALS = 20_000

/**
 * Analytics work that moved off the request path. `evaluate` is the worker-thread evaluator (CPU-heavy
 * scoring off the event loop); without it scoring runs in this thread.
 */
export function analyticsTaskTypes(deps: {
  market: MarketRepository
  /** The app's market-history service (cached columns); without it tasks read the database directly. */
  history?: MarketHistory
  evaluate?: () => Evaluator
}): TaskDefinition[] {
  const history = deps.history ?? marketHistory({ market: deps.market })
  const optimization = defineTask({
    type: 'optimization',
    schema: OptimizationBody,
    timeoutMs: 30 * 60_000,
    maxAttempts: 2,
    handler: async (body, ctx) => {
      const { bars, symbol } = await loadBars(history, body)
      ctx.progress(0, `loaded ${bars.close.length} bars`)
      const spec = searchSpecOf(body, TASK_MAX_TRIALS)
      const options = {
        evaluate: deps.evaluate?.(),
        signal: ctx.signal,
        onProgress: (done: number, total: number, best: number | null) =>
          ctx.progress(total ? done / total : 0, `${done}/${total || '?'} evaluated, best ${best ?? 'n/a'}`),
      }
      if (body.walkForward) {
        const wf = await walkForward(bars, { ...spec, ...body.walkForward }, options)
        return {
          symbol,
          strategy: body.strategy,
          objective: body.objective,
          method: body.method,
          walkForward: wf,
        }
      }
      const r = await searchParams(bars, spec, options)
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
      return basketBacktest(history, body)
    },
  })
  return [optimization as TaskDefinition, basket as TaskDefinition]
}
