import { describe, expect, it } from 'vitest'
import { DEFAULT_HEALTH_RULES, evaluateHealth, type HealthRule } from './health.ts'

const quiet = {
  'http.requests.5m': 1000,
  'http.server_error_rate.5m': 0,
  'http.p95_ms.5m': 20,
  'process.eventloop_p99_ms.1m': 5,
  'process.heap_used_ratio': 0.2,
  'process.cpu_ratio.1m': 0.1,
  'db.queries.5m': 100,
  'db.p95_ms.5m': 3,
  'cache.lookups.5m': 500,
  'cache.hit_rate.5m': 0.9,
  'tasks.finished.5m': 10,
  'tasks.failure_rate.5m': 0,
  'tasks.oldest_age_s': 1,
  'realtime.sends.5m': 5000,
  'realtime.drop_rate.5m': 0,
  'realtime.deliveries.5m': 300,
  'realtime.delivery_p99_ms.5m': 4,
}

describe('health score', () => {
  it('is 100 and healthy when every rule is within its thresholds', () => {
    const h = evaluateHealth(quiet)
    expect(h.score).toBe(100)
    expect(h.status).toBe('healthy')
    expect(h.issues).toEqual([])
    expect(h.checks.every((c) => c.state === 'ok')).toBe(true)
    expect(h.checks).toHaveLength(DEFAULT_HEALTH_RULES.length)
  })

  it('names each issue with its measured value and threshold; warning costs half the penalty', () => {
    const h = evaluateHealth({ ...quiet, 'http.p95_ms.5m': 350, 'http.server_error_rate.5m': 0.08 })
    expect(h.score).toBe(100 - 30 - 10)
    expect(h.status).toBe('degraded')
    const latency = h.issues.find((i) => i.rule === 'http_latency_p95')!
    expect(latency).toMatchObject({
      severity: 'warning',
      value: 350,
      threshold: 200,
      unit: 'ms',
      penalty: 10,
    })
    expect(latency.message).toContain('350 ms')
    expect(latency.message).toContain('200 ms')
    const errors = h.issues.find((i) => i.rule === 'http_server_errors')!
    expect(errors).toMatchObject({ severity: 'critical', value: 0.08, threshold: 0.05 })
    expect(errors.message).toContain('8%')
  })

  it('treats lower-is-worse rules (cache hit rate) the other way round', () => {
    const h = evaluateHealth({ ...quiet, 'cache.hit_rate.5m': 0.1 })
    expect(h.issues).toHaveLength(1)
    expect(h.issues[0]).toMatchObject({ rule: 'cache_hit_rate', severity: 'critical', threshold: 0.2 })
  })

  it('does not judge a rule without enough data (guard) or without a value', () => {
    const h = evaluateHealth({
      ...quiet,
      'http.requests.5m': 3,
      'http.server_error_rate.5m': 1,
      'db.p95_ms.5m': null,
    })
    expect(h.score).toBe(100)
    expect(h.checks.find((c) => c.rule === 'http_server_errors')?.state).toBe('no_data')
    expect(h.checks.find((c) => c.rule === 'db_latency_p95')?.state).toBe('no_data')
  })

  it('floors at 0 and reports unhealthy', () => {
    const rules: HealthRule[] = [1, 2, 3].map((i) => ({
      id: `r${i}`,
      title: `rule ${i}`,
      measure: 'x',
      unit: 'ms',
      direction: 'above',
      warn: 1,
      critical: 2,
      penalty: 60,
    }))
    const h = evaluateHealth({ x: 5 }, rules)
    expect(h.score).toBe(0)
    expect(h.status).toBe('unhealthy')
    expect(h.issues).toHaveLength(3)
  })
})

describe('task lag rule', () => {
  it('warns when the oldest due task has waited past a minute and is critical past ten', () => {
    const warn = evaluateHealth({ ...quiet, 'tasks.oldest_age_s': 120 })
    expect(warn.checks.find((c) => c.rule === 'task_lag')?.state).toBe('warning')
    const crit = evaluateHealth({ ...quiet, 'tasks.oldest_age_s': 900 })
    expect(crit.checks.find((c) => c.rule === 'task_lag')?.state).toBe('critical')
  })
})
