import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.ts'
import { COST_LIMITS } from './cost.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
type Envelope = {
  error: {
    code: string
    message: string
    details?: { field?: string; limit?: string; max?: number; value?: number }[]
  }
}

let deps: Deps
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  // no task queue: work past the worker budget has nowhere to go but a 400
  deps = await createTestAppDeps()
  app = createApp(deps)
})
afterAll(async () => deps.close())

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

const dates = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
  )

async function envelope(res: Response, status: number): Promise<Envelope> {
  expect(res.status).toBe(status)
  const body = (await res.json()) as Envelope
  expect(body.error.code).toEqual(expect.any(String))
  expect(body.error.message).toEqual(expect.any(String))
  return body
}

describe('bounded work: limits name the limit and the value', () => {
  it('answers 413 for more inline portfolio series than the limit', async () => {
    const n = COST_LIMITS.portfolioSeries + 1
    const d = dates(3)
    const series = Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, [1, 2, 3]]))
    const body = await envelope(
      await post('/v1/portfolios/optimize', { prices: { dates: d, series }, objective: 'risk_parity' }),
      413,
    )
    expect(body.error.code).toBe('payload_too_large')
    expect(body.error.details?.[0]).toMatchObject({ limit: 'portfolio.series', max: n - 1, value: n })
  })

  it('answers 400 too_expensive for a search past the worker budget when no task queue is configured', async () => {
    const body = await envelope(
      await post('/v1/optimizations', { symbol: 'KO', strategy: 'ma_cross', method: 'tpe', trials: 5_000 }),
      400,
    )
    expect(body.error.code).toBe('too_expensive')
    expect(body.error.details?.[0]).toMatchObject({ limit: 'search.ms', max: COST_LIMITS.workerMs })
    expect(body.error.details?.[0]?.value).toBeGreaterThan(COST_LIMITS.workerMs)
  })

  it('answers 400 too_expensive for a batch whose sub-requests add up past the batch budget', async () => {
    // each search fits one request's worker budget; together they pass the batch's
    const search = { symbol: 'KO', strategy: 'ma_cross', method: 'tpe', trials: 1_200 }
    const requests = Array.from({ length: 6 }, () => ({
      method: 'POST',
      path: '/v1/optimizations',
      body: search,
    }))
    const body = await envelope(await post('/v1/batch', { requests }), 400)
    expect(body.error.code).toBe('too_expensive')
    expect(body.error.details?.[0]).toMatchObject({ limit: 'batch.ms', max: COST_LIMITS.batchMs })
  })

  it('runs a search above the inline budget on the compute pool and answers it', async () => {
    const res = await post('/v1/optimizations', {
      symbol: 'KO',
      strategy: 'ma_cross',
      method: 'random',
      trials: 300,
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { evaluated: number }).evaluated).toBe(300)
  })
})

describe('clean failures', () => {
  it.each(['0x10', '1e2', '+5', ' 5', '5.0', ''])(
    'refuses limit=%j rather than reading a number into it',
    async (v) => {
      const body = await envelope(await app.request(`/v1/symbols?limit=${encodeURIComponent(v)}`), 400)
      expect(body.error.details?.[0]?.field).toBe('query.limit')
    },
  )

  it('refuses a query parameter given twice where one value is expected', async () => {
    const body = await envelope(await app.request('/v1/symbols?limit=1&limit=1000'), 400)
    expect(body.error.details?.[0]?.field).toBe('query.limit')
  })

  it.each(['2025-02-30', '0000-01-01', '1899-12-31', '2101-01-01'])(
    'refuses the date %s before the database sees it',
    async (d) => {
      const body = await envelope(await app.request(`/v1/symbols/KO/bars?from=${d}`), 400)
      expect(body.error.details?.[0]?.field).toBe('query.from')
    },
  )

  it('refuses a NUL character in a stored string, naming the field', async () => {
    const body = await envelope(await post('/v1/watchlists', { name: 'a\u0000b', symbols: ['KO'] }), 400)
    expect(body.error.details?.[0]?.field).toBe('body.name')
  })

  it('refuses a 10,000-deep body with the envelope', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
    const res = await app.request('/v1/watchlists', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"name":"x","symbols":${deep}}`,
    })
    expect((await envelope(res, 400)).error.message).toMatch(/nested more than/)
  })

  it.each([
    ['a bad header name', { 'bad header': 'x' }],
    ['a CRLF in a header value', { 'x-note': 'a\r\nset-cookie: x=1' }],
    ['a non-Latin-1 header value', { 'x-note': 'snowman \u2603' }],
  ])('validates batch sub-requests like top-level ones: %s is a 400', async (_what, headers) => {
    const res = await post('/v1/batch', { requests: [{ method: 'GET', path: '/v1/symbols', headers }] })
    expect((await envelope(res, 400)).error.details?.[0]?.field).toMatch(/^body\.requests\.0\.headers/)
  })

  it('shows only the status on /health and on /health/ready to anonymous callers when an operator key is set', async () => {
    const locked = createApp({ ...deps, performance: { operatorKey: 'op-secret' } })
    expect(await (await locked.request('/health')).json()).toEqual({ status: 'ok' })
    const ready = (await (await locked.request('/health/ready')).json()) as { checks: object[] }
    expect(ready.checks).toEqual([{ name: 'database', ok: true }])
    const operator = await locked.request('/health', { headers: { authorization: 'Bearer op-secret' } })
    expect(await operator.json()).toHaveProperty('uptimeSeconds')
  })

  it.each(['constant', 'all-NaN', 'one observation'])(
    'answers a %s series in every optimiser with a 400 naming it, never a 5xx',
    async (kind) => {
      const d = dates(40)
      const bad = d.map((_, i) =>
        kind === 'constant' ? 7 : kind === 'one observation' && i === 39 ? 7 : null,
      )
      const walk = (s: number) => d.map((_, i) => 100 + Math.sin(i * s) * 5 + i * s)
      for (const objective of ['min_volatility', 'max_sharpe', 'risk_parity', 'hrp']) {
        const res = await post('/v1/portfolios/optimize', {
          prices: { dates: d, series: { A: walk(1), B: walk(2), FLAT: bad } },
          objective,
        })
        const body = await envelope(res, 400)
        expect(`${body.error.message} ${JSON.stringify(body.error.details)}`).toContain('FLAT')
      }
    },
  )
})
