import { createMonitor, type Monitor } from '@supernova/metrics'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let monitor: Monitor
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  monitor = createMonitor()
  deps = await createTestAppDeps({ extra: { monitor } })
  app = createApp(deps)
  // some traffic: DB-backed routes, a 404, a validation error
  for (let i = 0; i < 5; i++) await app.request('/v1/symbols')
  await app.request('/v1/symbols/NOPE')
  await app.request('/v1/symbols?limit=abc')
  monitor.tick()
})
afterAll(() => deps.close())

/** Reads SSE events from a response body until `n` events arrived, then cancels the stream. */
async function readEvents(res: Response, n: number): Promise<{ event: string; data: unknown }[]> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buf = ''
  const events: { event: string; data: unknown }[] = []
  while (events.length < n) {
    const { value, done } = await reader.read()
    if (done) break
    buf += decoder.decode(value, { stream: true })
    let i = buf.indexOf('\n\n')
    while (i >= 0) {
      const block = buf.slice(0, i)
      buf = buf.slice(i + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (data) events.push({ event, data: JSON.parse(data) })
      i = buf.indexOf('\n\n')
    }
  }
  await reader.cancel()
  return events
}

describe('/performance API through createApp', () => {
  it('records requests by route template and DB statements by name (middleware on by default)', async () => {
    const res = await app.request('/performance/metrics/api?window=1m')
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      window: string
      total: { count: number }
      routes: { method: string; route: string; count: number; status: Record<string, number> }[]
    }
    expect(body.window).toBe('1m')
    const symbols = body.routes.find((r) => r.route === '/v1/symbols')!
    expect(symbols.count).toBe(6)
    expect(symbols.status['4xx']).toBe(1)
    expect(body.routes.find((r) => r.route === '/v1/symbols/:symbol')?.status['4xx']).toBe(1)
    expect(body.total.count).toBeGreaterThanOrEqual(7)
    const responses = (
      body as unknown as { responses: { etag: Record<string, number>; compression: object } }
    ).responses
    expect(responses.etag.tagged).toBeGreaterThan(0)
    expect(responses.compression).toBeTypeOf('object')
    // where buffered bodies were compressed (event loop or zlib's pool; the compression tests count both)
    expect(body).toHaveProperty('responses.compressionThread')

    const db = (await (await app.request('/performance/metrics/database')).json()) as {
      total: { count: number }
      statements: { name: string; count: number }[]
    }
    expect(db.total.count).toBeGreaterThan(0)
    expect(db.statements.length).toBeGreaterThan(0)
  })

  it('serves health, resources, cache, tasks, report, alerts and history with their shapes', async () => {
    const health = (await (await app.request('/performance/health')).json()) as Record<string, unknown>
    expect(health).toMatchObject({
      score: expect.any(Number),
      status: expect.any(String),
      issues: expect.any(Array),
    })
    expect((health.checks as unknown[]).length).toBeGreaterThan(0)

    const res = (await (await app.request('/performance/metrics/resources')).json()) as {
      now: { rssBytes: number; heapUsedRatio: number; eventLoopDelayMs: { p99: number } }
      windows: Record<string, { cpuRatio: { avg: number } }>
      registryBytes: number
    }
    expect(res.now.rssBytes).toBeGreaterThan(0)
    expect(res.now.heapUsedRatio).toBeGreaterThan(0)
    expect(Object.keys(res.windows)).toEqual(['1m', '5m', '1h'])
    expect(res.registryBytes).toBeGreaterThan(0)

    monitor.cache.hit('l1')
    monitor.cache.miss('l1')
    const cache = (await (await app.request('/performance/metrics/cache?window=5m')).json()) as {
      overall: { hitRate: number }
      tiers: { tier: string }[]
    }
    expect(cache.overall.hitRate).toBe(0.5)
    expect(cache.tiers.map((t) => t.tier)).toContain('l1')
    // in-process memos beside the tiers: none in this deployment, then the sentiment hints' counts once a source
    // of them is added (as buildAppDeps adds it where there is a sentiment store)
    const before = (await (await app.request('/performance/metrics/cache?window=5m')).json()) as {
      memos: { sentimentHints: unknown }
    }
    expect(before.memos.sentimentHints).toBeNull()
    const lookups = { memo: 0, query: 0 }
    monitor.addCounterSource({
      name: 'sentiment_hint_lookups_total',
      help: 'h',
      label: 'outcome',
      read: () => lookups,
    })
    lookups.query = 1
    lookups.memo = 1
    const memos = (await (await app.request('/performance/metrics/cache?window=5m')).json()) as {
      memos: { sentimentHints: Record<string, number> | null }
    }
    expect(memos.memos.sentimentHints).toEqual({ query: 1, memo: 1 })

    monitor.tasks.completed('backtest', 12)
    const tasks = (await (await app.request('/performance/metrics/tasks')).json()) as {
      tasks: { completed: number }
    }
    expect(tasks.tasks.completed).toBe(1)

    const report = (await (await app.request('/performance/report?window=1m')).json()) as Record<
      string,
      unknown
    >
    expect(report).toMatchObject({ window: '1m', trends: expect.any(Array), regressions: expect.any(Array) })
    expect((report.routes as { route: string }[]).some((r) => r.route === '/v1/symbols')).toBe(true)

    const alerts = (await (await app.request('/performance/alerts')).json()) as {
      alerts: { id: string; state: string }[]
    }
    expect(alerts.alerts.map((a) => a.id)).toContain('high_error_rate')
    expect(alerts.alerts.every((a) => ['ok', 'firing', 'resolved'].includes(a.state))).toBe(true)

    const history = (await (await app.request('/performance/history')).json()) as { points: { t: number }[] }
    expect(history.points.length).toBeGreaterThanOrEqual(1)
  })

  it('answers 400 naming the field for a bad window', async () => {
    const res = await app.request('/performance/metrics/api?window=2d')
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { field: string }[] } }
    expect(body.error.details[0]?.field).toBe('query.window')
  })

  it('exposes Prometheus text at /metrics', async () => {
    const res = await app.request('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const text = await res.text()
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/v1\/symbols",status_class="2xx"\} 5$/m)
    expect(text).toContain('# TYPE http_request_duration_seconds summary')
    expect(text).toMatch(/^db_query_duration_seconds_count\{statement="[^"]+"\} \d+$/m)
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m)
  })

  it('streams history then snapshots over SSE', async () => {
    const res = await app.request('/performance/metrics/stream?interval=250')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    expect(res.headers.get('cache-control')).toContain('no-transform')
    const events = await readEvents(res, 3)
    expect(events.map((e) => e.event)).toEqual(['history', 'snapshot', 'snapshot'])
    const snap = events[1]!.data as {
      point: { rps: number; p95: number }
      health: { score: number }
      routes: unknown[]
    }
    expect(snap.health.score).toBeGreaterThanOrEqual(0)
    expect(snap.routes.length).toBeGreaterThan(0)
    expect(typeof snap.point.p95).toBe('number')
  })

  it('serves the dashboard page with no external assets', async () => {
    const res = await app.request('/performance/dashboard')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<canvas id="latency">')
    expect(html).toContain('new EventSource(url)')
    expect(html).not.toMatch(/(src|href)="https?:/)
  })
})

describe('operator key', () => {
  it('restricts /performance/* and /metrics when configured, accepting a bearer token, a header or ?key=', async () => {
    const guarded = createApp({ ...deps, monitor: createMonitor(), performance: { operatorKey: 's3cret' } })
    for (const path of ['/performance/health', '/metrics', '/performance/dashboard']) {
      const res = await guarded.request(path)
      expect(res.status).toBe(401)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
    }
    expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    )
    expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(
      200,
    )
    expect(
      (await guarded.request('/performance/health', { headers: { 'x-operator-key': 's3cret' } })).status,
    ).toBe(200)
    expect((await guarded.request('/performance/dashboard?key=s3cret')).status).toBe(200)
    expect((await guarded.request('/health')).status).toBe(200)
  })

  it('lets request metrics be switched off (the benchmark baseline)', async () => {
    const m = createMonitor()
    const off = createApp({ ...deps, monitor: m, performance: { requestMetrics: false } })
    await off.request('/health')
    expect(m.http.total(60_000).count).toBe(0)
  })
})
