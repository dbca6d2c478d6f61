import {
  type Monitor,
  PROMETHEUS_CONTENT_TYPE,
  REPORT_WINDOWS,
  toPrometheus,
  WINDOWS,
} from '@supernova/metrics'
import type { Context, Hono, MiddlewareHandler } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { endSseOnDrain } from '../drain.ts'
import type { AppEnv } from '../env.ts'
import { errorResponse } from '../errors.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { matchesOperatorKey, offeredOperatorKey } from '../operator.ts'
import { QueryInt } from '../schemas.ts'
import { dashboardHtml } from './dashboard.ts'
import type { PerformanceOptions } from './options.ts'

const windowQuery = z.object({ window: z.enum(['1m', '5m', '1h']).default('5m') })
const TAGS = ['performance']
/** The operator snapshots' documented answer: JSON objects whose members the README's performance section lists. */
const OPERATOR_JSON = {
  200: {
    description: 'The snapshot (members described in the README performance section)',
    schema: z.record(z.string(), z.unknown()),
  },
}

/** Rejects requests without the operator key when one is configured (constant-time comparison). */
export function operatorGuard(key: string | undefined): MiddlewareHandler {
  if (!key) return async (_c, next) => next()
  return async (c, next) => {
    // `?key=` too: the dashboard's EventSource cannot send headers
    if (!matchesOperatorKey(offeredOperatorKey(c) ?? c.req.query('key'), key)) {
      c.header('WWW-Authenticate', 'Bearer realm="operator"')
      return errorResponse(
        c,
        401,
        'unauthorized',
        'This endpoint needs the operator key (Authorization: Bearer <key>).',
      )
    }
    await next()
  }
}

const noStore = (c: Context) => c.header('Cache-Control', 'no-store')

/** Compression and ETag counts over a window (the counter sources of `addResponseCounters`). */
function responseCounters(monitor: Monitor, ms: number) {
  const byLabel = (name: string) => monitor.sourceWindow(name, ms) ?? {}
  const bytes = byLabel('http_compression_bytes_total')
  return {
    compression: byLabel('http_compression_total'),
    compressionRatio: bytes.in ? Math.round(((bytes.out ?? 0) / bytes.in) * 10000) / 10000 : null,
    compressionBytes: bytes,
    // where buffered bodies were compressed: in_place (on the event loop) or pool (zlib's threads)
    compressionThread: byLabel('http_compression_thread_total'),
    etag: byLabel('http_etag_total'),
  }
}

/** What the stream pushes every few seconds (and the dashboard draws). */
export function liveSnapshot(monitor: Monitor) {
  const health = monitor.health()
  return {
    point: monitor.point(),
    health: { score: health.score, status: health.status, issues: health.issues },
    routes: monitor.http
      .byRoute(WINDOWS['1m'])
      .slice(0, 10)
      .map((r) => ({
        method: r.method,
        route: r.route,
        rps: r.rps,
        count: r.count,
        errorRate: r.errorRate,
        p50: r.latencyMs.p50,
        p95: r.latencyMs.p95,
        p99: r.latencyMs.p99,
      })),
    cache: monitor.cache.overall(WINDOWS['1m']),
    firing: monitor.alerts.status().filter((a) => a.state === 'firing'),
  }
}

/**
 * `/performance/*` (health, resources, api, database, cache, tasks, stream, report, alerts, history, dashboard)
 * and `/metrics` (Prometheus), behind the operator key when one is configured.
 */
