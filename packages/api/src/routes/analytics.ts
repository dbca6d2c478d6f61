import {
  advise,
  alignClosesPairwise,
  type Bar,
  backtestStrategy,
  barProblem,
  barsToColumns,
  LINKAGES,
  NotFoundError,
  OBJECTIVES,
  optimizePortfolio,
  PORTFOLIO_OBJECTIVES,
  type PriceBars,
  runBasket,
  type SentimentHint,
  STRATEGY_NAMES,
  searchParams,
  ValidationError,
  walkForward,
} from '@supernova/core'
import type { Hono } from 'hono'
import { z } from 'zod'
import type { SentimentHintSource } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { historyOf, readHistory } from '../market-history/context.ts'
import type { MarketHistory } from '../market-history/service.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { IsoDate, SymbolParam } from '../schemas.ts'
import { TASK_MAX_TRIALS } from './analytics-tasks.ts'
import { AcceptedTask, enqueueTask, overBudget, wantsTask } from './task-offload.ts'

/** Adapts a sentiment store's per-symbol aggregate (mean score, count) over the last `days` into hints. */
export function sentimentHintsFromAggregate(
  repo: {
    aggregate(q: {
      symbols: readonly string[]
      from: Date
      to: Date
    }): Promise<{ symbol: string; count: number; meanScore: number }[]>
  },
  days = 30,
): SentimentHintSource {
  return {
    async hint(symbol) {
      const to = new Date()
      const from = new Date(to.getTime() - days * 86_400_000)
      const [row] = await repo.aggregate({ symbols: [symbol], from, to })
      if (!row || row.count === 0) return undefined
      // Confidence grows with the number of scored items and saturates at 20.
      return { score: row.meanScore, confidence: Math.min(1, row.count / 20), source: `sentiment ${days}d` }
    },
  }
}

const MAX_BARS = 50_000

const BarIn = z.object({
  date: IsoDate,
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number().default(0),
})

const Execution = z
  .object({
    fill: z.enum(['close', 'next_open']).default('next_open'),
    sizing: z
      .union([
        z.object({ units: z.number().positive() }).strict(),
        z.object({ percent: z.number().positive().max(100) }).strict(),
      ])
      .optional()
      .describe('Fixed units per entry, or a percent of equity (default: 1 unit)'),
    commission: z
      .object({
        percent: z.number().min(0).max(10).optional().describe('percent of traded value, 0.1 = 0.1 %'),
        fixed: z.number().min(0).optional().describe('per fill, in account currency'),
      })
      .optional(),
    slippageBps: z.number().min(0).max(1000).optional(),
    allowShort: z.boolean().optional(),
  })
  .strict()

const Strategy = z.object({
  name: z.enum(STRATEGY_NAMES).describe('sma_cross (param period) is close crossing its SMA'),
  params: z.record(z.string(), z.number()).default({}),
})

const Source = {
  symbol: SymbolParam.optional(),
  bars: z.array(BarIn).min(2).max(MAX_BARS).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
}

/** Body of POST /v1/backtests, also the payload of the `basket-backtest` task. */
export const BacktestBody = z
  .object({
    ...Source,
    symbols: z.array(SymbolParam).min(1).max(100).optional().describe('a basket, rebalanced periodically'),
    rebalanceEvery: z.number().int().min(1).max(1000).default(21),
    strategy: Strategy,
    execution: Execution.optional(),
    initialCash: z.number().positive().max(1e12).default(10_000),
    riskFreeRate: z.number().min(-0.1).max(1).default(0),
  })
  .strict()

/** Basket members above this many symbols run as a task (202); fewer answer directly. */
export const DIRECT_BASKET_SYMBOLS = 20

