import type { Metrics } from '@aws-lambda-powertools/metrics'
import { MetricUnit } from '@aws-lambda-powertools/metrics'
import type { Monitor } from './monitor.ts'

/** EMF allows at most 100 values per metric per document. */
const MAX_VALUES = 100

interface RouteBuffer {
  method: string
  route: string
  count: number
  clientErrors: number
  serverErrors: number
  latencies: number[]
}

/** What the Lambda entry calls after each invocation. */
export interface EmfFlusher {
  /** Emits buffered request metrics (one EMF document per route) and the cold start, then clears them. */
  flush(): void
  /** Stops buffering (tests). */
  close(): void
}

/**
 * CloudWatch EMF through Powertools: taps the HTTP recorder, and on each `flush()` writes one document per
 * route (dimension sets [service, route, method] and [service]) with request and error counts and the raw
 * latencies, the cache lookups since the last flush (`cache_hits`, `cache_misses`, dimension service), plus the
 * `ColdStart` metric on the first flush of the execution environment. The metric names are the ones the
 * dashboard and alarms in infra/observability.ts read.
 */
export function createEmfFlusher(opts: { monitor: Monitor; metrics: Metrics }): EmfFlusher {
  const { monitor, metrics } = opts
  const buf = new Map<string, RouteBuffer>()
  const untap = monitor.http.tap((method, route, status, durationMs) => {
    const key = `${method} ${route}`
    let b = buf.get(key)
    if (!b) {
      b = { method, route, count: 0, clientErrors: 0, serverErrors: 0, latencies: [] }
      buf.set(key, b)
    }
    b.count++
    if (status >= 500) b.serverErrors++
    else if (status >= 400) b.clientErrors++
    if (b.latencies.length < MAX_VALUES) b.latencies.push(Math.round(durationMs * 1000) / 1000)
  })
  let cacheSeen = cacheTotals(monitor)
  return {
    flush() {
      metrics.captureColdStartMetric()
      const cache = cacheTotals(monitor)
      const hits = cache.hits - cacheSeen.hits
      const misses = cache.misses - cacheSeen.misses
      cacheSeen = cache
      if (hits > 0 || misses > 0) {
        metrics.addMetric('cache_hits', MetricUnit.Count, Math.max(0, hits))
        metrics.addMetric('cache_misses', MetricUnit.Count, Math.max(0, misses))
        metrics.publishStoredMetrics()
      }
      for (const b of buf.values()) {
        metrics.addDimensions({ route: b.route, method: b.method })
        // An empty set publishes the same values under `service` alone: CloudWatch does not aggregate across
        // dimension values, and an alarm cannot use SEARCH, so API-wide p99 and 5xx need this series.
        metrics.addDimensions({})
        metrics.addMetric('http_requests', MetricUnit.Count, b.count)
        metrics.addMetric('http_client_errors', MetricUnit.Count, b.clientErrors)
        metrics.addMetric('http_server_errors', MetricUnit.Count, b.serverErrors)
        for (const v of b.latencies) metrics.addMetric('http_latency', MetricUnit.Milliseconds, v)
        metrics.publishStoredMetrics()
      }
      buf.clear()
    },
    close() {
      untap()
      buf.clear()
    },
  }
}

/**
 * Cumulative cache lookups as the monitor counts them (`CacheHooks.overall`): hits on any tier, misses on each
 * cache's last tier only (an L1 miss answered by L2 is one lookup that hit).
 */
function cacheTotals(monitor: Monitor): { hits: number; misses: number } {
  monitor.cache.poll()
  let hits = 0
  const lastTier = new Map<string, string>()
  const entries = monitor.cache.events.entries()
  for (const { labels } of entries) {
    const prev = lastTier.get(labels.cache ?? '')
    if (prev === undefined || (labels.tier ?? '') > prev) lastTier.set(labels.cache ?? '', labels.tier ?? '')
  }
  let misses = 0
  for (const { labels, child } of entries) {
    if (labels.event === 'hits') hits += child.value
    else if (labels.event === 'misses' && lastTier.get(labels.cache ?? '') === labels.tier)
      misses += child.value
  }
  return { hits, misses }
}
