import type { Collectable, MetricFamily, MetricSample, Registry } from './registry.ts'
import { type LatencySummary, Series, summarize } from './windows.ts'

// Field order of an HTTP series' slots.
const COUNT = 0
const S1 = 1
const S2 = 2
const S3 = 3
const S4 = 4
const S5 = 5
const BYTES_IN = 6
const BYTES_OUT = 7
const DUR_SUM = 8
const FIELDS = ['sum', 'sum', 'sum', 'sum', 'sum', 'sum', 'sum', 'sum', 'sum'] as const

/** Route label used once `maxRoutes` distinct routes exist (bounded label cardinality). */
export const OTHER_ROUTE = '__other__'

/** Per-route figures over one window. */
export interface RouteStats {
  method: string
  route: string
  count: number
  rps: number
  status: { '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number }
  errorRate: number
  serverErrorRate: number
  bytesIn: number
  bytesOut: number
  latencyMs: LatencySummary
}

/** A listener for each recorded request. */
export type RequestTap = (method: string, route: string, status: number, durationMs: number) => void

/** HTTP recorder options. */
export interface HttpRecorderOptions {
  maxRoutes?: number
}

/**
 * Per route template and method: count, status classes, bytes in and out, latency histogram. Recording one
 * request costs two Map lookups, a handful of additions and two histogram records (route + all routes).
 */
export class HttpRecorder implements Collectable {
  private readonly routes = new Map<string, Map<string, Series>>()
  private size = 0
  private tapFn: RequestTap | null = null
  private readonly maxRoutes: number
  /** All routes together, for the global percentiles and the history. */
  readonly all: Series
  constructor(
    private readonly registry: Registry,
    opts: HttpRecorderOptions = {},
  ) {
    this.maxRoutes = opts.maxRoutes ?? 500
    this.all = new Series(registry.tb, FIELDS, true)
    registry.register(this)
  }

  private series(method: string, route: string): Series {
    let byMethod = this.routes.get(route)
    if (!byMethod) {
      if (this.size >= this.maxRoutes && route !== OTHER_ROUTE) return this.series(method, OTHER_ROUTE)
      byMethod = new Map()
      this.routes.set(route, byMethod)
    }
    let s = byMethod.get(method)
    if (!s) {
      s = new Series(this.registry.tb, FIELDS, true)
      byMethod.set(method, s)
      this.size++
    }
    return s
  }

  /** Records one finished request; `route` must be the matched template (e.g. `/v1/symbols/:symbol`). */
  record(
    method: string,
    route: string,
    status: number,
    durationMs: number,
    bytesIn: number,
    bytesOut: number,
  ) {
    const cls = status >= 500 ? S5 : status >= 400 ? S4 : status >= 300 ? S3 : status >= 200 ? S2 : S1
    recordInto(this.series(method, route), cls, durationMs, bytesIn, bytesOut)
    recordInto(this.all, cls, durationMs, bytesIn, bytesOut)
    if (this.tapFn !== null) this.tapFn(method, route, status, durationMs)
  }

  /** Sees every recorded request (the EMF exporter buffers per invocation with it); returns the untap function. */
  tap(fn: RequestTap): () => void {
    this.tapFn = fn
    return () => {
      if (this.tapFn === fn) this.tapFn = null
    }
  }

  private stats(method: string, route: string, s: Series, windowMs: number, offset = 0): RouteStats {
    const a = s.window(windowMs, offset)
    const v = a.v
    const count = v[COUNT]!
    return {
      method,
      route,
      count,
      rps: round((count * 1000) / a.durationMs),
      status: { '1xx': v[S1]!, '2xx': v[S2]!, '3xx': v[S3]!, '4xx': v[S4]!, '5xx': v[S5]! },
      errorRate: count ? round((v[S4]! + v[S5]!) / count, 5) : 0,
      serverErrorRate: count ? round(v[S5]! / count, 5) : 0,
      bytesIn: v[BYTES_IN]!,
      bytesOut: v[BYTES_OUT]!,
      latencyMs: summarize(a.hist),
    }
  }

  /** All routes together over a window (offset 1: the window before). */
  total(windowMs: number, offset = 0): RouteStats {
    return this.stats('*', '*', this.all, windowMs, offset)
  }

  /** Each route's figures over a window, busiest first; routes idle in the window are left out. */
  byRoute(windowMs: number, offset = 0): RouteStats[] {
    const out: RouteStats[] = []
    for (const [route, byMethod] of this.routes)
      for (const [method, s] of byMethod) {
        const st = this.stats(method, route, s, windowMs, offset)
        if (st.count > 0) out.push(st)
      }
    return out.sort((a, b) => b.count - a.count)
  }

  /** Distinct route and method pairs seen. */
  get routeCount(): number {
    return this.size
  }

  collect(): MetricFamily[] {
    const requests: MetricSample[] = []
    const bytes: MetricSample[] = []
    const latency: MetricSample[] = []
    const classes = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const
    for (const [route, byMethod] of this.routes)
      for (const [method, s] of byMethod) {
        const t = s.total
        classes.forEach((c, i) => {
          if (t[S1 + i]) requests.push({ labels: { method, route, status_class: c }, value: t[S1 + i]! })
        })
        bytes.push({ labels: { method, route, direction: 'in' }, value: t[BYTES_IN]! })
        bytes.push({ labels: { method, route, direction: 'out' }, value: t[BYTES_OUT]! })
        const w = summarize(s.window(300_000).hist)
        for (const [q, val] of [
          ['0.5', w.p50],
          ['0.95', w.p95],
          ['0.99', w.p99],
          ['0.999', w.p999],
        ] as const)
          latency.push({ labels: { method, route, quantile: q }, value: val / 1000 })
        latency.push({ labels: { method, route }, value: t[DUR_SUM]! / 1000, suffix: '_sum' })
        latency.push({ labels: { method, route }, value: t[COUNT]!, suffix: '_count' })
      }
    return [
      {
        name: 'http_requests_total',
        help: 'HTTP requests by route template and status class.',
        type: 'counter',
        samples: requests,
      },
      {
        name: 'http_bytes_total',
        help: 'HTTP body bytes by route template and direction.',
        type: 'counter',
        samples: bytes,
      },
      {
        name: 'http_request_duration_seconds',
        help: 'HTTP request latency by route template (quantiles over the last 5 minutes).',
        type: 'summary',
        samples: latency,
      },
    ]
  }

  footprint(): number {
    let b = this.all.footprint()
    for (const m of this.routes.values()) for (const s of m.values()) b += s.footprint()
    return b
  }
}

function recordInto(s: Series, cls: number, durationMs: number, bytesIn: number, bytesOut: number) {
  s.add(COUNT, 1)
  s.add(cls, 1)
  if (bytesIn > 0) s.add(BYTES_IN, bytesIn)
  if (bytesOut > 0) s.add(BYTES_OUT, bytesOut)
  s.add(DUR_SUM, durationMs)
  s.observe(durationMs)
}

function round(x: number, d = 3): number {
  const f = 10 ** d
  return Math.round(x * f) / f
}
