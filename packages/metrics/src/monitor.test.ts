import { describe, expect, it } from 'vitest'
import type { QueryEvent } from './db-metrics.ts'
import { Monitor, type MonitorEvent } from './monitor.ts'

function setup(start = 1_700_000_000_000) {
  const clock = { t: start }
  const monitor = new Monitor({ clock: () => clock.t, historySize: 30, slowQueryMs: 50 })
  /** Advance time in 10 s steps, ticking at each boundary as the timer would. */
  const advance = (ms: number) => {
    for (let left = ms; left > 0; left -= 10_000) {
      clock.t += Math.min(10_000, left)
      monitor.tick()
    }
  }
  return { clock, monitor, advance }
}

describe('Monitor', () => {
  it('summarises HTTP traffic per route and overall over a window', () => {
    const { monitor } = setup()
    for (let i = 0; i < 90; i++) monitor.http.record('GET', '/v1/a', 200, 10, 0, 100)
    for (let i = 0; i < 10; i++) monitor.http.record('GET', '/v1/a', 503, 100, 0, 50)
    monitor.http.record('POST', '/v1/b', 400, 1, 20, 30)
    const routes = monitor.http.byRoute(60_000)
    expect(routes.map((r) => `${r.method} ${r.route}`)).toEqual(['GET /v1/a', 'POST /v1/b'])
    expect(routes[0]).toMatchObject({
      count: 100,
      status: { '2xx': 90, '5xx': 10 },
      serverErrorRate: 0.1,
      bytesOut: 9500,
    })
    expect(routes[0]!.latencyMs.p50).toBeCloseTo(10, 1)
    expect(routes[0]!.latencyMs.p99).toBeCloseTo(100, 0)
    const all = monitor.http.total(60_000)
    expect(all.count).toBe(101)
    expect(all.bytesIn).toBe(20)
    const m = monitor.measures()
    expect(m['http.requests.5m']).toBe(101)
    expect(m['http.server_error_rate.5m']).toBeCloseTo(10 / 101, 4)
  })

  it('records DB statements, keeps a bounded slow-query log and reports pool state', () => {
    const { monitor } = setup()
    const observers: ((e: QueryEvent) => void)[] = []
    const off = monitor.db.attach({
      observe(cb) {
        observers.push(cb)
        return () => observers.splice(observers.indexOf(cb), 1)
      },
    })
    const emit = (e: QueryEvent) => {
      for (const o of observers) o(e)
    }
    for (let i = 0; i < 20; i++) emit({ name: 'select bars', durationMs: 2, ok: true, rows: 10 })
    emit({ name: 'select bars', durationMs: 80, ok: true, rows: 5000 })
    emit({ name: 'insert tasks', durationMs: 3, ok: false, rows: 0 })
    monitor.db.setPoolStats(() => ({ total: 10, idle: 7, waiting: 0 }))
    const st = monitor.db.byStatement(60_000)
    expect(st[0]).toMatchObject({ name: 'select bars', count: 21, errors: 0 })
    expect(st[1]).toMatchObject({ name: 'insert tasks', count: 1, errors: 1 })
    expect(monitor.db.slowQueries()).toEqual([
      expect.objectContaining({ name: 'select bars', durationMs: 80, rows: 5000 }),
    ])
    expect(monitor.db.total(60_000)).toMatchObject({ count: 22, errors: 1 })
    monitor.tick()
    expect(monitor.db.pool.child({ state: 'idle' }).value).toBe(7)
    off()
    emit({ name: 'select bars', durationMs: 1, ok: true, rows: 1 })
    expect(monitor.db.total(60_000).count).toBe(22)
  })

  it('turns a cache stats provider into windowed hit rates per tier', () => {
    const { monitor, advance } = setup()
    const stats = { l1: { hits: 0, misses: 0, size: 0 }, l2: { hits: 0, misses: 0 } }
    monitor.cache.register('main', () => stats)
    stats.l1 = { hits: 80, misses: 20, size: 42 }
    stats.l2 = { hits: 15, misses: 5 }
    advance(10_000)
    const tiers = monitor.cache.byTier(60_000)
    expect(tiers.find((t) => t.tier === 'l1')).toMatchObject({
      hits: 80,
      misses: 20,
      hitRate: 0.8,
      levels: { size: 42 },
    })
    // 100 lookups: 80 answered by L1, 15 by L2, 5 missed both
    expect(monitor.cache.overall(60_000)).toEqual({ hits: 95, misses: 5, lookups: 100, hitRate: 0.95 })
    // a restarted cache (counters went down) counts from zero again
    stats.l1 = { hits: 10, misses: 0, size: 1 }
    advance(10_000)
    expect(monitor.cache.byTier(60_000).find((t) => t.tier === 'l1')?.hits).toBe(90)
  })

  it('counts tasks and ML calls from the hooks', () => {
    const { monitor } = setup()
    monitor.tasks.started('optimise')
    monitor.tasks.completed('optimise', 120)
    monitor.tasks.failed('optimise', 30)
    monitor.ml.inference({ model: 'finbert', backend: 'sagemaker', durationMs: 40, batchSize: 8 })
    monitor.ml.inference({ model: 'finbert', backend: 'local', durationMs: 90, fallback: true })
    expect(monitor.tasks.summary(60_000)).toEqual({ completed: 1, failed: 1, failureRate: 0.5 })
    expect(monitor.ml.summary(60_000)).toMatchObject({ calls: 2, fallbackRate: 0.5, errorRate: 0 })
    expect(monitor.ml.items.child({ model: 'finbert', backend: 'sagemaker' }).value).toBe(8)
  })

  it('keeps a bounded history and emits samples and alert transitions to subscribers', () => {
    const { monitor, advance } = setup()
    const events: MonitorEvent[] = []
    monitor.subscribe((e) => events.push(e))
    for (let i = 0; i < 50; i++) monitor.http.record('GET', '/x', 500, 5, 0, 0)
    advance(10_000)
    advance(10_000 * 40)
    expect(monitor.history()).toHaveLength(30)
    expect(events.filter((e) => e.type === 'sample')).toHaveLength(41)
    const alerts = events.filter((e) => e.type === 'alert')
    expect(alerts.map((e) => e.type === 'alert' && `${e.id}:${e.state}`)).toEqual([
      'high_error_rate:firing',
      'high_error_rate:resolved',
    ])
    expect(monitor.history()[0]!.t).toBeLessThan(monitor.history()[29]!.t)
  })

  it('reports trends against the previous window and detects a latency regression', () => {
    const { monitor, advance } = setup()
    for (let s = 0; s < 30; s++) {
      for (let i = 0; i < 10; i++) monitor.http.record('GET', '/v1/slow', 200, 10, 0, 0)
      for (let i = 0; i < 10; i++) monitor.http.record('GET', '/v1/steady', 200, 5, 0, 0)
      advance(10_000)
    }
    for (let s = 0; s < 30; s++) {
      for (let i = 0; i < 10; i++) monitor.http.record('GET', '/v1/slow', 200, 40, 0, 0)
      for (let i = 0; i < 10; i++) monitor.http.record('GET', '/v1/steady', 200, 5, 0, 0)
      advance(10_000)
    }
    const r = monitor.report('5m')
    expect(r.window).toBe('5m')
    const p95 = r.trends.find((t) => t.metric === 'http.p95_ms')!
    expect(p95.direction).toBe('up')
    expect(p95.better).toBe(false)
    const rps = r.trends.find((t) => t.metric === 'http.rps')!
    expect(rps.direction).toBe('flat')
    const reg = r.regressions.find((x) => x.scope === 'GET /v1/slow')!
    expect(reg).toMatchObject({ metric: 'p95_ms' })
    expect(reg.previous).toBeCloseTo(10, 0)
    expect(reg.current).toBeCloseTo(40, 0)
    expect(r.regressions.find((x) => x.scope === 'GET /v1/steady')).toBeUndefined()
    expect(r.routes.find((x) => x.route === '/v1/slow')?.previous?.count).toBe(300)
    expect(r.health.score).toBeGreaterThanOrEqual(0)
  })
})

describe('counter sources', () => {
  it('turn cumulative counters kept elsewhere into windowed counts, from a baseline at registration', () => {
    const { monitor } = setup()
    const ext = { tagged: 10, not_modified: 2 }
    const c = monitor.addCounterSource({ name: 'etag_total', help: 'h', label: 'outcome', read: () => ext })
    ext.tagged = 15
    ext.not_modified = 3
    monitor.poll()
    expect(c.child({ outcome: 'tagged' }).value).toBe(5)
    expect(c.windowTotal(60_000, { outcome: 'not_modified' })).toBe(1)
    // read back by name, by label value, for the /performance endpoints; undefined for a source never added
    expect(monitor.sourceWindow('etag_total', 60_000)).toEqual({ tagged: 5, not_modified: 1 })
    expect(monitor.sourceWindow('no_such_total', 60_000)).toBeUndefined()
  })
})