export function performanceRoutes(
  app: Hono<AppEnv>,
  openapi: OpenApi,
  monitor: Monitor,
  opts: PerformanceOptions = {},
) {
  const guard = operatorGuard(opts.operatorKey)
  app.use('/performance/*', guard)
  app.use('/metrics', guard)
  const streamMs = opts.streamIntervalMs ?? 2000

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/health',
      operationId: 'getPerformanceHealth',
      summary: 'Health score 0-100 with named issues',
      tags: TAGS,
      responses: OPERATOR_JSON,
    },
    (c) => {
      noStore(c)
      const h = monitor.health()
      return c.json({
        ...h,
        uptimeSeconds: Math.round(process.uptime()),
        firingAlerts: monitor.alerts.firing(),
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/metrics/resources',
      operationId: 'getResourceMetrics',
      summary: 'CPU, memory, heap, event loop, GC',
      tags: TAGS,
      responses: OPERATOR_JSON,
    },
    (c) => {
      noStore(c)
      return c.json({ ...monitor.resources(), registryBytes: monitor.registry.footprint() })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/metrics/api',
      operationId: 'getApiMetrics',
      summary: 'Throughput, errors, latency percentiles and bytes per route template',
      tags: TAGS,
      responses: OPERATOR_JSON,
      query: windowQuery.extend({ limit: QueryInt(1, 500).default(100) }),
    },
    (c, { query }) => {
      noStore(c)
      monitor.poll()
      const ms = WINDOWS[query.window]
      const routes = monitor.http.byRoute(ms)
      return c.json({
        window: query.window,
        total: monitor.http.total(ms),
        routes: routes.slice(0, query.limit),
        routeCount: monitor.http.routeCount,
        responses: responseCounters(monitor, ms),
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/metrics/database',
      operationId: 'getDatabaseMetrics',
      summary: 'Statement times by name, slow queries, pool state',
      tags: TAGS,
      responses: OPERATOR_JSON,
      query: windowQuery,
    },
    (c, { query }) => {
      noStore(c)
      const ms = WINDOWS[query.window]
      return c.json({
        window: query.window,
        total: monitor.db.total(ms),
        statements: monitor.db.byStatement(ms),
        slowQueries: monitor.db.slowQueries(),
        slowQueryMs: monitor.db.slowQueryMs,
        pool: monitor.db.poolState(),
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/metrics/cache',
      operationId: 'getCacheMetrics',
      summary: 'Hit rates per cache tier',
      tags: TAGS,
      responses: OPERATOR_JSON,
      query: windowQuery,
    },
    (c, { query }) => {
      noStore(c)
      monitor.poll()
      const ms = WINDOWS[query.window]
      return c.json({
        window: query.window,
        overall: monitor.cache.overall(ms),
        tiers: monitor.cache.byTier(ms),
        // in-process memos beside the tiers: the advice's sentiment hints (memo: reused, query: read from the store)
        memos: { sentimentHints: monitor.sourceWindow('sentiment_hint_lookups_total', ms) ?? null },
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/metrics/tasks',
      operationId: 'getTaskMetrics',
      summary: 'Background tasks and ML calls',
      tags: TAGS,
      responses: OPERATOR_JSON,
      query: windowQuery,
    },
    (c, { query }) => {
      noStore(c)
      const ms = WINDOWS[query.window]
      const depth = Object.fromEntries(
        monitor.tasks.depth.entries().map((e) => [e.labels.queue ?? '', e.child.value]),
      )
      const byType = monitor.tasks.duration
        .entries()
        .map((e) => ({ type: e.labels.type ?? '', ...e.child.window(ms) }))
        .filter((t) => t.count > 0)
      const wait = monitor.tasks.wait
        .entries()
        .map((e) => ({ type: e.labels.type ?? '', ...e.child.window(ms) }))
        .filter((t) => t.count > 0)
      const oldestAgeSeconds = Object.fromEntries(
        monitor.tasks.oldestAge.entries().map((e) => [e.labels.queue ?? '', e.child.value]),
      )
      const outcomes = Object.fromEntries(
        ['started', 'completed', 'failed', 'retried', 'dead'].map((o) => [
          o,
          monitor.tasks.events.windowTotal(ms, { outcome: o }),
        ]),
      )
      return c.json({
        window: query.window,
        tasks: {
          ...monitor.tasks.summary(ms),
          outcomes,
          queueDepth: depth,
          oldestAgeSeconds,
          poolSize: monitor.tasks.pool.child().value,
          dead: monitor.tasks.deadTotal.child().value,
          waitByType: wait,
          byType,
        },
        ml: monitor.ml.summary(ms),
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/metrics/stream',
      operationId: 'streamPerformanceMetrics',
      summary:
        'Server-Sent Events: `history` once, then `snapshot` every few seconds and `alert` on transitions',
      tags: TAGS,
      query: z.object({ interval: QueryInt(250, 60_000).optional() }),
      responses: {
        200: {
          description: 'An event stream: a `snapshot` event every interval',
          contentType: 'text/event-stream',
          schema: z.string(),
          example: 'event: snapshot\ndata: {"point":{},"health":{"score":100}}\n\n',
        },
      },
    },
    (c, { query }) => {
      const every = query.interval ?? streamMs
      const res = streamSSE(c, async (stream) => {
        let id = 0
        const send = (event: string, data: unknown) =>
          stream.writeSSE({ event, data: JSON.stringify(data), id: String(id++) })
        const off = monitor.subscribe((e) => {
          if (e.type === 'alert') void send('alert', e).catch(() => {})
        })
        stream.onAbort(off)
        const offDrain = endSseOnDrain(c, stream)
        try {
          await send('history', {
            intervalMs: monitor.intervalMs,
            streamMs: every,
            points: monitor.history(),
          })
          while (!stream.aborted && !stream.closed) {
            await send('snapshot', liveSnapshot(monitor))
            await stream.sleep(every)
          }
        } finally {
          off()
          offDrain()
        }
      })
      // no-transform: an intermediary (or our compressor) must not buffer the events.
      res.headers.set('Cache-Control', 'no-cache, no-transform')
      res.headers.set('X-Accel-Buffering', 'no')
      return res
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/report',
      operationId: 'getPerformanceReport',
      summary: 'This window against the previous one: trends and detected regressions',
      tags: TAGS,
      responses: OPERATOR_JSON,
      query: z.object({ window: z.enum(REPORT_WINDOWS).default('5m') }),
    },
    (c, { query }) => {
      noStore(c)
      return c.json(monitor.report(query.window))
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/alerts',
      operationId: 'listPerformanceAlerts',
      summary: 'Alert states and transition history',
      tags: TAGS,
      responses: OPERATOR_JSON,
    },
    (c) => {
      noStore(c)
      return c.json({ alerts: monitor.alerts.status(), history: monitor.alerts.history() })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/history',
      operationId: 'getPerformanceHistory',
      summary: 'History sampled every 10 s (bounded)',
      tags: TAGS,
      responses: OPERATOR_JSON,
      query: z.object({ since: QueryInt(0, Number.MAX_SAFE_INTEGER).optional() }),
    },
    (c, { query }) => {
      noStore(c)
      return c.json({ intervalMs: monitor.intervalMs, points: monitor.history(query.since) })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/performance/dashboard',
      operationId: 'getPerformanceDashboard',
      summary: 'Live dashboard (HTML, no external assets)',
      tags: TAGS,
      responses: {
        200: {
          description: 'HTML page',
          contentType: 'text/html',
          schema: z.string(),
          example: '<!doctype html><title>SuperNova performance</title>',
        },
      },
    },
    (c) => {
      c.header('Cache-Control', 'no-store')
      c.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
      )
      return c.html(dashboardHtml)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/metrics',
      operationId: 'getPrometheusMetrics',
      summary: 'Prometheus text exposition',
      tags: TAGS,
      responses: {
        200: {
          description: 'Prometheus text format 0.0.4',
          contentType: 'text/plain',
          schema: z.string(),
          example: '# TYPE http_requests_total counter\nhttp_requests_total{route="/v1/symbols"} 42\n',
        },
      },
    },
    (c) => {
      noStore(c)
      monitor.poll()
      return c.body(toPrometheus(monitor.registry.collect()), 200, {
        'Content-Type': PROMETHEUS_CONTENT_TYPE,
      })
    },
  )
}
