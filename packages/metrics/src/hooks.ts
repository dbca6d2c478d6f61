import type { Counter, Gauge, Histogram, Registry } from './registry.ts'

/**
 * One tier's cumulative counters (hits, misses, sets, evictions, errors...) and levels (size, items, bytes);
 * non-numeric fields (nested latency, breaker state) are ignored.
 */
export type CacheTierStats = Readonly<Record<string, unknown>>

/** What a cache hands the monitor: its tiers' stats, cumulative since it started. */
export type CacheStatsProvider = () => Readonly<Record<string, CacheTierStats>>

// Fields that are levels rather than running counts; rates/ratios are skipped (computed here from counts).
const LEVEL_FIELDS = new Set([
  'size',
  'entries',
  'items',
  'bytes',
  'capacity',
  'maxSize',
  'maxEntries',
  'open',
  'inflight',
])
const isDerived = (f: string) => /rate|ratio|percent/i.test(f)

/** Hit rate and counts for one cache tier over a window. */
export interface CacheTierWindow {
  cache: string
  tier: string
  hits: number
  misses: number
  hitRate: number | null
  events: Record<string, number>
  levels: Record<string, number>
}

/**
 * Cache instrumentation: either a stats provider polled every interval (deltas of its cumulative counters) or
 * push hooks (`hit`, `miss`, `event`) that the cache calls directly.
 */
export class CacheHooks {
  readonly events: Counter
  readonly levels: Gauge
  private readonly providers = new Map<string, CacheStatsProvider>()
  private readonly last = new Map<string, number>()
  constructor(registry: Registry) {
    this.events = registry.counter({
      name: 'cache_events_total',
      help: 'Cache events (hits, misses, sets, evictions, errors...) by cache and tier.',
      labelNames: ['cache', 'tier', 'event'],
    })
    this.levels = registry.gauge({
      name: 'cache_level',
      help: 'Cache levels (size, bytes...) by cache and tier.',
      labelNames: ['cache', 'tier', 'field'],
    })
  }

  /** Registers a stats provider under a cache name. */
  register(cache: string, provider: CacheStatsProvider) {
    this.providers.set(cache, provider)
    this.poll()
  }

  hit(tier: string, cache = 'default') {
    this.events.inc({ cache, tier, event: 'hits' })
  }
  miss(tier: string, cache = 'default') {
    this.events.inc({ cache, tier, event: 'misses' })
  }
  event(tier: string, event: string, n = 1, cache = 'default') {
    this.events.inc({ cache, tier, event }, n)
  }

  /** Pulls every provider and records the deltas since the last poll (a counter that went down restarted). */
  poll() {
    for (const [cache, provider] of this.providers) {
      let stats: Readonly<Record<string, CacheTierStats>>
      try {
        stats = provider()
      } catch {
        continue
      }
      for (const [tier, fields] of Object.entries(stats)) {
        for (const [field, value] of Object.entries(fields)) {
          if (typeof value !== 'number' || !Number.isFinite(value) || isDerived(field)) continue
          if (LEVEL_FIELDS.has(field)) {
            this.levels.set({ cache, tier, field }, value)
            continue
          }
          const key = `${cache}\u0001${tier}\u0001${field}`
          const prev = this.last.get(key) ?? 0
          const delta = value >= prev ? value - prev : value
          this.last.set(key, value)
          if (delta > 0) this.events.inc({ cache, tier, event: field }, delta)
        }
      }
    }
  }

