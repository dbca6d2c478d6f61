/**
 * The cost model of the expensive routes, in one place. Each request is priced in estimated milliseconds of CPU
 * before any work runs (rough per-unit figures measured on a 2-core CI machine; see `bench/health-delay.bench.ts`),
 * then placed: inline on the event loop when cheap, on a worker thread (terminated at the deadline) when it fits
 * the deadline, on the task queue when it is a task type and fits the task budget, else refused with a 400
 * (`too_expensive`) or 413 (`payload_too_large`) naming the limit and the value.
 */
import { AppError, type PortfolioObjective, plannedEvaluations } from '@supernova/core'

/** The limits every expensive route answers by. */
export const COST_LIMITS = {
  /** Work above this runs off the event loop (the /health goal is 100 ms; parsing and I/O take the rest). */
  inlineMs: 10,
  /**
   * Work above this goes to the task queue (or a 400): a request holds a worker thread at most this long, so one
   * client cannot keep the pool busy for the whole deadline.
   */
  workerMs: 5_000,
  /** Background tasks run up to this (their own timeout is 30 min). */
  taskMs: 20 * 60_000,
  /** A batch's sub-requests together (those answered in the request, not as tasks). */
  batchMs: 10_000,
  /** Inline price series in one portfolio (stored symbols are capped at 500 by the schema as well). */
  portfolioSeries: 500,
  /** Stored bars assumed for a symbol when pricing a batch before its data loads (ten years of days). */
  assumedBars: 2_520,
} as const

// Per-unit estimates (ms): a covariance cell / optimiser step, a bar of one backtest, a TPE proposal pair, a
// member's bar of a basket. A basket's member-bar is priced as a backtest's bar: measured on 20 and 50 members x 12
// years, warm, 0.7-4e-5 ms by strategy (buy and hold least, Bollinger most), and 0.4-2.4e-4 on the first call
// in a fresh process. So a basket of 20 x 12 years (6 ms) runs inline, one of the 50-symbol sample universe on a
// worker. At 4e-4 the 20 went to a worker whose transfer and first call cost more than the work: 31-36 ms for the
// first basket after a restart, against 10-27 inline (the start-up's engine rounds run a basket on this thread).
const MS_PER_PORTFOLIO_UNIT = 1e-5
const MS_PER_BAR_EVAL = 1e-4
const MS_PER_TPE_PAIR = 2e-3
/** Estimated ms of a basket's work per member and bar. */
export const MS_PER_BASKET_BAR = MS_PER_BAR_EVAL

/** A priced request: the estimate and what it is made of (for messages and metrics). */
export interface Cost {
  route: 'portfolio' | 'search' | 'basket' | 'backtest'
  ms: number
  measure: string
}

/** Where a priced request runs. */
export type Placement = 'inline' | 'worker' | 'task'

/** The 400 of a request whose estimated work is past a limit. */
export function tooExpensive(limit: string, max: number, value: number, message: string): AppError {
  return new AppError('too_expensive', message, {
    details: [{ field: limit, limit, max, value: Math.round(value) }],
  })
}

/** The 413 of a request carrying more data than a limit allows. */
export function tooLarge(limit: string, max: number, value: number, field: string): AppError {
  return new AppError('payload_too_large', `${field} has ${value} items; the limit (${limit}) is ${max}.`, {
    details: [{ field, limit, max, value }],
  })
}

/** Refuses more inline portfolio series than the limit (413), before the body is validated. */
export function checkPortfolioSeries(n: number): void {
  if (n > COST_LIMITS.portfolioSeries)
    throw tooLarge('portfolio.series', COST_LIMITS.portfolioSeries, n, 'body.prices.series')
}

/**
 * Portfolio work: a covariance over n series x t rows, then the optimiser: risk parity's coordinate descent is
 * priced at its iteration bound (10,000 sweeps of n x n; a singular covariance, more series than rows, runs them
 * all), the QP objectives at n^3 per factorisation times a few dozen, HRP at its clustering.
 */
export function portfolioCost(n: number, t: number, objective: PortfolioObjective): Cost {
  checkPortfolioSeries(n)
  const solver = objective === 'risk_parity' ? n * n * 10_000 : objective === 'hrp' ? 2 * n ** 3 : 30 * n ** 3
  const units = n * n * t + solver
  return { route: 'portfolio', ms: units * MS_PER_PORTFOLIO_UNIT, measure: `${n} series x ${t} rows` }
}

/** A parameter search: evaluations x bars (x folds), plus TPE's proposals, which grow with the square of trials. */
export function searchCost(
  spec: { strategy: string; method?: 'grid' | 'random' | 'tpe'; trials?: number; space?: unknown },
  bars: number,
  folds = 1,
): Cost {
  const evals = plannedEvaluations(spec as Parameters<typeof plannedEvaluations>[0])
  const tpe = spec.method === 'tpe' ? evals * evals * MS_PER_TPE_PAIR : 0
  return {
    route: 'search',
    ms: evals * bars * folds * MS_PER_BAR_EVAL + tpe * folds,
    measure: `${evals} evaluations x ${bars} bars${folds > 1 ? ` x ${folds} folds` : ''}`,
  }
}

/** A basket backtest: members x bars. */
export function basketCost(members: number, bars: number): Cost {
  return {
    route: 'basket',
    ms: members * bars * MS_PER_BASKET_BAR,
    measure: `${members} symbols x ${bars} bars`,
  }
}

/** One backtest on one series. */
export function backtestCost(bars: number): Cost {
  return { route: 'backtest', ms: bars * MS_PER_BAR_EVAL, measure: `${bars} bars` }
}

/**
 * Places a priced request: inline, worker thread, or task (only where the route has a task type and the
 * deployment has a queue). Refuses (400 too_expensive) what fits none of them.
 */
export function place(cost: Cost, can: { task: boolean; preferTask?: boolean }): Placement {
  const { inlineMs, workerMs, taskMs } = COST_LIMITS
  if (can.task && can.preferTask) {
    if (cost.ms > taskMs) throw overTask(cost)
    return 'task'
  }
  if (cost.ms <= inlineMs) return 'inline'
  if (cost.ms <= workerMs) return 'worker'
  if (can.task) {
    if (cost.ms > taskMs) throw overTask(cost)
    return 'task'
  }
  throw tooExpensive(
    `${cost.route}.ms`,
    workerMs,
    cost.ms,
    `This ${cost.route} (${cost.measure}) is estimated at ${Math.round(cost.ms)} ms of computation; the limit for one request is ${workerMs} ms${cost.route === 'search' || cost.route === 'basket' ? ' and background tasks are not configured' : ''}. Make it smaller.`,
  )
}

const overTask = (cost: Cost) =>
  tooExpensive(
    `${cost.route}.task_ms`,
    COST_LIMITS.taskMs,
    cost.ms,
    `This ${cost.route} (${cost.measure}) is estimated at ${Math.round(cost.ms)} ms of computation; the limit for a background task is ${COST_LIMITS.taskMs} ms. Make it smaller.`,
  )

/** Estimated ms a batch's sub-requests add up to; a sub-request that will be refused or sent to a task counts 0. */
export function batchCostMs(estimates: readonly number[]): number {
  return estimates.reduce((a, ms) => a + (ms <= COST_LIMITS.workerMs ? ms : 0), 0)
}
