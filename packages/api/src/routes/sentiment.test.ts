import { createPgliteDatabase } from '@supernova/db'
import { createMonitor } from '@supernova/metrics'
import { localSentiment, sagemakerSentiment, sentimentService } from '@supernova/ml'
import { createTestAppDeps, freePort, withAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  const db = await createPgliteDatabase()
  deps = await createTestAppDeps({
    db,
    extra: { sentiment: sentimentService({ model: localSentiment(), db }) },
  })
  app = createApp(deps)
})
afterAll(() => deps.close())

const post = (body: unknown) =>
  app.request('/v1/sentiment', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const expect400 = async (res: Response, field: string, message?: RegExp) => {
  expect(res.status).toBe(400)
  const body = (await res.json()) as {
    error: { code: string; message: string; details: { field: string }[] }
  }
  expect(body.error.code).toBe('validation_error')
  expect(body.error.details.map((d) => d.field)).toContain(field)
  if (message) expect(body.error.message).toMatch(message)
}

describe('POST /v1/sentiment', () => {
  it('scores texts in order', async () => {
    const res = await post({
      texts: ['Tesla beats estimates and raises guidance', 'Intel shares plunge 20% after weak forecast'],
    })
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as { results: { label: string; score: number; model: string }[] }
    expect(results.map((r) => r.label)).toEqual(['positive', 'negative'])
    expect(results[0]!.model).toMatch(/^local:/)
  })

  it('scores and stores items under their symbol or the tickers they mention', async () => {
    const res = await post({
      items: [
        { text: '$TSLA beats estimates, shares jump', time: '2024-03-01T09:15:00Z', source: 'news' },
        { text: 'AAPL shares plunge after weak iPhone sales', time: '2024-03-01T10:20:00Z' },
        { text: 'Upgraded to buy at Goldman', symbol: 'jpm', time: '2024-03-02T12:00:00Z' },
        { text: 'Markets are quiet today', time: '2024-03-02T12:00:00Z' },
      ],
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { results: { symbols: string[]; label: string }[]; stored: number }
    expect(body.results.map((r) => r.symbols)).toEqual([['TSLA'], ['AAPL'], ['JPM'], []])
    expect(body.stored).toBe(3)
  })

  it('answers history per symbol and aggregates over symbols', async () => {
    const h = await app.request('/v1/sentiment/tsla/history?from=2024-03-01&to=2024-03-03&interval=hour')
    expect(h.status).toBe(200)
    const hist = (await h.json()) as {
      symbol: string
      data: { bucket: string; count: number; positive: number }[]
    }
    expect(hist.symbol).toBe('TSLA')
    expect(hist.data).toEqual([
      expect.objectContaining({ bucket: '2024-03-01T09:00:00.000Z', count: 1, positive: 1 }),
    ])

    const a = await app.request('/v1/sentiment/aggregate?symbols=AAPL,JPM,KO&from=2024-03-01&to=2024-03-04')
    expect(a.status).toBe(200)
    const agg = (await a.json()) as {
      data: { symbol: string; count: number; negative: number; meanScore: number }[]
    }
    expect(agg.data.map((d) => [d.symbol, d.count])).toEqual([
      ['AAPL', 1],
      ['JPM', 1],
      ['KO', 0],
    ])
    expect(agg.data[0]!.negative).toBe(1)
    expect(agg.data[0]!.meanScore).toBeLessThan(0)
  })

  it('rejects empty, oversized and non-text input with a 400 naming the problem', async () => {
    await expect400(await post({}), 'body.texts', /exactly one of texts or items/)
    await expect400(await post({ texts: [] }), 'body.texts', /at least one/)
    await expect400(await post({ texts: [42] }), 'body.texts.0', /text string/)
    await expect400(await post({ texts: ['   '] }), 'body.texts.0', /non-empty/)
    await expect400(await post({ texts: ['x'.repeat(2_001)] }), 'body.texts.0', /at most 2000 characters/)
    await expect400(await post({ texts: Array(101).fill('hello') }), 'body.texts', /at most 100 texts/)
    await expect400(await post({ texts: 'hello' }), 'body.texts', /array of texts/)
    await expect400(await post({ items: [{ text: 'ok', time: 'yesterday' }] }), 'body.items.0.time')
    await expect400(await post({ texts: ['a'], items: [{ text: 'b' }] }), 'body.texts')
  })

  it('rejects bad history and aggregate queries', async () => {
    await expect400(await app.request('/v1/sentiment/TSLA/history?interval=week'), 'query.interval')
    await expect400(
      await app.request('/v1/sentiment/TSLA/history?from=2024-03-05&to=2024-03-01'),
      'query.from',
      /before/,
    )
    await expect400(
      await app.request('/v1/sentiment/TSLA/history?from=2020-01-01&to=2024-01-01&interval=hour'),
      'query.from',
    )
    await expect400(await app.request('/v1/sentiment/aggregate'), 'query.symbols')
    await expect400(await app.request('/v1/sentiment/aggregate?symbols=,,'), 'query.symbols', /at least one/)
  })

  it('answers 503 when no sentiment model is configured', async () => {
    const bare = createApp({ ...deps, sentiment: undefined })
    const res = await bare.request('/v1/sentiment', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ texts: ['x'] }),
    })
    expect(res.status).toBe(503)
  })

  it('flags answers from the local fallback when the endpoint is down', async () => {
    const port = await freePort() // nothing listens there
    const model = sagemakerSentiment({
      endpointName: 'down',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    })
    const withEndpoint = createApp(
      withAppDeps(deps, { sentiment: sentimentService({ model, db: deps.db }), monitor: createMonitor() }),
    )
    const res = await withEndpoint.request('/v1/sentiment', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ texts: ['Apple raises dividend'] }),
    })
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as { results: { fallback?: boolean; label: string }[] }
    expect(results[0]).toMatchObject({ fallback: true, label: 'positive' })
    expect(model.counters.fallbacks).toBe(1)
    // the adapter's counters reach the Prometheus exposition through the app's monitor
    const prom = await (await withEndpoint.request('/metrics')).text()
    expect(prom).toMatch(/sentiment_events_total\{event="fallbacks"\} 1\b/)
    await model.close()
  })
})
