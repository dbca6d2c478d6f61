import { type AlertEvent, type AlertRule, Alerts } from './alerts.ts'
import { CounterSources } from './counter-sources.ts'
import { DbRecorder } from './db-metrics.ts'
import {
  DEFAULT_HEALTH_RULES,
  evaluateHealth,
  type HealthReport,
  type HealthRule,
  type Measures,
} from './health.ts'
import { CacheHooks, MlHooks, TaskHooks } from './hooks.ts'
import { HttpRecorder, type RouteStats } from './http-metrics.ts'
import { ProcessCollector, type ResourceSample } from './process.ts'
import { RealtimeHooks, type RealtimePoint } from './realtime.ts'
import { type Counter, Registry } from './registry.ts'
import { type Clock, WINDOWS, type WindowName } from './windows.ts'

/** Monitor options; every one has a default. */
export interface MonitorOptions {
  clock?: Clock
  /** Collection period: slot length, history sampling, alert evaluation (default 10 s). */
  intervalMs?: number
  significantDigits?: 1 | 2 | 3
  slowQueryMs?: number
  maxRoutes?: number
  healthRules?: readonly HealthRule[]
  alertRules?: readonly AlertRule[]
  /** History points kept (default 720: two hours at 10 s, so the last hour can be compared with the one before). */
  historySize?: number
}

/** One history point, taken every interval. Latencies in ms, rates per second, ratios 0..1. */
export interface HistoryPoint extends RealtimePoint {
  t: number
  rps: number
  requests: number
  errorRate: number
  serverErrorRate: number
  p50: number
  p95: number
  p99: number
  p999: number
  cpu: number
  rssBytes: number
  heapUsedBytes: number
  eventLoopP99: number
  cacheHitRate: number | null
  dbP95: number
  health: number
  firing: number
  /** Tasks waiting in every priority queue, the oldest one's age, and finished tasks per minute. */
  taskQueued: number
  taskOldestAgeS: number
  tasksPerMin: number
  taskFailuresPerMin: number
  /** Task workers in this process's pool (0 where another process runs them, e.g. SQS workers). */
  taskWorkers: number
}

/** A monitor event: a new history point or an alert transition. */
export type MonitorEvent = { type: 'sample'; point: HistoryPoint } | AlertEvent

/** A trend of one figure: this window against the one before it. */
export interface Trend {
  metric: string
  current: number | null
  previous: number | null
  changePct: number | null
  direction: 'up' | 'down' | 'flat' | 'n/a'
  /** Whether the change is an improvement, given which way is better for this figure. */
  better: boolean | null
}

/** A detected regression (route latency or error share, or a global figure). */
export interface Regression {
  scope: string
  metric: string
  previous: number
  current: number
  changePct: number
  reason: string
}

/** Regression thresholds: relative growth, absolute floor and minimum traffic in both windows. */
const REGRESSION = { latencyRatio: 1.5, latencyFloorMs: 5, errorRiseAbs: 0.02, minCount: 20 }

/** Windows the report can compare (a previous window must fit in the 10 s slots kept). */
export const REPORT_WINDOWS = ['1m', '5m'] as const

/**
 * The whole monitoring layer: one registry, the HTTP/DB/cache/task/ML/process recorders, health, alerts,
 * a bounded 10 s history, and a timer (`start`/`stop`) that drives collection.
 */
export class Monitor {
  readonly registry: Registry
  readonly http: HttpRecorder
  readonly db: DbRecorder
  readonly cache: CacheHooks
  readonly tasks: TaskHooks
  readonly ml: MlHooks
  readonly realtime: RealtimeHooks
  readonly process: ProcessCollector
  readonly alerts: Alerts
  readonly intervalMs: number
  private readonly healthRules: readonly HealthRule[]
  private readonly points: HistoryPoint[] = []
  private readonly historySize: number
  private readonly listeners = new Set<(e: MonitorEvent) => void>()
  private timer?: ReturnType<typeof setTimeout>
  private lastHealth?: HealthReport
  private running = false
  private readonly sources: CounterSources

  constructor(opts: MonitorOptions = {}) {
    this.registry = new Registry({
      clock: opts.clock,
      intervalMs: opts.intervalMs,
      significantDigits: opts.significantDigits,
    })
    this.intervalMs = this.registry.tb.intervalMs
    this.sources = new CounterSources(this.registry)
    this.http = new HttpRecorder(this.registry, { maxRoutes: opts.maxRoutes })
    this.db = new DbRecorder(this.registry, { slowQueryMs: opts.slowQueryMs })
    this.cache = new CacheHooks(this.registry)
    this.tasks = new TaskHooks(this.registry)
    this.ml = new MlHooks(this.registry)
    this.realtime = new RealtimeHooks(this.registry)
    this.process = new ProcessCollector(this.registry)
    this.healthRules = opts.healthRules ?? DEFAULT_HEALTH_RULES
    this.alerts = new Alerts(opts.alertRules, this.registry.clock)
    this.alerts.subscribe((e) => this.emit(e))
    this.historySize = opts.historySize ?? 720
  }