  /** Per cache and tier over a window. */
  byTier(windowMs: number, offset = 0): CacheTierWindow[] {
    const tiers = new Map<string, CacheTierWindow>()
    const get = (cache: string, tier: string) => {
      const k = `${cache}\u0001${tier}`
      let t = tiers.get(k)
      if (!t) {
        t = { cache, tier, hits: 0, misses: 0, hitRate: null, events: {}, levels: {} }
        tiers.set(k, t)
      }
      return t
    }
    for (const { labels, child } of this.events.entries()) {
      const t = get(labels.cache ?? '', labels.tier ?? '')
      const n = child.window(windowMs, offset).total
      t.events[labels.event ?? ''] = n
      if (labels.event === 'hits') t.hits = n
      if (labels.event === 'misses') t.misses = n
    }
    for (const { labels, child } of this.levels.entries())
      get(labels.cache ?? '', labels.tier ?? '').levels[labels.field ?? ''] = child.value
    for (const t of tiers.values()) t.hitRate = t.hits + t.misses ? round(t.hits / (t.hits + t.misses)) : null
    return [...tiers.values()]
  }

  /** Overall hit rate over a window: a request counts as a hit when any tier answered it. */
  overall(
    windowMs: number,
    offset = 0,
  ): { hits: number; misses: number; lookups: number; hitRate: number | null } {
    // An L1 miss then an L2 hit is one lookup that hit, so misses count on each cache's last tier only
    // (tiers order by name: l1 < l2 < l3).
    const tiers = this.byTier(windowMs, offset)
    let hits = 0
    const lastMisses = new Map<string, { tier: string; misses: number }>()
    for (const t of tiers) {
      hits += t.hits
      const prev = lastMisses.get(t.cache)
      if (!prev || t.tier > prev.tier) lastMisses.set(t.cache, { tier: t.tier, misses: t.misses })
    }
    let misses = 0
    for (const v of lastMisses.values()) misses += v.misses
    const lookups = hits + misses
    return { hits, misses, lookups, hitRate: lookups ? round(hits / lookups) : null }
  }
}

/** Task hooks the queue calls: starts, outcomes with duration, retries, queue depth, lag and pool size. */
export class TaskHooks {
  readonly events: Counter
  readonly duration: Histogram
  readonly depth: Gauge
  readonly wait: Histogram
  readonly oldestAge: Gauge
  readonly pool: Gauge
  readonly deadTotal: Gauge
  constructor(registry: Registry) {
    this.wait = registry.histogram({
      name: 'task_wait_seconds',
      help: 'Enqueue (or due time) to start, by task type.',
      labelNames: ['type'],
      maxSeries: 100,
    })
    this.oldestAge = registry.gauge({
      name: 'task_oldest_age_seconds',
      help: 'Age of the oldest due queued task by queue (priority).',
      labelNames: ['queue'],
    })
    this.pool = registry.gauge({ name: 'task_pool_size', help: 'Concurrent task slots of this runner.' })
    this.deadTotal = registry.gauge({ name: 'task_dead', help: 'Tasks in the dead state (need attention).' })
    this.events = registry.counter({
      name: 'tasks_total',
      help: 'Background task events by type and outcome (started, completed, failed, retried, dead, dispatch_failed, redispatched, pruned).',
      labelNames: ['type', 'outcome'],
      maxSeries: 500,
    })
    this.duration = registry.histogram({
      name: 'task_duration_seconds',
      help: 'Background task run time by type.',
      labelNames: ['type'],
      maxSeries: 100,
    })
    this.depth = registry.gauge({
      name: 'task_queue_depth',
      help: 'Tasks waiting by queue.',
      labelNames: ['queue'],
    })
  }
  started(type: string, waitMs?: number) {
    this.events.inc({ type, outcome: 'started' })
    if (waitMs !== undefined) this.wait.observe({ type }, waitMs)
  }
  completed(type: string, durationMs: number) {
    this.events.inc({ type, outcome: 'completed' })
    this.duration.observe({ type }, durationMs)
  }
  failed(type: string, durationMs: number) {
    this.events.inc({ type, outcome: 'failed' })
    this.duration.observe({ type }, durationMs)
  }
  retried(type: string) {
    this.events.inc({ type, outcome: 'retried' })
  }
  dead(type: string) {
    this.events.inc({ type, outcome: 'dead' })
  }
  /** A task written but not handed to its queue (SQS down): kept queued for the re-dispatch sweep. */
  dispatchFailed(type: string) {
    this.events.inc({ type, outcome: 'dispatch_failed' })
  }
  /** Tasks the sweep sent again. */
  redispatched(n: number) {
    if (n > 0) this.events.inc({ type: '*', outcome: 'redispatched' }, n)
  }
  /** Finished tasks deleted past their retention (TASK_RETENTION_DAYS). */
  pruned(n: number) {
    if (n > 0) this.events.inc({ type: '*', outcome: 'pruned' }, n)
  }
  queueDepth(queue: string, n: number, oldestAgeMs?: number) {
    this.depth.set({ queue }, n)
    if (oldestAgeMs !== undefined) this.oldestAge.set({ queue }, oldestAgeMs / 1000)
  }
  poolSize(n: number) {
    this.pool.set({}, n)
  }
  deadTasks(n: number) {
    this.deadTotal.set({}, n)
  }
  /** Oldest due task age across queues, seconds. */
  oldestAgeSeconds(): number {
    let max = 0
    for (const e of this.oldestAge.entries()) max = Math.max(max, e.child.value)
    return max
  }
  /** Finished tasks and the failed share over a window. */
  summary(windowMs: number, offset = 0): { completed: number; failed: number; failureRate: number | null } {
    const completed = this.events.windowTotal(windowMs, { outcome: 'completed' }, offset)
    const failed = this.events.windowTotal(windowMs, { outcome: 'failed' }, offset)
    const n = completed + failed
    return { completed, failed, failureRate: n ? round(failed / n) : null }
  }
}

