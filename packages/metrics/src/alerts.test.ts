import { describe, expect, it } from 'vitest'
import { type AlertEvent, type AlertRule, Alerts } from './alerts.ts'

const rule: AlertRule = {
  id: 'slow',
  title: 'p95 above 100 ms',
  measure: 'p95',
  op: '>',
  threshold: 100,
  severity: 'warning',
  guard: { measure: 'n', min: 10 },
}

describe('alerts', () => {
  it('go ok -> firing -> resolved -> firing, keeping history and emitting each transition', () => {
    let t = 0
    const alerts = new Alerts([rule], () => t)
    const seen: AlertEvent[] = []
    const off = alerts.subscribe((e) => seen.push(e))
    expect(alerts.evaluate({ p95: 50, n: 100 })).toEqual([])
    expect(alerts.status()[0]?.state).toBe('ok')
    t = 10_000
    alerts.evaluate({ p95: 150, n: 100 })
    expect(alerts.status()[0]).toMatchObject({
      state: 'firing',
      value: 150,
      since: new Date(10_000).toISOString(),
    })
    expect(alerts.firing()).toEqual(['slow'])
    t = 20_000
    expect(alerts.evaluate({ p95: 160, n: 100 })).toEqual([]) // still firing: no new event
    t = 30_000
    alerts.evaluate({ p95: 40, n: 100 })
    expect(alerts.status()[0]?.state).toBe('resolved')
    t = 40_000
    alerts.evaluate({ p95: 400, n: 100 })
    expect(seen.map((e) => `${e.previous}->${e.state}`)).toEqual([
      'ok->firing',
      'firing->resolved',
      'resolved->firing',
    ])
    expect(alerts.history().map((e) => e.state)).toEqual(['firing', 'resolved', 'firing'])
    expect(seen[0]).toMatchObject({
      type: 'alert',
      id: 'slow',
      value: 150,
      threshold: 100,
      severity: 'warning',
    })
    off()
    t = 50_000
    alerts.evaluate({ p95: 1, n: 100 })
    expect(seen).toHaveLength(3)
  })

  it('wait for `for` consecutive breaches before firing, and as many clear ones before resolving', () => {
    const alerts = new Alerts([{ ...rule, for: 2 }])
    alerts.evaluate({ p95: 200, n: 100 })
    expect(alerts.status()[0]?.state).toBe('ok')
    alerts.evaluate({ p95: 10, n: 100 })
    alerts.evaluate({ p95: 200, n: 100 })
    expect(alerts.status()[0]?.state).toBe('ok')
    alerts.evaluate({ p95: 200, n: 100 })
    expect(alerts.status()[0]?.state).toBe('firing')
    alerts.evaluate({ p95: 10, n: 100 })
    expect(alerts.status()[0]?.state).toBe('firing')
    alerts.evaluate({ p95: 10, n: 100 })
    expect(alerts.status()[0]?.state).toBe('resolved')
  })

  it('ignore breaches without enough traffic (guard) and missing values', () => {
    const alerts = new Alerts([rule, { ...rule, id: 'low', op: '<', threshold: 5, guard: undefined }])
    alerts.evaluate({ p95: 10_000, n: 2 })
    expect(alerts.firing()).toEqual([])
    alerts.evaluate({ p95: null, n: 100 })
    expect(alerts.firing()).toEqual([])
    alerts.evaluate({ p95: 1, n: 100 })
    expect(alerts.firing()).toEqual(['low'])
  })

  it('keep going when a subscriber throws', () => {
    const alerts = new Alerts([rule])
    const seen: string[] = []
    alerts.subscribe(() => {
      throw new Error('boom')
    })
    alerts.subscribe((e) => seen.push(e.state))
    alerts.evaluate({ p95: 500, n: 100 })
    expect(seen).toEqual(['firing'])
  })
})
