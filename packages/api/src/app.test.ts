import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  deps = await createTestAppDeps({ extra: { http: { maxBodyBytes: 64 * 1024 } } })
  app = createApp(deps)
})
afterAll(() => deps.close())

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
const expectError = async (res: Response, status: number, code: string, message?: RegExp) => {
  expect(res.status).toBe(status)
  const body = (await res.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe(code)
  if (message) expect(body.error.message).toMatch(message)
  return body
}

describe('health and docs', () => {
  it('answers /health with a request id', async () => {
    const res = await app.request('/health')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBeTruthy()
    expect(await res.json()).toMatchObject({ status: 'ok' })
  })

  it('probes the database on /health/ready', async () => {
    const res = await app.request('/health/ready')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ready', checks: [{ name: 'database', ok: true }] })
  })

  it('reports not ready when a dependency hangs or fails', async () => {
    const sick = createApp({
      ...deps,
      readiness: [
        { name: 'l2', check: () => Promise.reject(new Error('connection refused')) },
        { name: 'model', check: () => new Promise(() => {}) },
      ],
    })
    const res = await sick.request('/health/ready')
    expect(res.status).toBe(503)
    const body = (await res.json()) as { checks: { name: string; ok: boolean; error?: string }[] }
    // the driver's message (hosts, ports) stays in the log
    expect(body.checks.find((c) => c.name === 'l2')).toMatchObject({ ok: false, error: 'unavailable' })
    expect(JSON.stringify(body)).not.toContain('connection refused')
    expect(body.checks.find((c) => c.name === 'model')?.error).toMatch(/no answer within/)
  })

  it('serves an OpenAPI document generated from the route schemas', async () => {
    type Param = { name?: string; $ref?: string }
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string
      paths: Record<
        string,
        Record<string, { parameters?: Param[]; requestBody?: unknown; responses: object }>
      >
      components: { parameters: Record<string, { name: string }> }
    }
    // shared parameters are references to components
    const names = (ps: Param[] = []) =>
      ps.map((p) => p.name ?? doc.components.parameters[p.$ref!.split('/').pop()!]!.name)
    expect(doc.openapi).toBe('3.1.0')
    expect(names(doc.paths['/v1/symbols/{symbol}/bars']?.get?.parameters)).toEqual([
      'symbol',
      'from',
      'to',
      'limit',
      'cursor',
      'fields',
      'If-None-Match',
      'Accept-Encoding',
    ])
    expect(names(doc.paths['/v1/symbols']?.get?.parameters)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'offset', 'fields']),
    )
    // field selection applies to every JSON answer, so every operation with one declares `fields`
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        if (JSON.stringify(op.responses).includes('application/json'))
          expect(names(op.parameters).includes('fields'), `${method} ${path}`).toBe(true)
    expect(doc.paths['/v1/profiles']?.post?.requestBody).toBeDefined()
    expect(Object.keys(doc.paths)).toContain('/v1/watchlists/{id}/symbols/{symbol}')
  })

  it('answers an unknown route with 404 in the error envelope', async () => {
    await expectError(await app.request('/v1/nope'), 404, 'not_found', /No route for GET \/v1\/nope/)
  })
})

