import { localSentiment, sentimentService } from '@supernova/ml'
import { createTestAppDeps, readOhlcvFixture, readPriceTableFixture, withAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { sentimentHintsFromAggregate } from './sentiment-hints.ts'

const bt = readOhlcvFixture('backtrader', '2006-day-001.txt')
const btBars = bt.dates.map((date, i) => ({
  date,
  open: bt.open[i]!,
  high: bt.high[i]!,
  low: bt.low[i]!,
  close: bt.close[i]!,
  volume: bt.volume[i]!,
}))
const table = readPriceTableFixture('pypfopt', 'stock_prices.csv')

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>
beforeAll(async () => {
  deps = await createTestAppDeps()
  app = createApp(deps)
})
afterAll(() => deps.close())

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const error = async (res: Response, status: number, message: RegExp) => {
  expect(res.status).toBe(status)
  const b = (await res.json()) as { error: { code: string; message: string } }
  expect(b.error.message).toMatch(message)
}

describe('POST /v1/backtests', () => {
  it('reproduces backtrader test_strategy_unoptimized from inline bars', async () => {
    const res = await post('/v1/backtests', {
      bars: btBars,
      strategy: { name: 'sma_cross', params: { period: 15 } },
      execution: { fill: 'next_open', sizing: { units: 1 } },
      initialCash: 10_000,
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as {
      metrics: { finalValue: number; trades: number }
      trades: { entryPrice: number }[]
      equity: { date: string; value: number }[]
    }
    expect(b.metrics.finalValue.toFixed(2)).toBe('10284.10')
    expect(b.trades[0]!.entryPrice.toFixed(2)).toBe('3643.35')
    expect(b.equity).toHaveLength(255)
  })

  it('backtests a stored symbol with costs and a date range', async () => {
    const res = await post('/v1/backtests', {
      symbol: 'aapl',
      from: '2022-06-01',
      strategy: { name: 'macd_trend' },
      execution: { fill: 'close', sizing: { percent: 100 }, commission: { percent: 0.1 }, slippageBps: 5 },
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as {
      symbol: string
      equity: { date: string }[]
      metrics: Record<string, unknown>
    }
    expect(b.symbol).toBe('AAPL')
    expect(b.equity[0]!.date >= '2022-06-01').toBe(true)
    for (const k of ['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'calmar', 'exposure', 'benchmarkReturn'])
      expect(b.metrics).toHaveProperty(k)
  })

  it('runs a basket with periodic rebalancing', async () => {
    const res = await post('/v1/backtests', {
      symbols: ['AAPL', 'MSFT', 'KO'],
      strategy: { name: 'ma_cross', params: { fast: 10, slow: 40 } },
      rebalanceEvery: 21,
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as { metrics: { rebalances: number }; weights: Record<string, number> }
    expect(b.metrics.rebalances).toBeGreaterThan(10)
    expect(Object.keys(b.weights)).toEqual(['AAPL', 'MSFT', 'KO'])
  })

  it('answers impossible requests with 400s that say why', async () => {
    await error(
      await post('/v1/backtests', {
        bars: btBars.slice(0, 10),
        strategy: { name: 'sma_cross', params: { period: 15 } },
      }),
      400,
      /needs at least 16 bars/,
    )
    await error(
      await post('/v1/backtests', {
        bars: [btBars[0], { ...btBars[1], close: -1 }, btBars[2]],
        strategy: { name: 'buy_hold' },
      }),
      400,
      /body.bars\[1\]/,
    )
    await error(await post('/v1/backtests', { strategy: { name: 'sma_cross' } }), 400, /symbol or body.bars/)
    await error(await post('/v1/backtests', { symbol: 'NOPE', strategy: { name: 'sma_cross' } }), 404, /NOPE/)
    await error(
      await post('/v1/backtests', { symbol: 'AAPL', strategy: { name: 'magic' } }),
      400,
      /strategy.name/,
    )
  })
})

describe('POST /v1/portfolios/optimize', () => {
  it('matches PyPortfolioOpt max Sharpe on the 20 x 7,126 inline price matrix', async () => {
    const series: Record<string, (number | null)[]> = {}
    table.tickers.forEach((t, j) => {
      series[t] = Array.from(table.series[j]!, (v) => (Number.isNaN(v) ? null : v))
    })
    const res = await post('/v1/portfolios/optimize', {
      prices: { dates: table.dates, series },
      objective: 'max_sharpe',
      riskFreeRate: 0.02,
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as { weights: Record<string, number>; performance: Record<string, number> }
    expect(Math.abs(b.performance.expectedReturn! - 0.3047768672819914)).toBeLessThan(1e-6)
    expect(Math.abs(b.performance.volatility! - 0.22165566922402932)).toBeLessThan(1e-6)
    expect(Math.abs(b.performance.sharpe! - 1.2847714127003216)).toBeLessThan(1e-6)
    expect(Object.keys(b.weights)).toHaveLength(20)
  })

  it("matches PyPortfolioOpt's HRPOpt performance with arithmetic mean returns (compounding: false)", async () => {
    const series: Record<string, (number | null)[]> = {}
    table.tickers.forEach((t, j) => {
      series[t] = Array.from(table.series[j]!, (v) => (Number.isNaN(v) ? null : v))
    })
    const res = await post('/v1/portfolios/optimize', {
      prices: { dates: table.dates, series },
      objective: 'hrp',
      linkage: 'single',
      compounding: false,
      riskFreeRate: 0.02,
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as { performance: Record<string, number> }
    // tests/test_hrp.py::test_portfolio_performance in PyPortfolioOpt.
    expect(Math.abs(b.performance.expectedReturn! - 0.21353402380950973)).toBeLessThan(1e-12)
    expect(Math.abs(b.performance.volatility! - 0.17844159743748936)).toBeLessThan(1e-12)
    expect(Math.abs(b.performance.sharpe! - 1.084579081272277)).toBeLessThan(1e-11)
  })

  it('answers a constant series with a 400 that names it, and with weights under shrinkage', async () => {
    const dates = table.dates.slice(0, 60)
    const series = { AAPL: Array.from(table.series[1]!.slice(0, 60)), FLAT: dates.map(() => 10) }
    for (const linkage of ['single', 'ward'] as const)
      await error(
        await post('/v1/portfolios/optimize', { prices: { dates, series }, objective: 'hrp', linkage }),
        400,
        /series FLAT has zero variance \(constant prices\)/,
      )
    await error(
      await post('/v1/portfolios/optimize', { prices: { dates, series }, objective: 'min_volatility' }),
      400,
      /series FLAT has zero variance/,
    )
    const res = await post('/v1/portfolios/optimize', {
      prices: { dates, series },
      objective: 'hrp',
      riskModel: 'ledoit_wolf',
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as { weights: Record<string, number> }
    expect(b.weights.AAPL! + b.weights.FLAT!).toBeCloseTo(1, 12)
    expect(b.weights.FLAT).toBeGreaterThan(0)
  })

  it('optimises stored symbols with every objective', async () => {
    for (const objective of [
      'min_volatility',
      'max_sharpe',
      'risk_parity',
      'hrp',
      'efficient_risk',
    ] as const) {
      const res = await post('/v1/portfolios/optimize', {
        symbols: ['AAPL', 'MSFT', 'JPM', 'XOM', 'KO'],
        objective,
        targetVolatility: 0.3,
        bounds: [0, 0.6],
        riskModel: 'ledoit_wolf',
      })
      expect(res.status).toBe(200)
      const b = (await res.json()) as { weights: Record<string, number> }
      const w = Object.values(b.weights)
      expect(w.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 9)
      expect(Math.max(...w)).toBeLessThanOrEqual(0.6 + 1e-9)
    }
  })

  it('rejects impossible portfolios', async () => {
    await error(
      await post('/v1/portfolios/optimize', {
        symbols: ['AAPL', 'KO'],
        objective: 'efficient_return',
        targetReturn: 50,
      }),
      400,
      /above the maximum attainable return/,
    )
    await error(
      await post('/v1/portfolios/optimize', {
        prices: {
          dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06'],
          series: { A: [1, null, 2, 3] },
        },
        objective: 'min_volatility',
      }),
      400,
      /missing or NaN price/,
    )
    await error(await post('/v1/portfolios/optimize', { objective: 'hrp' }), 400, /symbols or body.prices/)
    await error(
      await post('/v1/portfolios/optimize', {
        prices: { dates: ['2020-01-01', '2020-01-02', '2020-01-03'], series: {} },
        objective: 'hrp',
      }),
      400,
      /empty universe/,
    )
  })
})

describe('POST /v1/optimizations', () => {
  it('grid-searches a stored symbol and returns the best parameters', async () => {
    const res = await post('/v1/optimizations', {
      symbol: 'MSFT',
      strategy: 'ma_cross',
      method: 'grid',
      space: { fast: { min: 5, max: 20, step: 5 }, slow: { min: 30, max: 60, step: 10 } },
      objective: 'total_return',
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as {
      best: { params: { fast: number } }
      evaluated: number
      trials: unknown[]
    }
    expect(b.evaluated).toBe(16)
    expect(b.trials).toHaveLength(16)
    expect([5, 10, 15, 20]).toContain(b.best.params.fast)
  })

  it('runs TPE with walk-forward folds', async () => {
    const res = await post('/v1/optimizations', {
      symbol: 'KO',
      strategy: 'rsi_reversion',
      method: 'tpe',
      trials: 20,
      walkForward: { folds: 2 },
    })
    expect(res.status).toBe(200)
    const b = (await res.json()) as { walkForward: { folds: { params: unknown; testFrom: string }[] } }
    expect(b.walkForward.folds).toHaveLength(2)
  })

  it('rejects searches beyond the direct-answer budget', async () => {
    await error(
      await post('/v1/optimizations', {
        symbol: 'KO',
        strategy: 'ma_cross',
        method: 'grid',
        space: { fast: { min: 2, max: 200 }, slow: { min: 3, max: 400 } },
      }),
      400,
      /grid has \d+ points/,
    )
  })
})

describe('POST /v1/advice', () => {
  it('advises on a symbol with a stored profile and says the sentiment hint is neutral without a port', async () => {
    const p = await post('/v1/profiles', {
      age: 30,
      horizonYears: 20,
      incomeStability: 'stable',
      experience: 'intermediate',
      lossTolerance: 'hold',
      goal: 'growth',
    })
    const profile = (await p.json()) as { id: string; riskScore: number }
    const res = await post('/v1/advice', { symbol: 'SPY', profileId: profile.id })
    expect(res.status).toBe(200)
    const b = (await res.json()) as {
      action: string
      confidence: number
      riskScore: number
      rationale: string
    }
    expect(['buy', 'hold', 'sell']).toContain(b.action)
    expect(b.riskScore).toBe(profile.riskScore)
    expect(b.rationale).toMatch(/sentiment neutral/)
    expect(b.confidence).toBeGreaterThan(0)
  })

  it('uses a sentiment port when the deps carry one, and a request hint over it', async () => {
    const hints = sentimentHintsFromAggregate({
      aggregate: async ({ symbols }) => [{ symbol: symbols[0]!, count: 40, meanScore: -0.9 }],
    })
    const withPort = createApp({ ...deps, sentimentHints: hints })
    const res = await withPort.request('/v1/advice', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'SPY', riskScore: 50 }),
    })
    const b = (await res.json()) as { sentiment: { score: number; source: string }; rationale: string }
    expect(b.sentiment.score).toBe(-0.9)
    expect(b.rationale).toMatch(/bearish/)
    const override = (await (
      await post('/v1/advice', { symbol: 'SPY', sentiment: { score: 0.8 } })
    ).json()) as {
      sentiment: { source: string }
    }
    expect(override.sentiment.source).toBe('request')
  })

  it('takes the hint from stored sentiment when the sentiment service is wired', async () => {
    const sentiment = sentimentService({ model: localSentiment(), db: deps.db })
    const withService = createApp(withAppDeps(deps, { sentiment }))
    const advice = async () =>
      (await (
        await withService.request('/v1/advice', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ symbol: 'SPY', riskScore: 50 }),
        })
      ).json()) as { sentiment: { score: number; source?: string } }
    // nothing stored yet: no hint, and that answer is memoised for the symbol
    expect((await advice()).sentiment.source ?? '').not.toMatch(/^sentiment/)
    const now = new Date().toISOString()
    const stored = await withService.request('/v1/sentiment', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [
          { text: 'SPY plunges as recession fears deepen', symbol: 'SPY', time: now },
          { text: 'SPY slumps, losses widen across the market', symbol: 'SPY', time: now },
        ],
      }),
    })
    expect(stored.status).toBe(200)
    // storing dropped the memoised hint: the next advice reads the new rows
    const b = await advice()
    expect(b.sentiment.source).toMatch(/^sentiment/)
    expect(b.sentiment.score).toBeLessThan(0)
  })

  it('404s an unknown profile or symbol', async () => {
    await error(
      await post('/v1/advice', { symbol: 'SPY', profileId: 'pr_00000000-0000-0000-0000-000000000000' }),
      404,
      /Profile/,
    )
    await error(await post('/v1/advice', { symbol: 'ZZZZ' }), 404, /ZZZZ/)
  })
})

describe('OpenAPI', () => {
  it('documents the analytics routes with their schemas', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    for (const p of ['/v1/backtests', '/v1/portfolios/optimize', '/v1/optimizations', '/v1/advice'])
      expect(doc.paths[p]?.post).toBeDefined()
  })
})