/** A basket backtest: each member's bars, periodic rebalancing (shared by the route and the task). */
export async function basketBacktest(history: MarketHistory, body: z.output<typeof BacktestBody>) {
  const symbols = body.symbols ?? []
  const { series } = await history.read(symbols, body)
  const members = series.map((bars) => ({ symbol: bars.symbol, bars }))
  const r = runBasket(members, body.strategy.name, body.strategy.params, {
    initialCash: body.initialCash,
    rebalanceEvery: body.rebalanceEvery,
    execution: body.execution,
  })
  return {
    symbols,
    strategy: body.strategy,
    metrics: r.metrics,
    weights: r.weights,
    trades: [],
    equity: r.dates.map((date, i) => ({ date, value: r.equity[i]! })),
  }
}

/** Body of POST /v1/optimizations, also the payload of the `optimization` task. */
export const OptimizationBody = z
  .object({
    ...Source,
    strategy: z.enum(STRATEGY_NAMES),
    space: z
      .record(
        z.string(),
        z.union([
          z.object({ min: z.number(), max: z.number(), step: z.number().positive().optional() }).strict(),
          z.array(z.number()).min(1).max(1000),
        ]),
      )
      .optional(),
    method: z.enum(['grid', 'random', 'tpe']).default('grid'),
    trials: z
      .number()
      .int()
      .min(1)
      .max(20_000)
      .default(100)
      .describe('studies past the direct-answer budget run as a task (202)'),
    objective: z.enum(OBJECTIVES).default('sharpe'),
    seed: z.number().int().default(42),
    execution: Execution.optional(),
    initialCash: z.number().positive().max(1e12).default(10_000),
    walkForward: z
      .object({
        folds: z.number().int().min(1).max(20),
        trainFraction: z.number().gt(0).lt(1).default(0.7),
        mode: z.enum(['rolling', 'anchored']).default('rolling'),
      })
      .optional(),
  })
  .strict()

/** The search spec of an optimisation request, with the evaluation cap of where it runs (request or task). */
export function searchSpecOf(body: z.infer<typeof OptimizationBody>, maxTrials: number) {
  const { strategy, space, method, trials, objective, seed, execution, initialCash } = body
  return { strategy, space, method, trials, objective, seed, execution, initialCash, maxTrials }
}

const Metrics = z.record(z.string(), z.number().nullable())

/** Turns request bars (or repository bars) into checked columns, in date order. */
function columns(bars: readonly Bar[], field: string): PriceBars {
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!
    const why = barProblem(b)
    if (why)
      throw new ValidationError(`${field}[${i}]: ${why}`, {
        details: [{ field: `${field}.${i}`, message: why }],
      })
    if (i > 0 && b.date <= bars[i - 1]!.date)
      throw new ValidationError(
        `${field} must be in increasing date order without duplicates (at ${b.date})`,
        {
          details: [{ field: `${field}.${i}.date`, message: 'not after the previous bar' }],
        },
      )
  }
  return barsToColumns(bars)
}

/** Bars from the request or the market repository (shared with the analytics task handlers). */
export async function loadBars(
  history: MarketHistory,
  input: { symbol?: string; bars?: Bar[]; from?: string; to?: string },
): Promise<{ bars: PriceBars; symbol: string | null }> {
  if (input.symbol && input.bars)
    throw new ValidationError('Give either body.symbol or body.bars, not both.', {
      details: [{ field: 'body.bars', message: 'not allowed together with symbol' }],
    })
  if (input.bars) {
    const inRange = input.bars.filter(
      (b) => (!input.from || b.date >= input.from) && (!input.to || b.date <= input.to),
    )
    return { bars: columns(inRange, 'body.bars'), symbol: null }
  }
  if (!input.symbol)
    throw new ValidationError('Give body.symbol or body.bars.', {
      details: [{ field: 'body.symbol', message: 'required when bars are not given' }],
    })
  // stored bars were checked on import; the history service serves them as cached columns
  const { series } = await history.read([input.symbol], input)
  return { bars: series[0]!, symbol: input.symbol }
}

const TradeOut = z.object({
  side: z.enum(['long', 'short']),
  entryDate: z.string(),
  entryPrice: z.number(),
  exitDate: z.string().nullable(),
  exitPrice: z.number().nullable(),
  size: z.number(),
  pnl: z.number(),
  returnPct: z.number(),
  commission: z.number(),
})