describe('market data', () => {
  it('lists symbols with cursor pagination that visits each once', async () => {
    const seen: string[] = []
    let url = '/v1/symbols?limit=4'
    for (;;) {
      const res = await app.request(url)
      expect(res.status).toBe(200)
      const page = (await res.json()) as {
        data: { symbol: string }[]
        has_more: boolean
        next_cursor: string | null
      }
      seen.push(...page.data.map((s) => s.symbol))
      if (!page.has_more) break
      expect(res.headers.get('link')).toMatch(/rel="next"/)
      url = `/v1/symbols?limit=4&cursor=${page.next_cursor}`
    }
    expect(seen).toEqual(['AAPL', 'JPM', 'KO', 'MSFT', 'SPY', 'XOM'])
  })

  it('supports offset pagination and sector filters', async () => {
    const page = (await (await app.request('/v1/symbols?limit=2&offset=2')).json()) as {
      data: { symbol: string }[]
    }
    expect(page.data.map((s) => s.symbol)).toEqual(['KO', 'MSFT'])
    const tech = (await (await app.request('/v1/symbols?sector=Technology')).json()) as {
      data: { symbol: string }[]
    }
    expect(tech.data.map((s) => s.symbol)).toEqual(['AAPL', 'MSFT'])
  })

  it('rejects bad limits, cursors and mixed paging naming the field', async () => {
    await expectError(await app.request('/v1/symbols?limit=0'), 400, 'validation_error', /query\.limit/)
    await expectError(await app.request('/v1/symbols?limit=abc'), 400, 'validation_error', /query\.limit/)
    await expectError(await app.request('/v1/symbols?limit=100000'), 400, 'validation_error', /query\.limit/)
    await expectError(await app.request('/v1/symbols?cursor=garbage'), 400, 'validation_error', /cursor/)
    await expectError(
      await app.request('/v1/symbols?offset=1&cursor=eyJzIjoiQSJ9'),
      400,
      'validation_error',
      /cursor.*offset/,
    )
  })

  it('returns one symbol with its bar span, case-insensitively', async () => {
    const res = await app.request('/v1/symbols/aapl')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      symbol: 'AAPL',
      sector: 'Technology',
      bars: { first: '2022-01-03', last: '2023-12-29' },
    })
  })

  it('returns bars in a date range, inclusive', async () => {
    const res = await app.request('/v1/symbols/MSFT/bars?from=2023-03-01&to=2023-03-07')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { symbol: string; data: { date: string; close: number }[] }
    expect(body.data.map((b) => b.date)).toEqual([
      '2023-03-01',
      '2023-03-02',
      '2023-03-03',
      '2023-03-06',
      '2023-03-07',
    ])
    expect(body.data[0]!.close).toBeGreaterThan(0)
  })

  it('404s an unknown symbol and 400s bad dates or symbols', async () => {
    await expectError(await app.request('/v1/symbols/ZZZZ'), 404, 'not_found', /ZZZZ/)
    await expectError(await app.request('/v1/symbols/ZZZZ/bars'), 404, 'not_found')
    await expectError(
      await app.request('/v1/symbols/AAPL/bars?from=2023-02-30'),
      400,
      'validation_error',
      /query\.from/,
    )
    await expectError(
      await app.request('/v1/symbols/AAPL/bars?to=yesterday'),
      400,
      'validation_error',
      /query\.to/,
    )
    await expectError(
      await app.request('/v1/symbols/AAPL/bars?from=2023-05-01&to=2023-01-01'),
      400,
      'validation_error',
      /after query\.to/,
    )
    await expectError(await app.request('/v1/symbols/bad$ymbol'), 400, 'validation_error', /path\.symbol/)
  })
})

describe('profiles', () => {
  const answers = {
    name: 'Ada',
    age: 34,
    horizonYears: 15,
    incomeStability: 'stable',
    experience: 'intermediate',
    lossTolerance: 'hold',
    goal: 'growth',
  }

  it('scores and stores a questionnaire, then reads it back', async () => {
    const res = await app.request('/v1/profiles', json(answers))
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; riskScore: number; profile: string }
    expect(created.riskScore).toBeGreaterThan(50)
    expect(res.headers.get('location')).toBe(`/v1/profiles/${created.id}`)
    const got = await app.request(`/v1/profiles/${created.id}`)
    expect(got.status).toBe(200)
    expect(await got.json()).toMatchObject({
      id: created.id,
      name: 'Ada',
      riskScore: created.riskScore,
      answers: { age: 34 },
    })
  })

  it('rejects bad answers, malformed JSON, bad and unknown ids', async () => {
    const bad = await expectError(
      await app.request('/v1/profiles', json({ ...answers, age: 7, goal: 'moon' })),
      400,
      'validation_error',
    )
    expect(JSON.stringify(bad)).toMatch(/body\.age/)
    expect(JSON.stringify(bad)).toMatch(/body\.goal/)
    await expectError(
      await app.request('/v1/profiles', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"age": 3',
      }),
      400,
      'validation_error',
      /not valid JSON/,
    )
    await expectError(await app.request('/v1/profiles', { method: 'POST' }), 400, 'validation_error', /empty/)
    await expectError(await app.request('/v1/profiles/123'), 400, 'validation_error', /path\.id/)
    await expectError(
      await app.request('/v1/profiles/pr_00000000-0000-0000-0000-000000000000'),
      404,
      'not_found',
    )
  })

  it('refuses an oversized body with 413', async () => {
    const res = await app.request('/v1/profiles', json({ ...answers, name: 'x'.repeat(100_000) }))
    await expectError(res, 413, 'payload_too_large')
  })
})

