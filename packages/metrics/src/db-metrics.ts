import type { Counter, Gauge, Histogram, Registry } from './registry.ts'
import { type LatencySummary, Series, summarize } from './windows.ts'

/** What the SQL port's `observe()` hands to observers. */
export interface QueryEvent {
  name: string
  durationMs: number
  ok: boolean
  rows: number
}

/** A query slower than the threshold. */
export interface SlowQuery {
  at: string
  name: string
  durationMs: number
  ok: boolean
  rows: number
}

/** Connection or queue state a pool adapter reports. */
export interface PoolStats {
  total?: number
  idle?: number
  waiting?: number
}

/** Database recorder options. */
export interface DbRecorderOptions {
  /** Queries at or above this go to the slow-query log. */
  slowQueryMs?: number
  /** Slow-query log entries kept (oldest dropped first). */
  slowLogSize?: number
}

/** Per statement name over a window. */
export interface StatementStats {
  name: string
  count: number
  errors: number
  latencyMs: LatencySummary
}

/** Query time by statement name, errors, a bounded slow-query log and pool state. */
export class DbRecorder {
  readonly duration: Histogram
  readonly errors: Counter
  readonly slow: Counter
  readonly pool: Gauge
  readonly slowQueryMs: number
  private readonly slowLog: SlowQuery[] = []
  private readonly slowLogSize: number
  private poolStats?: () => PoolStats
  /** Every statement together: count, errors and one latency histogram. */
  private readonly all: Series
  constructor(
    private readonly registry: Registry,
    opts: DbRecorderOptions = {},
  ) {
    this.all = new Series(registry.tb, ['sum', 'sum'], true)
    this.slowQueryMs = opts.slowQueryMs ?? 100
    this.slowLogSize = opts.slowLogSize ?? 100
    this.duration = registry.histogram({
      name: 'db_query_duration_seconds',
      help: 'SQL statement time by statement name (quantiles over the last 5 minutes).',
      labelNames: ['statement'],
      maxSeries: 300,
    })
    this.errors = registry.counter({
      name: 'db_query_errors_total',
      help: 'Failed SQL statements by statement name.',
      labelNames: ['statement'],
      maxSeries: 300,
    })
    this.slow = registry.counter({
      name: 'db_slow_queries_total',
      help: 'Statements slower than the threshold.',
    })
    this.pool = registry.gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting).',
      labelNames: ['state'],
      refresh: (g) => {
        const s = this.poolStats?.()
        if (!s) return
        for (const k of ['total', 'idle', 'waiting'] as const)
          if (s[k] !== undefined) g.set({ state: k }, s[k])
      },
    })
  }

  /** Observer to pass to `db.observe()`. */
  readonly observer = (e: QueryEvent): void => {
    this.duration.child({ statement: e.name }).observe(e.durationMs)
    this.all.add(0, 1)
    this.all.observe(e.durationMs)
    if (!e.ok) {
      this.all.add(1, 1)
      this.errors.inc({ statement: e.name })
    }
    if (e.durationMs >= this.slowQueryMs) {
      this.slow.inc()
      this.slowLog.push({
        at: new Date(this.registry.clock()).toISOString(),
        name: e.name,
        durationMs: Math.round(e.durationMs * 1000) / 1000,
        ok: e.ok,
        rows: e.rows,
      })
      if (this.slowLog.length > this.slowLogSize) this.slowLog.shift()
    }
  }

  /** Subscribes to a database's query timings; returns the unsubscribe function. */
  attach(db: { observe(cb: (e: QueryEvent) => void): () => void }): () => void {
    return db.observe(this.observer)
  }

  /** Registers the pool-state provider sampled every interval. */
  setPoolStats(provider: () => PoolStats) {
    this.poolStats = provider
  }

  /** Slow queries, newest first. */
  slowQueries(): SlowQuery[] {
    return [...this.slowLog].reverse()
  }

  /** Statements over a window, busiest first. */
  byStatement(windowMs: number, offset = 0): StatementStats[] {
    const out: StatementStats[] = []
    for (const { labels, child } of this.duration.entries()) {
      const w = child.window(windowMs, offset)
      if (!w.count) continue
      const errors = this.errors.windowTotal(windowMs, { statement: labels.statement ?? '' }, offset)
      const { rate: _rate, ...latencyMs } = w
      out.push({ name: labels.statement ?? '', count: w.count, errors, latencyMs })
    }
    return out.sort((a, b) => b.count - a.count)
  }

  /** All statements together over a window. */
  total(
    windowMs: number,
    offset = 0,
  ): { count: number; errors: number; errorRate: number | null; latencyMs: LatencySummary } {
    const a = this.all.window(windowMs, offset)
    const count = a.v[0]!
    const errors = a.v[1]!
    return { count, errors, errorRate: count ? errors / count : null, latencyMs: summarize(a.hist) }
  }

  /** Pool state now ({} when no provider is registered). */
  poolState(): PoolStats {
    return this.poolStats?.() ?? {}
  }
}
