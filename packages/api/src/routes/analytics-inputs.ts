/** Request schemas of the analytics routes and the history loading they and their tasks share. */
import {
  type Bar,
  type BasketResult,
  barProblem,
  barsToColumns,
  LINKAGES,
  OBJECTIVES,
  PORTFOLIO_OBJECTIVES,
  type PriceBars,
  STRATEGY_NAMES,
  ValidationError,
} from '@supernova/core'
import { type ComputeJob, runComputeJob } from '@supernova/queue'
import { z } from 'zod'
import type { MarketHistory } from '../market-history/service.ts'
import { IsoDate, SymbolParam } from '../schemas.ts'
import { equitySeries } from './equity-series.ts'

export const MAX_BARS = 50_000

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

const BASKET_READ_CHUNK = 4

/** A basket backtest: each member's bars, periodic rebalancing (shared by the route and the task). */
export async function basketBacktest(
  history: MarketHistory,
  body: z.output<typeof BacktestBody>,
  run: (job: Extract<ComputeJob, { kind: 'basket' }>) => Promise<BasketResult> = async (job) =>
    (await runComputeJob(job)) as BasketResult,
) {
  const symbols = body.symbols ?? []
  // Embedded PGlite runs queries on this thread: one read of 50 histories would hold the event loop for all of
  // them, chunks let other requests (and /health) in between.
  const series = []
  for (let i = 0; i < symbols.length; i += BASKET_READ_CHUNK)
    series.push(...(await history.read(symbols.slice(i, i + BASKET_READ_CHUNK), body)).series)
  const members = series.map((bars) => ({ symbol: bars.symbol, bars }))
  const r = await run({
    kind: 'basket',
    input: {
      members,
      strategy: body.strategy.name,
      params: body.strategy.params,
      options: {
        initialCash: body.initialCash,
        rebalanceEvery: body.rebalanceEvery,
        execution: body.execution,
      },
    },
  })
  return {
    symbols,
    strategy: body.strategy,
    metrics: r.metrics,
    weights: r.weights,
    trades: [],
    equity: equitySeries(r.dates, r.equity),
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

/** Body of POST /v1/portfolios/optimize. */
export const PortfolioBody = z
  .object({
    symbols: z.array(SymbolParam).min(1).max(500).optional(),
    prices: z
      .object({
        dates: z.array(IsoDate).min(3).max(MAX_BARS),
        series: z.record(z.string().min(1).max(20), z.array(z.number().nullable())),
      })
      .optional()
      .describe('null before a series starts is allowed (handled pairwise); gaps after it starts are not'),
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
      .union([z.tuple([z.number(), z.number()]), z.record(z.string(), z.tuple([z.number(), z.number()]))])
      .optional()
      .describe('[lower, upper] for every asset, or per ticker (others default to [0, 1])'),
    linkage: z.enum(LINKAGES).default('single'),
  })
  .strict()

export const Metrics = z.record(z.string(), z.number().nullable())

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

export const TradeOut = z.object({
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