/** One model call as the ML layer reports it. */
export interface InferenceEvent {
  model: string
  /** e.g. 'sagemaker' or 'local'. */
  backend: string
  durationMs: number
  batchSize?: number
  ok?: boolean
  /** The remote endpoint failed and a local model answered. */
  fallback?: boolean
}

/** ML hooks: inference latency, items, failures and fallbacks. */
export class MlHooks {
  readonly duration: Histogram
  readonly calls: Counter
  readonly items: Counter
  constructor(registry: Registry) {
    this.duration = registry.histogram({
      name: 'ml_inference_duration_seconds',
      help: 'Model call time by model and backend.',
      labelNames: ['model', 'backend'],
      maxSeries: 50,
    })
    this.calls = registry.counter({
      name: 'ml_inferences_total',
      help: 'Model calls by model, backend and outcome (ok, error, fallback).',
      labelNames: ['model', 'backend', 'outcome'],
      maxSeries: 100,
    })
    this.items = registry.counter({
      name: 'ml_items_total',
      help: 'Items scored by model and backend.',
      labelNames: ['model', 'backend'],
      maxSeries: 50,
    })
  }
  inference(e: InferenceEvent) {
    this.duration.observe({ model: e.model, backend: e.backend }, e.durationMs)
    const outcome = e.ok === false ? 'error' : e.fallback ? 'fallback' : 'ok'
    this.calls.inc({ model: e.model, backend: e.backend, outcome })
    this.items.inc({ model: e.model, backend: e.backend }, e.batchSize ?? 1)
  }
  /** Calls, p95 and the fallback share over a window. */
  summary(windowMs: number): {
    calls: number
    p95Ms: number
    fallbackRate: number | null
    errorRate: number | null
  } {
    const calls = this.calls.windowTotal(windowMs)
    const fallback = this.calls.windowTotal(windowMs, { outcome: 'fallback' })
    const errors = this.calls.windowTotal(windowMs, { outcome: 'error' })
    let p95Ms = 0
    for (const { child } of this.duration.entries()) p95Ms = Math.max(p95Ms, child.window(windowMs).p95)
    return {
      calls,
      p95Ms,
      fallbackRate: calls ? round(fallback / calls) : null,
      errorRate: calls ? round(errors / calls) : null,
    }
  }
}

function round(x: number, d = 4): number {
  const f = 10 ** d
  return Math.round(x * f) / f
}
