import { LOCAL_OWNER } from '@supernova/core'
import { createPgliteDatabase, resultRepository } from '@supernova/db'
import { localSentiment, sentimentService } from '@supernova/ml'
import { type DatabaseRunner, databaseTasks, taskRegistry } from '@supernova/queue'
import { REPORT_CSP } from '@supernova/reports'
import {
  createReportResults,
  createSentimentItems,
  createTestAppDeps,
  parseSvg,
  type ReportResults,
  seriesCount,
  texts,
  waitFor,
} from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { analyticsTaskTypes } from './analytics-tasks.ts'
import { resultsOf } from './results.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>
let runner: DatabaseRunner
let ids: ReportResults

beforeAll(async () => {
  const db = await createPgliteDatabase()
  deps = await createTestAppDeps({ db })
  const built = databaseTasks({
    db,
    registry: taskRegistry(analyticsTaskTypes({ market: deps.market })),
    pollMs: 20,
  })
  runner = built.runner.start()
  deps.tasks = built.queue
  deps.sentiment = sentimentService({ model: localSentiment(), db })
  app = createApp(deps)
  ids = await createReportResults((p, i) => app.request(p, i), ['AAPL', 'MSFT', 'KO', 'JPM', 'XOM'])
  await createSentimentItems((p, i) => app.request(p, i), 'AAPL', '2023-12-29', 40)
}, 120_000)
afterAll(async () => {
  await runner.drain(0)
  await deps.close()
})

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers })
const body = async (res: Response) => (await res.json()) as Record<string, unknown>
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

describe('stored results', () => {
  it('answers a backtest with its id, report link and Link header, and reads it back as it was answered', async () => {
    const res = await app.request('/v1/backtests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'SPY', strategy: { name: 'sma_cross' } }),
    })
    const answer = await body(res)
    expect(answer.id).toMatch(/^bt_/)
    expect(answer.report).toBe(`/v1/backtests/${answer.id}/report`)
    expect(res.headers.get('link')).toContain(`</v1/backtests/${answer.id}/report>; rel="alternate"`)
    const stored = await body(await get(`/v1/backtests/${answer.id}`))
    const { id: _i, report: _r, ...result } = answer
    expect(stored).toMatchObject({ id: answer.id, kind: 'backtest', result, report: answer.report })
    expect(stored.charts).toEqual([
      `/v1/backtests/${answer.id}/charts/equity.svg`,
      `/v1/backtests/${answer.id}/charts/trades.svg`,
    ])
    expect((stored.input as { symbol: string }).symbol).toBe('SPY')
  })

  it('lists the charts each kind has', async () => {
    const names = async (path: string) =>
      ((await body(await get(path))).charts as string[]).map((u) => u.slice(u.lastIndexOf('/') + 1))
    expect(await names(`/v1/backtests/${ids.basket}`)).toEqual(['equity.svg'])
    expect(await names(`/v1/optimizations/${ids.grid}`)).toEqual(['heatmap.svg'])
    expect(await names(`/v1/optimizations/${ids.tpe}`)).toEqual(['heatmap.svg', 'best-so-far.svg'])
    expect(await names(`/v1/optimizations/${ids.walkForward}`)).toEqual(['walk-forward.svg'])
    expect(await names(`/v1/portfolios/${ids.portfolio}`)).toEqual([
      'frontier.svg',
      'weights.svg',
      'correlation.svg',
      'dendrogram.svg',
    ])
  })

  it("stores a portfolio's figure inputs, not its figures: the frontier and clustering are solved when read", async () => {
    await resultsOf(deps).flush()
    const row = await resultRepository(deps.db).get(LOCAL_OWNER, 'portfolio', ids.portfolio)
    const extra = row!.extra as Record<string, unknown>
    expect(Object.keys(extra)).toEqual(['figureInputs'])
    const frontier = parseSvg(await (await get(`/v1/portfolios/${ids.portfolio}/charts/frontier.svg`)).text())
    expect(seriesCount(frontier)).toBeGreaterThan(0)
  })

  it("answers 404 for another owner's result, another kind's id or an unknown id; 400 for a malformed id", async () => {
    const theirs = await resultRepository(deps.db).create({
      owner: 'someone-else',
      kind: 'backtest',
      input: {},
      result: { equity: [] },
      extra: null,
    })
    expect(LOCAL_OWNER).not.toBe('someone-else')
    for (const path of [
      `/v1/backtests/${theirs.id}`,
      `/v1/backtests/${theirs.id}/report`,
      `/v1/backtests/${theirs.id}/charts/equity.svg`,
      `/v1/portfolios/${ids.backtest}`,
      `/v1/backtests/bt_00000000-0000-0000-0000-000000000000`,
    ]) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(await code(res)).toBe('not_found')
    }
    expect(await code(await get('/v1/backtests/nope'))).toBe('validation_error')
    expect(await code(await get(`/v1/backtests/${ids.backtest}/charts/heatmap.svg`))).toBe('not_found')
    expect(await code(await get(`/v1/backtests/${ids.backtest}/charts/x.gif`))).toBe('validation_error')
  })

  it('reads a study that ran as a task from the task row (no second copy)', async () => {
    const res = await app.request('/v1/optimizations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify({
        symbol: 'JPM',
        strategy: 'ma_cross',
        method: 'random',
        trials: 30,
        space: { fast: { min: 5, max: 30 }, slow: { min: 40, max: 120 } },
      }),
    })
    expect(res.status).toBe(202)
    const task = await body(res)
    await waitFor(async () => (await body(await get(`/v1/tasks/${task.id}`))).status === 'succeeded', 60_000)
    const stored = await body(await get(`/v1/optimizations/${task.id}`))
    expect(stored.kind).toBe('optimization')
    expect((stored.result as { trials: unknown[] }).trials).toHaveLength(30)
    expect(stored.charts).toEqual([
      `/v1/optimizations/${task.id}/charts/heatmap.svg`,
      `/v1/optimizations/${task.id}/charts/best-so-far.svg`,
    ])
    const svg = await get(`/v1/optimizations/${task.id}/charts/best-so-far.svg`)
    expect(svg.status).toBe(200)
    // A task of another type is not a backtest.
    expect((await get(`/v1/backtests/${task.id}`)).status).toBe(404)
    const count = await deps.db.query<{ n: number }>('select count(*)::int as n from results where id = $1', [
      task.id,
    ])
    expect(count.rows[0]!.n).toBe(0)
  })
})

