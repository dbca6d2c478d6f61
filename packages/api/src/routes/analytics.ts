import {
  advise,
  type backtestStrategy,
  NotFoundError,
  PORTFOLIO_OBJECTIVES,
  type PortfolioResponse,
  type SentimentHint,
  ValidationError,
} from '@supernova/core'
import type { Hono } from 'hono'
import { z } from 'zod'
import { backtestCost, basketCost, checkPortfolioSeries, place, portfolioCost, searchCost } from '../cost.ts'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { historyOf, readHistory } from '../market-history/context.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { IsoDate, SymbolParam } from '../schemas.ts'
import {
  BacktestBody,
  basketBacktest,
  DIRECT_BASKET_SYMBOLS,
  loadBars,
  Metrics,
  OptimizationBody,
  PortfolioBody,
  searchSpecOf,
  TradeOut,
} from './analytics-inputs.ts'
import { TASK_MAX_TRIALS } from './analytics-tasks.ts'
import { equitySeries } from './equity-series.ts'
import { portfolioJob, storedPortfolioCost } from './portfolio-job.ts'
import { reportInputs, StoredFields, storeResult } from './results.ts'
import { AcceptedTask, enqueueTask, runPlaced, wantsTask } from './task-offload.ts'

/** Backtests, portfolio optimisation, strategy parameter search and advice (the analytics engines in core). */
export function analyticsRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/backtests',
      operationId: 'runBacktest',
      summary:
        'Backtest a strategy on a symbol, inline bars, or a basket of symbols with periodic rebalancing',
      tags: ['analytics'],
      errors: [404, 503],
      body: BacktestBody,
      responses: {
        ...AcceptedTask,
        200: {
          description: 'Metrics, trades and the equity curve',
          schema: z.object({
            ...StoredFields,
            symbol: z.string().nullable().optional().describe('single-symbol runs'),
            symbols: z.array(z.string()).optional().describe('basket runs'),
            weights: z.unknown().optional().describe('basket runs: the target weights'),
            strategy: z.object({ name: z.string(), params: z.record(z.string(), z.number()) }),
            metrics: Metrics,
            trades: z.array(TradeOut),
            equity: z.array(z.object({ date: z.string(), value: z.number() })),
          }),
        },
      },
    },
    async (c, { body }) => {
      if (body.symbols) {
        if (body.symbol || body.bars)
          throw new ValidationError('Give body.symbols alone for a basket backtest.', {
            details: [{ field: 'body.symbols', message: 'not allowed together with symbol or bars' }],
          })
        // Large baskets (or when the client prefers) run as a task: 202 + Location.
        if (c.var.deps.tasks && (body.symbols.length > DIRECT_BASKET_SYMBOLS || wantsTask(c)))
          return enqueueTask(c, 'basket-backtest', body)
        const basket = await basketBacktest(historyOf(c.var.deps), body, (job) => {
          const length = Math.max(0, ...job.input.members.map((m) => m.bars.close.length))
          const where = place(basketCost(job.input.members.length, length), { task: false })
          return runPlaced(c, where as 'inline' | 'worker', job)
        })
        return c.json({ ...(await storeResult(c, 'backtest', reportInputs(body), basket)), ...basket })
      }
      const { bars, symbol } = await loadBars(historyOf(c.var.deps), body)
      const where = place(backtestCost(bars.close.length), { task: false })
      const r = await runPlaced<ReturnType<typeof backtestStrategy>>(c, where as 'inline' | 'worker', {
        kind: 'backtest',
        input: {
          bars,
          strategy: body.strategy.name,
          params: body.strategy.params,
          options: {
            initialCash: body.initialCash,
            execution: body.execution,
            riskFreeRate: body.riskFreeRate,
          },
        },
      })
      const answer = {
        symbol,
        strategy: { name: body.strategy.name, params: r.params },
        metrics: r.metrics,
        trades: r.trades.map(({ entryIndex: _e, exitIndex: _x, ...t }) => t),
        equity: equitySeries(bars.dates, r.equity),
      }
      // The closes are stored for the report only (buy-and-hold and the trade chart); the answer stays as it was.
      const stored = await storeResult(c, 'backtest', reportInputs(body), answer, { close: bars.close })
      return c.json({ ...stored, ...answer })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/portfolios/optimize',
      operationId: 'optimizePortfolio',
      summary: 'Optimise portfolio weights (mean-variance, risk parity, HRP) from stored or inline prices',
      tags: ['analytics'],
      body: PortfolioBody,
      precheck: (raw) => {
        // priced from the raw JSON: a refused portfolio costs its parse, not the validation of every number
        const r = raw as { prices?: { series?: unknown; dates?: unknown }; objective?: unknown } | null
        const series = r?.prices?.series
        if (!series || typeof series !== 'object') return
        const n = Object.keys(series).length
        checkPortfolioSeries(n)
        const t = Array.isArray(r?.prices?.dates) ? r.prices.dates.length : 0
        const objective = PORTFOLIO_OBJECTIVES.find((o) => o === r?.objective)
        if (objective) place(portfolioCost(n, t, objective), { task: false })
      },
      responses: {
        ...AcceptedTask,
        200: {
          description: 'Weights, expected performance and realised analytics',
          schema: z.object({
            ...StoredFields,
            weights: z.record(z.string(), z.number()),
            performance: z.object({ expectedReturn: z.number(), volatility: z.number(), sharpe: z.number() }),
            analytics: Metrics,
          }),
        },
      },
    },
    async (c, { body }) => {
      // Stored universes past the worker limit (efficient frontiers of large universes), or when the client
      // prefers, run as a task: 202 + Location. Inline prices stay synchronous (their body is the input).
      const stored = storedPortfolioCost(body)
      if (stored && c.var.deps.tasks && (wantsTask(c) || place(stored, { task: true }) === 'task'))
        return enqueueTask(c, 'portfolio-optimization', body)
      // the answer stores what its report's figures are solved from; the report solves them when asked for
      const job = await portfolioJob(body, (symbols, range) => readHistory(c, symbols, range), 'inputs')
      const { tickers, prices } = job.input
      const where = place(portfolioCost(tickers.length, prices[0]?.length ?? 0, body.objective), {
        task: false,
      })
      const r = await runPlaced<PortfolioResponse>(c, where as 'inline' | 'worker', job)
      const { figures, figureInputs, ...answer } = r
      const row = await storeResult(
        c,
        'portfolio',
        reportInputs(body),
        answer,
        figureInputs ? { figureInputs } : { figures },
      )
      return c.json({ ...row, ...answer })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/optimizations',
      operationId: 'runOptimization',
      summary: 'Search strategy parameters (grid, random or TPE), optionally walk-forward',
      tags: ['analytics'],
      errors: [404, 503],
      body: OptimizationBody,
      responses: {
        ...AcceptedTask,
        200: {
          description: 'The best parameters, every trial, and walk-forward folds when asked',
          // walk-forward answers carry their folds instead of best/trials (members not yet described: loose)
          schema: z
            .object({
              ...StoredFields,
              symbol: z.string().nullable(),
              strategy: z.string(),
              objective: z.string(),
              method: z.enum(['grid', 'random', 'tpe']).optional(),
              best: z
                .object({
                  params: z.record(z.string(), z.number()),
                  score: z.number().nullable(),
                  metrics: Metrics,
                })
                .nullable()
                .optional(),
              trials: z
                .array(z.object({ params: z.record(z.string(), z.number()), score: z.number().nullable() }))
                .optional(),
              evaluated: z.number().optional(),
            })
            .loose(),
        },
      },
    },
    async (c, { body }) => {
      // Studies past the direct-answer budget (or when the client prefers) run as a task: 202 + Location.
      if (wantsTask(c)) return enqueueTask(c, 'optimization', body)
      const { bars, symbol } = await loadBars(historyOf(c.var.deps), body)
      const spec = searchSpecOf(body, TASK_MAX_TRIALS)
      const cost = searchCost(spec, bars.close.length, body.walkForward?.folds ?? 1)
      const where = place(cost, { task: !!c.var.deps.tasks })
      if (where === 'task') return enqueueTask(c, 'optimization', body)
      if (body.walkForward) {
        const wf = await runPlaced(c, where, {
          kind: 'walk-forward',
          input: { bars, spec: { ...spec, ...body.walkForward } },
        })
        const answer = {
          symbol,
          strategy: body.strategy,
          objective: body.objective,
          method: body.method,
          walkForward: wf,
        }
        return c.json({ ...(await storeResult(c, 'optimization', reportInputs(body), answer)), ...answer })
      }
      const r = await runPlaced<object>(c, where, { kind: 'search', input: { bars, spec } })
      const answer = { symbol, strategy: body.strategy, objective: body.objective, method: body.method, ...r }
      return c.json({ ...(await storeResult(c, 'optimization', reportInputs(body), answer)), ...answer })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/advice',
      operationId: 'createAdvice',
      summary:
        'Buy / hold / sell for a symbol from a strategy ensemble, adjusted by risk profile and sentiment',
      tags: ['analytics'],
      errors: [404],
      body: z
        .object({
          symbol: SymbolParam,
          profileId: z.string().max(64).optional(),
          riskScore: z.number().int().min(0).max(100).optional(),
          sentiment: z
            .object({ score: z.number().min(-1).max(1), confidence: z.number().min(0).max(1).optional() })
            .optional(),
          asOf: IsoDate.optional(),
        })
        .strict(),
      responses: {
        200: {
          description: 'The advice with its votes and rationale',
          schema: z.object({
            symbol: z.string(),
            action: z.enum(['buy', 'hold', 'sell']),
            confidence: z.number(),
            score: z.number(),
            rationale: z.string(),
            riskScore: z.number(),
            asOf: z.string().nullable(),
            profile: z.string().nullable(),
            votes: z.array(
              z.object({
                strategy: z.string(),
                vote: z.number(),
                weight: z.number(),
                lastSignalDate: z.string().nullable(),
              }),
            ),
            sentiment: z.object({
              score: z.number(),
              confidence: z.number().optional(),
              source: z.string().optional(),
            }),
            volatility: z.number(),
            rsi: z.number(),
          }),
        },
      },
    },
    async (c, { body }) => {
      const deps = c.var.deps
      let riskScore = body.riskScore
      let profile: string | null = null
      if (body.profileId) {
        const p = await deps.profiles.get(ownerOf(c), body.profileId)
        if (!p) throw new NotFoundError(`Profile '${body.profileId}' does not exist.`)
        riskScore = p.riskScore
        profile = p.profile
      }
      let sentiment: SentimentHint | undefined = body.sentiment && { ...body.sentiment, source: 'request' }
      if (!sentiment && deps.sentimentHints) sentiment = await deps.sentimentHints.hint(body.symbol)
      const to = body.asOf
      const from = to ? new Date(Date.parse(to) - 730 * 86_400_000).toISOString().slice(0, 10) : undefined
      const { bars } = await loadBars(historyOf(c.var.deps), { symbol: body.symbol, to, from })
      const a = advise({ bars, riskScore, sentiment })
      return c.json({ symbol: body.symbol, asOf: bars.dates.at(-1), profile, ...a })
    },
  )
}