  get clock(): Clock {
    return this.registry.clock
  }

  /**
   * Starts collection at each slot boundary (re-aligned every time so records land in the right slot; the timer
   * is unref'd so it never keeps the process alive).
   */
  start(): this {
    if (this.running) return this
    this.running = true
    this.process.start()
    const schedule = () => {
      const wait = this.intervalMs - (Date.now() % this.intervalMs) + 1
      this.timer = setTimeout(() => {
        if (!this.running) return
        this.tick()
        schedule()
      }, wait)
      this.timer.unref?.()
    }
    schedule()
    return this
  }

  stop() {
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.process.stop()
  }

  /**
   * Turns a provider of cumulative counts kept elsewhere (e.g. process-wide compression or ETag counters) into a
   * counter family labelled by key; counts before registration are the baseline, not traffic.
   */
  addCounterSource(opts: {
    name: string
    help: string
    label: string
    read: () => Record<string, number>
  }): Counter {
    return this.sources.add(opts)
  }

  /** A counter source's counts over the last `windowMs` by label value (after a poll); undefined if none was added. */
  sourceWindow(name: string, windowMs: number): Record<string, number> | undefined {
    return this.sources.window(name, windowMs)
  }

  /** Pulls every polled source (cache providers, counter sources); reads call it so figures are current. */
  poll() {
    this.cache.poll()
    this.realtime.poll()
    this.sources.poll()
  }

  /** One collection: resources, polled sources, gauges, a history point, alert evaluation. */
  tick(): HistoryPoint {
    this.process.sample()
    this.poll()
    this.registry.tick()
    const m = this.measures()
    this.lastHealth = evaluateHealth(m, this.healthRules)
    this.alerts.evaluate(m)
    const point = this.point()
    this.points.push(point)
    if (this.points.length > this.historySize) this.points.shift()
    this.emit({ type: 'sample', point })
    return point
  }