describe('charts and reports', () => {
  it('serves a chart as SVG by default, PNG with Accept: image/png or a .png name, themed on request', async () => {
    const svg = await get(`/v1/backtests/${ids.backtest}/charts/equity.svg`)
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    const els = parseSvg(await svg.text())
    expect(texts(els)).toEqual(expect.arrayContaining(['Equity (USD)', 'Drawdown (%)', 'Buy and hold']))
    expect(seriesCount(els)).toBe(3)
    for (const [path, headers] of [
      [`/v1/backtests/${ids.backtest}/charts/equity`, { accept: 'image/png' }],
      [`/v1/backtests/${ids.backtest}/charts/equity.png`, {}],
    ] as const) {
      const png = await get(path, headers)
      expect(png.headers.get('content-type')).toBe('image/png')
      expect([...new Uint8Array(await png.arrayBuffer()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47])
    }
    const dark = await (await get(`/v1/backtests/${ids.backtest}/charts/equity.svg?theme=dark`)).text()
    expect(dark).toContain('#e6edf3')
    expect(await code(await get(`/v1/backtests/${ids.backtest}/charts/equity.svg?theme=blue`))).toBe(
      'validation_error',
    )
  })

  it('serves each report as one HTML page with inline charts under its own strict CSP', async () => {
    const pages = [
      [`/v1/backtests/${ids.backtest}/report`, 2],
      [`/v1/optimizations/${ids.tpe}/report`, 2],
      [`/v1/portfolios/${ids.portfolio}/report`, 4],
      ['/v1/sentiment/AAPL/report?to=2023-12-29&days=60', 1],
    ] as const
    for (const [path, charts] of pages) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.headers.get('content-security-policy')).toBe(REPORT_CSP)
      const html = await res.text()
      expect(html.match(/<svg role="img"/g), path).toHaveLength(charts)
      expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/)
    }
  })

  it('draws daily sentiment over the price, and 404s another chart name', async () => {
    const res = await get('/v1/sentiment/AAPL/charts/sentiment.svg?to=2023-12-29&days=60')
    expect(res.status).toBe(200)
    const els = parseSvg(await res.text())
    expect(texts(els)).toEqual(expect.arrayContaining(['Price (USD)', 'Mean sentiment (-1..1)']))
    expect((await get('/v1/sentiment/AAPL/charts/equity.svg')).status).toBe(404)
  })

  it('documents every report route with an operationId', async () => {
    const doc = (await body(await get('/openapi.json'))) as {
      paths: Record<string, Record<string, { operationId?: string }>>
    }
    expect(doc.paths['/v1/backtests/{id}']!.get!.operationId).toBe('getBacktest')
    expect(doc.paths['/v1/optimizations/{id}/charts/{file}']!.get!.operationId).toBe('getOptimizationChart')
    expect(doc.paths['/v1/portfolios/{id}/report']!.get!.operationId).toBe('getPortfolioReport')
    expect(doc.paths['/v1/sentiment/{symbol}/report']!.get!.operationId).toBe('getSentimentReport')
  })
})