/** Backtests, portfolio optimisation, strategy parameter search and advice (the analytics engines in core). */
export function analyticsRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/backtests',
      summary:
        'Backtest a strategy on a symbol, inline bars, or a basket of symbols with periodic rebalancing',
      tags: ['analytics'],
      body: BacktestBody,
      responses: {
        ...AcceptedTask,
        200: {
          description: 'Metrics, trades and the equity curve',
          schema: z.object({
            symbol: z.string().nullable(),
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
        return c.json(await basketBacktest(historyOf(c.var.deps), body))
      }
      const { bars, symbol } = await loadBars(historyOf(c.var.deps), body)
      const r = backtestStrategy(bars, body.strategy.name, body.strategy.params, {
        initialCash: body.initialCash,
        execution: body.execution,
        riskFreeRate: body.riskFreeRate,
      })
      return c.json({
        symbol,
        strategy: { name: body.strategy.name, params: r.params },
        metrics: r.metrics,
        trades: r.trades.map(({ entryIndex: _e, exitIndex: _x, ...t }) => t),
        equity: bars.dates.map((date, i) => ({ date, value: r.equity[i]! })),
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/portfolios/optimize',
      summary: 'Optimise portfolio weights (mean-variance, risk parity, HRP) from stored or inline prices',
      tags: ['analytics'],
      body: z
        .object({
          symbols: z.array(SymbolParam).min(1).max(500).optional(),
          prices: z
            .object({
              dates: z.array(IsoDate).min(3).max(MAX_BARS),
              series: z.record(z.string().min(1).max(20), z.array(z.number().nullable())),
            })
            .optional()
            .describe(
              'null before a series starts is allowed (handled pairwise); gaps after it starts are not',
            ),
          from: IsoDate.optional(),
          to: IsoDate.optional(),
          objective: z.enum(PORTFOLIO_OBJECTIVES),
          targetReturn: z.number().optional(),
          targetVolatility: z.number().positive().optional(),
          riskFreeRate: z.number().min(-0.1).max(1).default(0.02),
          riskModel: z.enum(['sample', 'ledoit_wolf']).default('sample'),
          expectedReturns: z.enum(['mean', 'ema']).default('mean'),
          compounding: z
            .boolean()
            .default(true)
            .describe(
              'true: geometric mean of daily returns, compounded over 252 days; false: arithmetic mean x 252 (PyPortfolioOpt HRPOpt.portfolio_performance)',
            ),
          bounds: z
            .union([
              z.tuple([z.number(), z.number()]),
              z.record(z.string(), z.tuple([z.number(), z.number()])),
            ])
            .optional()
            .describe('[lower, upper] for every asset, or per ticker (others default to [0, 1])'),
          linkage: z.enum(LINKAGES).default('single'),
        })
        .strict(),
      responses: {
        200: {
          description: 'Weights, expected performance and realised analytics',
          schema: z.object({
            weights: z.record(z.string(), z.number()),
            performance: z.object({ expectedReturn: z.number(), volatility: z.number(), sharpe: z.number() }),
            analytics: Metrics,
          }),
        },
      },
    },
    async (c, { body }) => {
      let tickers: string[]
      let prices: Float64Array[]
      if (body.prices && body.symbols)
        throw new ValidationError('Give either body.symbols or body.prices, not both.', {
          details: [{ field: 'body.prices', message: 'not allowed together with symbols' }],
        })
      if (body.prices) {
        const { dates, series } = body.prices
        tickers = Object.keys(series)
        prices = tickers.map((t) => {
          const s = series[t]!
          if (s.length !== dates.length)
            throw new ValidationError(`series ${t} has ${s.length} values for ${dates.length} dates`, {
              details: [{ field: `body.prices.series.${t}`, message: 'length differs from dates' }],
            })
          return Float64Array.from(s, (v) => (v === null ? Number.NaN : v))
        })
      } else if (body.symbols) {
        tickers = [...new Set(body.symbols)]
        const { series } = await readHistory(c, tickers, body)
        prices = alignClosesPairwise(series).closes
      } else
        throw new ValidationError('Give body.symbols or body.prices.', {
          details: [{ field: 'body.symbols', message: 'required when prices are not given' }],
        })
      let bounds: [number, number] | [number, number][] | undefined
      if (Array.isArray(body.bounds)) bounds = body.bounds as [number, number]
      else if (body.bounds) {
        const per = body.bounds
        for (const k of Object.keys(per))
          if (!tickers.includes(k))
            throw new ValidationError(`bounds name '${k}', which is not in the universe`, {
              details: [{ field: `body.bounds.${k}`, message: 'unknown ticker' }],
            })
        bounds = tickers.map((t): [number, number] => per[t] ?? [0, 1])
      }
      const r = optimizePortfolio({
        tickers,
        prices,
        objective: body.objective,
        targetReturn: body.targetReturn,
        targetVolatility: body.targetVolatility,
        riskFreeRate: body.riskFreeRate,
        riskModel: body.riskModel,
        expectedReturns: body.expectedReturns,
        compounding: body.compounding,
        bounds,
        linkage: body.linkage,
      })
      return c.json(r)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/optimizations',
      summary: 'Search strategy parameters (grid, random or TPE), optionally walk-forward',
      tags: ['analytics'],
      body: OptimizationBody,
      responses: {
        ...AcceptedTask,
        200: {
          description: 'The best parameters, every trial, and walk-forward folds when asked',
          schema: z.object({
            best: z
              .object({
                params: z.record(z.string(), z.number()),
                score: z.number().nullable(),
                metrics: Metrics,
              })
              .nullable(),
            trials: z.array(
              z.object({ params: z.record(z.string(), z.number()), score: z.number().nullable() }),
            ),
            evaluated: z.number(),
          }),
        },
      },
    },
    async (c, { body }) => {
      // Studies past the direct-answer budget (or when the client prefers) run as a task: 202 + Location.
      if (wantsTask(c)) return enqueueTask(c, 'optimization', body)
      const { bars, symbol } = await loadBars(historyOf(c.var.deps), body)
      // Direct answers are bounded: evaluations x bars stays within what answers in a couple of seconds.
      const budget = 30_000_000
      const spec = searchSpecOf(
        body,
        Math.max(1, Math.floor(budget / Math.max(bars.close.length, 1) / (body.walkForward?.folds ?? 1))),
      )
      const tooBig = () =>
        new ValidationError(
          `This study exceeds the direct-answer limit of ${spec.maxTrials} evaluations on ${bars.close.length} bars and background tasks are not configured.`,
          { details: [{ field: 'body.trials', message: `at most ${spec.maxTrials} for this many bars` }] },
        )
      try {
        if (body.method !== 'grid' && body.trials > spec.maxTrials) {
          if (c.var.deps.tasks && body.trials <= TASK_MAX_TRIALS)
            return await enqueueTask(c, 'optimization', body)
          throw tooBig()
        }
        if (body.walkForward) {
          const wf = await walkForward(bars, { ...spec, ...body.walkForward })
          return c.json({ symbol, strategy: body.strategy, objective: body.objective, walkForward: wf })
        }
        const r = await searchParams(bars, spec)
        return c.json({ symbol, strategy: body.strategy, objective: body.objective, ...r })
      } catch (e) {
        // A grid larger than the direct budget (but within the task cap) moves onto a task rather than a 400.
        if (overBudget(e, spec.maxTrials, TASK_MAX_TRIALS) && c.var.deps.tasks)
          return enqueueTask(c, 'optimization', body)
        throw e
      }
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/advice',
      summary:
        'Buy / hold / sell for a symbol from a strategy ensemble, adjusted by risk profile and sentiment',
      tags: ['analytics'],
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
          }),
        },
      },
    },
    async (c, { body }) => {
      const deps = c.var.deps
      let riskScore = body.riskScore
      let profile: string | null = null
      if (body.profileId) {
        const p = await deps.profiles.get(body.profileId)
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