  /** Receives history points and alert transitions; returns the unsubscribe function. */
  subscribe(fn: (e: MonitorEvent) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  private emit(e: MonitorEvent) {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // One broken subscriber must not break collection.
      }
    }
  }

  /** The named measurements that health rules and alerts read. */
  measures(): Measures {
    const h5 = this.http.total(WINDOWS['5m'])
    const h1 = this.http.total(WINDOWS['1m'])
    const res = this.process.latest()
    const eld = this.process.gauges.eld.child({ stat: 'p99' }).window(WINDOWS['1m'])
    const cpu = this.process.gauges.cpu.child().window(WINDOWS['1m'])
    const db = this.db.total(WINDOWS['5m'])
    const cache = this.cache.overall(WINDOWS['5m'])
    const tasks = this.tasks.summary(WINDOWS['5m'])
    const ml = this.ml.summary(WINDOWS['5m'])
    return {
      'http.requests.5m': h5.count,
      'http.rps.1m': h1.rps,
      'http.error_rate.5m': h5.count ? h5.errorRate : null,
      'http.server_error_rate.5m': h5.count ? h5.serverErrorRate : null,
      'http.p95_ms.5m': h5.count ? h5.latencyMs.p95 : null,
      'http.p99_ms.1m': h1.count ? h1.latencyMs.p99 : null,
      'process.cpu_ratio.1m': cpu.samples ? cpu.avg : res.cpuRatio,
      'process.heap_used_ratio': res.heapUsedRatio,
      'process.rss_bytes': res.rssBytes,
      'process.eventloop_p99_ms.1m': eld.samples ? eld.max * 1000 : res.eventLoopDelayMs.p99,
      'db.queries.5m': db.count,
      'db.p95_ms.5m': db.count ? db.latencyMs.p95 : null,
      'db.error_rate.5m': db.errorRate,
      'cache.lookups.5m': cache.lookups,
      'cache.hit_rate.5m': cache.hitRate,
      'tasks.finished.5m': tasks.completed + tasks.failed,
      'tasks.failure_rate.5m': tasks.failureRate,
      'tasks.oldest_age_s': this.tasks.oldestAgeSeconds(),
      'ml.calls.5m': ml.calls,
      'ml.p95_ms.5m': ml.calls ? ml.p95Ms : null,
      'ml.fallback_rate.5m': ml.fallbackRate,
      ...this.realtime.measures(),
    }
  }

  /** Health now (re-evaluated on each call so it reflects the live windows). */
  health(): HealthReport {
    this.lastHealth = evaluateHealth(this.measures(), this.healthRules)
    return this.lastHealth
  }

  /** Live figures for the stream and the dashboard: rates over ~20 s, percentiles over 1 min. */
  point(): HistoryPoint {
    const recent = this.http.total(2 * this.intervalMs)
    const minute = this.http.total(WINDOWS['1m'])
    const res = this.process.latest()
    const health = this.lastHealth ?? this.health()
    return {
      t: this.clock(),
      rps: recent.rps,
      requests: recent.count,
      errorRate: recent.errorRate,
      serverErrorRate: recent.serverErrorRate,
      p50: minute.latencyMs.p50,
      p95: minute.latencyMs.p95,
      p99: minute.latencyMs.p99,
      p999: minute.latencyMs.p999,
      cpu: res.cpuRatio,
      rssBytes: res.rssBytes,
      heapUsedBytes: res.heapUsedBytes,
      eventLoopP99: res.eventLoopDelayMs.p99,
      cacheHitRate: this.cache.overall(WINDOWS['1m']).hitRate,
      dbP95: this.db.total(WINDOWS['1m']).latencyMs.p95,
      health: health.score,
      firing: this.alerts.firing().length,
      ...this.taskPoint(),
      ...this.realtime.point(this.intervalMs),
    }
  }

  private taskPoint() {
    const t = this.tasks
    const sum = (g: typeof t.depth) => g.entries().reduce((n, e) => n + e.child.value, 0)
    const minute = t.summary(WINDOWS['1m'])
    return {
      taskQueued: sum(t.depth),
      taskOldestAgeS: t.oldestAge.entries().reduce((m, e) => Math.max(m, e.child.value), 0),
      tasksPerMin: minute.completed + minute.failed,
      taskFailuresPerMin: minute.failed,
      taskWorkers: sum(t.pool),
    }
  }

  /** History points, oldest first; `sinceMs` keeps the later ones only. */
  history(sinceMs?: number): HistoryPoint[] {
    return sinceMs === undefined ? [...this.points] : this.points.filter((p) => p.t > sinceMs)
  }

  /** Resources now and over the windows. */
  resources(): {
    now: ResourceSample
    windows: Record<WindowName, Record<string, { avg: number; max: number }>>
  } {
    const now = this.process.latest()
    const windows = {} as Record<WindowName, Record<string, { avg: number; max: number }>>
    for (const w of Object.keys(WINDOWS) as WindowName[]) {
      const g = this.process.gauges
      const pick = (x: { avg: number; max: number }) => ({ avg: round(x.avg, 4), max: round(x.max, 4) })
      windows[w] = {
        cpuRatio: pick(g.cpu.child().window(WINDOWS[w])),
        rssBytes: pick(g.rss.child().window(WINDOWS[w])),
        heapUsedBytes: pick(g.heapUsed.child().window(WINDOWS[w])),
        eventLoopP99Ms: (() => {
          const x = g.eld.child({ stat: 'p99' }).window(WINDOWS[w])
          return { avg: round(x.avg * 1000), max: round(x.max * 1000) }
        })(),
      }
    }
    return { now, windows }
  }

  /** Report: this window against the previous one, with trends and detected regressions. */
  report(window: (typeof REPORT_WINDOWS)[number] = '5m') {
    const ms = WINDOWS[window]
    const cur = this.http.total(ms)
    const prev = this.http.total(ms, 1)
    const dbCur = this.db.total(ms)
    const dbPrev = this.db.total(ms, 1)
    const cacheCur = this.cache.overall(ms)
    const cachePrev = this.cache.overall(ms, 1)
    const taskCur = this.tasks.summary(ms)
    const taskPrev = this.tasks.summary(ms, 1)
    const hist = (offset: number) => {
      const end = this.clock() - offset * ms
      const pts = this.points.filter((p) => p.t <= end && p.t > end - ms)
      const avg = (f: (p: HistoryPoint) => number) =>
        pts.length ? pts.reduce((s, p) => s + f(p), 0) / pts.length : null
      return { cpu: avg((p) => p.cpu), rss: avg((p) => p.rssBytes), eld: avg((p) => p.eventLoopP99) }
    }
    const hCur = hist(0)
    const hPrev = hist(1)
    const withTraffic = (n: number, v: number) => (n ? v : null)
    const trends: Trend[] = [
      trend('http.rps', cur.rps, prev.count || cur.count ? prev.rps : null, 'higher'),
      trend(
        'http.p50_ms',
        withTraffic(cur.count, cur.latencyMs.p50),
        withTraffic(prev.count, prev.latencyMs.p50),
        'lower',
      ),
      trend(
        'http.p95_ms',
        withTraffic(cur.count, cur.latencyMs.p95),
        withTraffic(prev.count, prev.latencyMs.p95),
        'lower',
      ),
      trend(
        'http.p99_ms',
        withTraffic(cur.count, cur.latencyMs.p99),
        withTraffic(prev.count, prev.latencyMs.p99),
        'lower',
      ),
      trend(
        'http.error_rate',
        withTraffic(cur.count, cur.errorRate),
        withTraffic(prev.count, prev.errorRate),
        'lower',
      ),
      trend(
        'db.p95_ms',
        withTraffic(dbCur.count, dbCur.latencyMs.p95),
        withTraffic(dbPrev.count, dbPrev.latencyMs.p95),
        'lower',
      ),
      trend('cache.hit_rate', cacheCur.hitRate, cachePrev.hitRate, 'higher'),
      trend('tasks.failure_rate', taskCur.failureRate, taskPrev.failureRate, 'lower'),
      trend('process.cpu_ratio', hCur.cpu, hPrev.cpu, 'lower'),
      trend('process.rss_bytes', hCur.rss, hPrev.rss, 'lower'),
      trend('process.eventloop_p99_ms', hCur.eld, hPrev.eld, 'lower'),
    ]
    const regressions: Regression[] = []
    const check = (scope: string, c: RouteStats | undefined, p: RouteStats | undefined) => {
      if (!c || !p || c.count < REGRESSION.minCount || p.count < REGRESSION.minCount) return
      const a = p.latencyMs.p95
      const b = c.latencyMs.p95
      if (b >= a * REGRESSION.latencyRatio && b - a >= REGRESSION.latencyFloorMs)
        regressions.push({
          scope,
          metric: 'p95_ms',
          previous: a,
          current: b,
          changePct: pct(b, a) ?? 0,
          reason: `p95 grew ${REGRESSION.latencyRatio}x or more and by at least ${REGRESSION.latencyFloorMs} ms`,
        })
      if (c.errorRate - p.errorRate >= REGRESSION.errorRiseAbs)
        regressions.push({
          scope,
          metric: 'error_rate',
          previous: p.errorRate,
          current: c.errorRate,
          changePct: pct(c.errorRate, p.errorRate) ?? 0,
          reason: `error share rose by ${REGRESSION.errorRiseAbs * 100} points or more`,
        })
    }
    check('all routes', cur, prev)
    const prevRoutes = new Map(this.http.byRoute(ms, 1).map((r) => [`${r.method} ${r.route}`, r]))
    const routes = this.http.byRoute(ms).map((r) => {
      const p = prevRoutes.get(`${r.method} ${r.route}`)
      check(`${r.method} ${r.route}`, r, p)
      return {
        method: r.method,
        route: r.route,
        count: r.count,
        rps: r.rps,
        errorRate: r.errorRate,
        p95Ms: r.latencyMs.p95,
        previous: p ? { count: p.count, errorRate: p.errorRate, p95Ms: p.latencyMs.p95 } : null,
      }
    })
    return {
      window,
      generatedAt: new Date(this.clock()).toISOString(),
      current: { http: cur, db: dbCur, cache: cacheCur, tasks: taskCur },
      previous: { http: prev, db: dbPrev, cache: cachePrev, tasks: taskPrev },
      trends,
      regressions,
      routes: routes.slice(0, 50),
      slowQueries: this.db.slowQueries().slice(0, 20),
      health: this.health(),
      alerts: this.alerts.status().filter((a) => a.state !== 'ok'),
    }
  }
}

function pct(cur: number, prev: number): number | null {
  if (!prev) return null
  return Math.round(((cur - prev) / prev) * 10000) / 100
}

function trend(
  metric: string,
  current: number | null,
  previous: number | null,
  better: 'higher' | 'lower',
): Trend {
  if (current === null || previous === null)
    return { metric, current, previous, changePct: null, direction: 'n/a', better: null }
  const changePct = pct(current, previous)
  const rel = previous ? Math.abs(current - previous) / Math.abs(previous) : current === previous ? 0 : 1
  const direction = rel < 0.05 ? 'flat' : current > previous ? 'up' : 'down'
  return {
    metric,
    current: round(current, 4),
    previous: round(previous, 4),
    changePct,
    direction,
    better: direction === 'flat' ? null : (direction === 'up') === (better === 'higher'),
  }
}

function round(x: number, d = 3): number {
  const f = 10 ** d
  return Math.round(x * f) / f
}
