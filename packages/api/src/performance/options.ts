/** Settings for monitoring in the API (`AppDeps.performance`). */
export interface PerformanceOptions {
  /**
   * When set, `/performance/*` and `/metrics` require this key: `Authorization: Bearer <key>`, `X-Operator-Key`,
   * or `?key=` (for the dashboard page and its EventSource, which cannot send headers).
   */
  operatorKey?: string
  /** Record per-route request metrics (default true; the benchmark turns it off to measure its cost). */
  requestMetrics?: boolean
  /** Period of the SSE stream, ms (default 2000). */
  streamIntervalMs?: number
}
