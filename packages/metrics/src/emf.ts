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
 * route (dimensions service, route, method) with request and error counts and the raw latencies, plus the
 * `ColdStart` metric on the first flush of the execution environment.
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
  return {
    flush() {
      metrics.captureColdStartMetric()
      for (const b of buf.values()) {
        metrics.addDimensions({ route: b.route, method: b.method })
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
