import type { Measures } from './health.ts'

/** A threshold rule over a windowed measurement. */
export interface AlertRule {
  id: string
  title: string
  measure: string
  op: '>' | '<'
  threshold: number
  severity: 'warning' | 'critical'
  /** Consecutive evaluations the condition must hold before firing (and be clear before resolving). */
  for?: number
  guard?: { measure: string; min: number }
}

/** ok: never fired or cleared long ago; firing; resolved: fired and has since cleared. */
export type AlertState = 'ok' | 'firing' | 'resolved'

/** An alert's state change, as published to subscribers. */
export interface AlertEvent {
  type: 'alert'
  id: string
  title: string
  severity: AlertRule['severity']
  state: AlertState
  previous: AlertState
  value: number | null
  threshold: number
  at: string
}

/** An alert's current state. */
export interface AlertStatus {
  id: string
  title: string
  severity: AlertRule['severity']
  measure: string
  op: AlertRule['op']
  threshold: number
  state: AlertState
  value: number | null
  since: string | null
  lastFiredAt: string | null
}

/** The default alert rules (documented in the README). */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'high_error_rate',
    title: 'HTTP 5xx share above 5% over 5 min',
    measure: 'http.server_error_rate.5m',
    op: '>',
    threshold: 0.05,
    severity: 'critical',
    guard: { measure: 'http.requests.5m', min: 20 },
  },
  {
    id: 'slow_responses',
    title: 'HTTP p95 above 1 s over 5 min',
    measure: 'http.p95_ms.5m',
    op: '>',
    threshold: 1000,
    severity: 'warning',
    guard: { measure: 'http.requests.5m', min: 20 },
  },
  {
    id: 'event_loop_blocked',
    title: 'Event-loop delay p99 above 200 ms over 1 min',
    measure: 'process.eventloop_p99_ms.1m',
    op: '>',
    threshold: 200,
    severity: 'warning',
    for: 2,
  },
  {
    id: 'heap_pressure',
    title: 'Heap above 92% of its limit',
    measure: 'process.heap_used_ratio',
    op: '>',
    threshold: 0.92,
    severity: 'critical',
    for: 2,
  },
  {
    id: 'slow_database',
    title: 'Database p95 above 500 ms over 5 min',
    measure: 'db.p95_ms.5m',
    op: '>',
    threshold: 500,
    severity: 'warning',
    guard: { measure: 'db.queries.5m', min: 20 },
  },
  {
    id: 'cache_hit_rate_low',
    title: 'Cache hit rate below 20% over 5 min',
    measure: 'cache.hit_rate.5m',
    op: '<',
    threshold: 0.2,
    severity: 'warning',
    guard: { measure: 'cache.lookups.5m', min: 50 },
  },
  {
    id: 'task_failures',
    title: 'Task failure share above 20% over 5 min',
    measure: 'tasks.failure_rate.5m',
    op: '>',
    threshold: 0.2,
    severity: 'warning',
    guard: { measure: 'tasks.finished.5m', min: 5 },
  },
  {
    id: 'realtime_slow_consumers',
    title: 'Realtime: over 5% of sends dropped for slow consumers over 5 min',
    measure: 'realtime.drop_rate.5m',
    op: '>',
    threshold: 0.05,
    severity: 'warning',
    for: 2,
    guard: { measure: 'realtime.sends.5m', min: 100 },
  },
]

interface RuleState {
  rule: AlertRule
  state: AlertState
  value: number | null
  since: number | null
  lastFiredAt: number | null
  streak: number
}

/** Alert evaluator: state per rule, a bounded history of transitions, subscribers for each transition. */
export class Alerts {
  private readonly states: RuleState[]
  private readonly log: AlertEvent[] = []
  private readonly listeners = new Set<(e: AlertEvent) => void>()
  constructor(
    rules: readonly AlertRule[] = DEFAULT_ALERT_RULES,
    private readonly clock: () => number = Date.now,
    private readonly historySize = 200,
  ) {
    this.states = rules.map((rule) => ({
      rule,
      state: 'ok',
      value: null,
      since: null,
      lastFiredAt: null,
      streak: 0,
    }))
  }

  /** Receives each transition; returns the unsubscribe function. */
  subscribe(fn: (e: AlertEvent) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Evaluates every rule; returns the transitions that happened. */
  evaluate(measures: Measures): AlertEvent[] {
    const now = this.clock()
    const out: AlertEvent[] = []
    for (const s of this.states) {
      const r = s.rule
      const v = measures[r.measure] ?? null
      const guarded = r.guard ? (measures[r.guard.measure] ?? 0) < r.guard.min : false
      s.value = v
      const breach = v !== null && !guarded && (r.op === '>' ? v > r.threshold : v < r.threshold)
      const need = r.for ?? 1
      const firing = s.state === 'firing'
      // streak counts consecutive evaluations disagreeing with the current state
      s.streak = breach !== firing ? s.streak + 1 : 0
      if (s.streak < need) continue
      const previous = s.state
      s.state = breach ? 'firing' : 'resolved'
      s.since = now
      s.streak = 0
      if (breach) s.lastFiredAt = now
      const e: AlertEvent = {
        type: 'alert',
        id: r.id,
        title: r.title,
        severity: r.severity,
        state: s.state,
        previous,
        value: v,
        threshold: r.threshold,
        at: new Date(now).toISOString(),
      }
      out.push(e)
      this.log.push(e)
      if (this.log.length > this.historySize) this.log.shift()
      for (const l of this.listeners) {
        try {
          l(e)
        } catch {
          // A failing subscriber must not stop evaluation or the other subscribers.
        }
      }
    }
    return out
  }

  /** Every rule's state. */
  status(): AlertStatus[] {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())
    return this.states.map((s) => ({
      id: s.rule.id,
      title: s.rule.title,
      severity: s.rule.severity,
      measure: s.rule.measure,
      op: s.rule.op,
      threshold: s.rule.threshold,
      state: s.state,
      value: s.value,
      since: iso(s.since),
      lastFiredAt: iso(s.lastFiredAt),
    }))
  }

  /** Transitions, newest first. */
  history(): AlertEvent[] {
    return [...this.log].reverse()
  }

  /** Ids of firing alerts. */
  firing(): string[] {
    return this.states.filter((s) => s.state === 'firing').map((s) => s.rule.id)
  }
}