describe('watchlists', () => {
  it('creates, adds, removes, lists and deletes', async () => {
    const res = await app.request('/v1/watchlists', json({ name: 'Tech', symbols: ['aapl', 'MSFT'] }))
    expect(res.status).toBe(201)
    const w = (await res.json()) as { id: string; symbols: string[] }
    expect(w.symbols).toEqual(['AAPL', 'MSFT'])

    const added = await app.request(`/v1/watchlists/${w.id}/symbols`, json({ symbol: 'XOM' }))
    expect(added.status).toBe(201)
    expect(((await added.json()) as { symbols: string[] }).symbols).toEqual(['AAPL', 'MSFT', 'XOM'])

    const removed = await app.request(`/v1/watchlists/${w.id}/symbols/MSFT`, { method: 'DELETE' })
    expect(((await removed.json()) as { symbols: string[] }).symbols).toEqual(['AAPL', 'XOM'])

    await app.request('/v1/watchlists', json({ name: 'Second' }))
    const list = (await (await app.request('/v1/watchlists?limit=1')).json()) as {
      data: { name: string }[]
      has_more: boolean
      next_cursor: string
    }
    expect(list.data.map((x) => x.name)).toEqual(['Tech'])
    expect(list.has_more).toBe(true)
    const next = (await (await app.request(`/v1/watchlists?limit=1&cursor=${list.next_cursor}`)).json()) as {
      data: { name: string }[]
      has_more: boolean
    }
    expect(next.data.map((x) => x.name)).toEqual(['Second'])
    expect(next.has_more).toBe(false)
    // a cursor of another list, or a tampered one, is refused
    const symbols = (await (await app.request('/v1/symbols?limit=1')).json()) as { next_cursor: string }
    await expectError(
      await app.request(`/v1/watchlists?cursor=${symbols.next_cursor}`),
      400,
      'validation_error',
      /cursor/,
    )
    await expectError(
      await app.request(`/v1/watchlists?cursor=${list.next_cursor}x`),
      400,
      'validation_error',
      /cursor/,
    )

    expect((await app.request(`/v1/watchlists/${w.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await app.request(`/v1/watchlists/${w.id}`)).status).toBe(404)
  })

  it('answers 409 for a duplicate entry and 404 for unknown symbols or lists', async () => {
    const w = (await (
      await app.request('/v1/watchlists', json({ name: 'Dup', symbols: ['KO'] }))
    ).json()) as { id: string }
    await expectError(
      await app.request(`/v1/watchlists/${w.id}/symbols`, json({ symbol: 'KO' })),
      409,
      'conflict',
      /already/,
    )
    await expectError(
      await app.request(`/v1/watchlists/${w.id}/symbols`, json({ symbol: 'NOPE' })),
      404,
      'not_found',
      /NOPE/,
    )
    await expectError(
      await app.request(`/v1/watchlists/${w.id}/symbols/JPM`, { method: 'DELETE' }),
      404,
      'not_found',
      /not on/,
    )
    await expectError(
      await app.request('/v1/watchlists', json({ name: 'x', symbols: ['NOPE'] })),
      404,
      'not_found',
    )
    await expectError(
      await app.request(
        '/v1/watchlists/wl_00000000-0000-0000-0000-000000000000/symbols',
        json({ symbol: 'KO' }),
      ),
      404,
      'not_found',
    )
    await expectError(
      await app.request('/v1/watchlists', json({ name: '' })),
      400,
      'validation_error',
      /body\.name/,
    )
  })
})

describe('bars of many symbols (NDJSON)', () => {
  it('streams every bar of each symbol in the range, symbol by symbol', async () => {
    const res = await app.request('/v1/bars?symbols=msft,AAPL&from=2023-03-01&to=2023-03-03')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/)
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { symbol: string; date: string })
    expect(lines.map((l) => `${l.symbol} ${l.date}`)).toEqual([
      'MSFT 2023-03-01',
      'MSFT 2023-03-02',
      'MSFT 2023-03-03',
      'AAPL 2023-03-01',
      'AAPL 2023-03-02',
      'AAPL 2023-03-03',
    ])
  })

  it('applies field selection per line and rejects unknown or missing symbols', async () => {
    const res = await app.request('/v1/bars?symbols=KO&from=2023-03-01&to=2023-03-01&fields=date,close')
    const line = JSON.parse((await res.text()).trim()) as Record<string, unknown>
    expect(Object.keys(line).sort()).toEqual(['close', 'date'])
    await expectError(await app.request('/v1/bars?symbols=KO,NOPE'), 404, 'not_found', /NOPE/)
    await expectError(await app.request('/v1/bars'), 400, 'validation_error', /query\.symbols/)
    await expectError(
      await app.request('/v1/bars?symbols=KO&from=2023-05-01&to=2023-01-01'),
      400,
      'validation_error',
    )
  })
})
