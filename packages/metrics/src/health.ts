/** Named measurements (see `MEASURES` in monitor.ts); null when there is not enough data to judge. */
export type Measures = Readonly<Record<string, number | null>>

/** One health rule: a measurement compared with a warning and a critical threshold. */
export interface HealthRule {
  id: string
  title: string
  measure: string
  unit: string
  /** 'above': higher is worse (latency); 'below': lower is worse (hit rate). */
  direction: 'above' | 'below'
  warn: number
  critical: number
  /** Points taken off the score at critical; half of it at warning. */
  penalty: number
  /** Only judged when this measurement reaches `min` (e.g. enough requests in the window). */
  guard?: { measure: string; min: number }
}

/** A rule that is not ok, with what was measured and the threshold it crossed. */
export interface HealthIssue {
  rule: string
  severity: 'warning' | 'critical'
  message: string
  measure: string
  value: number
  threshold: number
  unit: string
  penalty: number
}

/** The outcome of evaluating every rule. */
export interface HealthReport {
  score: number
  status: 'healthy' | 'degraded' | 'unhealthy'
  issues: HealthIssue[]
  checks: { rule: string; state: 'ok' | 'warning' | 'critical' | 'no_data'; value: number | null }[]
}

/**
 * The default rules, documented in packages/metrics/README.md. Score = 100 minus each failing rule's penalty
 * (half at warning); healthy >= 80, degraded >= 50, else unhealthy.
 */
export const DEFAULT_HEALTH_RULES: readonly HealthRule[] = [
  {
    id: 'http_server_errors',
    title: 'HTTP 5xx share (5 min)',
    measure: 'http.server_error_rate.5m',
    unit: 'ratio',
    direction: 'above',
    warn: 0.01,
    critical: 0.05,
    penalty: 30,
    guard: { measure: 'http.requests.5m', min: 20 },
  },
  {
    id: 'http_latency_p95',
    title: 'HTTP p95 latency (5 min)',
    measure: 'http.p95_ms.5m',
    unit: 'ms',
    direction: 'above',
    warn: 200,
    critical: 1000,
    penalty: 20,
    guard: { measure: 'http.requests.5m', min: 20 },
  },
  {
    id: 'event_loop_delay',
    title: 'Event-loop delay p99 (1 min peak)',
    measure: 'process.eventloop_p99_ms.1m',
    unit: 'ms',
    direction: 'above',
    warn: 50,
    critical: 200,
    penalty: 15,
  },
  {
    id: 'heap_usage',
    title: 'V8 heap used / limit',
    measure: 'process.heap_used_ratio',
    unit: 'ratio',
    direction: 'above',
    warn: 0.8,
    critical: 0.92,
    penalty: 15,
  },
  {
    id: 'cpu',
    title: 'Process CPU (1 min average, 1 = one core)',
    measure: 'process.cpu_ratio.1m',
    unit: 'ratio',
    direction: 'above',
    warn: 0.85,
    critical: 0.97,
    penalty: 10,
  },
  {
    id: 'db_latency_p95',
    title: 'Database p95 statement time (5 min)',
    measure: 'db.p95_ms.5m',
    unit: 'ms',
    direction: 'above',
    warn: 100,
    critical: 500,
    penalty: 10,
    guard: { measure: 'db.queries.5m', min: 20 },
  },
  {
    id: 'cache_hit_rate',
    title: 'Cache hit rate (5 min)',
    measure: 'cache.hit_rate.5m',
    unit: 'ratio',
    direction: 'below',
    warn: 0.5,
    critical: 0.2,
    penalty: 10,
    guard: { measure: 'cache.lookups.5m', min: 50 },
  },
  {
    id: 'task_failures',
    title: 'Background task failure share (5 min)',
    measure: 'tasks.failure_rate.5m',
    unit: 'ratio',
    direction: 'above',
    warn: 0.05,
    critical: 0.2,
    penalty: 10,
    guard: { measure: 'tasks.finished.5m', min: 5 },
  },
  {
    id: 'task_lag',
    title: 'Oldest due background task waiting',
    measure: 'tasks.oldest_age_s',
    unit: 's',
    direction: 'above',
    warn: 60,
    critical: 600,
    penalty: 10,
  },
  {
    id: 'realtime_drops',
    title: 'Realtime messages dropped for slow consumers (5 min share)',
    measure: 'realtime.drop_rate.5m',
    unit: 'ratio',
    direction: 'above',
    warn: 0.01,
    critical: 0.1,
    penalty: 10,
    guard: { measure: 'realtime.sends.5m', min: 100 },
  },
  {
    id: 'realtime_delivery_p99',
    title: 'Realtime publish-to-last-send p99 (5 min)',
    measure: 'realtime.delivery_p99_ms.5m',
    unit: 'ms',
    direction: 'above',
    warn: 250,
    critical: 1000,
    penalty: 10,
    guard: { measure: 'realtime.deliveries.5m', min: 20 },
  },
]

const crosses = (r: HealthRule, v: number, t: number) => (r.direction === 'above' ? v >= t : v <= t)

/** Evaluates rules against measurements. */
export function evaluateHealth(
  measures: Measures,
  rules: readonly HealthRule[] = DEFAULT_HEALTH_RULES,
): HealthReport {
  let score = 100
  const issues: HealthIssue[] = []
  const checks: HealthReport['checks'] = []
  for (const r of rules) {
    const v = measures[r.measure]
    const g = r.guard ? measures[r.guard.measure] : undefined
    if (v === null || v === undefined || !Number.isFinite(v) || (r.guard && (g ?? 0) < r.guard.min)) {
      checks.push({ rule: r.id, state: 'no_data', value: v ?? null })
      continue
    }
    const severity = crosses(r, v, r.critical) ? 'critical' : crosses(r, v, r.warn) ? 'warning' : null
    checks.push({ rule: r.id, state: severity ?? 'ok', value: v })
    if (!severity) continue
    const threshold = severity === 'critical' ? r.critical : r.warn
    const penalty = severity === 'critical' ? r.penalty : r.penalty / 2
    score -= penalty
    issues.push({
      rule: r.id,
      severity,
      message: `${r.title} is ${fmt(v, r.unit)}, ${r.direction === 'above' ? 'at or above' : 'at or below'} the ${severity} threshold ${fmt(threshold, r.unit)}`,
      measure: r.measure,
      value: v,
      threshold,
      unit: r.unit,
      penalty,
    })
  }
  score = Math.max(0, Math.round(score))
  return { score, status: score >= 80 ? 'healthy' : score >= 50 ? 'degraded' : 'unhealthy', issues, checks }
}

function fmt(v: number, unit: string): string {
  if (unit === 'ratio') return `${Math.round(v * 10000) / 100}%`
  return `${Math.round(v * 100) / 100} ${unit}`
}
