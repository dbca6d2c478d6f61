import { describe, expect, it } from 'vitest'
import { Monitor } from './monitor.ts'
import { toPrometheus } from './prometheus.ts'
import type { RealtimeSource } from './realtime.ts'

function setup() {
  const clock = { t: 1_700_000_000_000 }
  const monitor = new Monitor({ clock: () => clock.t })
  const stats: RealtimeSource = {
    connections: 0,
    subscriptions: 0,
    messagesIn: 0,
    messagesOut: 0,
    dropped: 0,
    conflated: 0,
    duplicates: 0,
    staleClosed: 0,
    errors: 0,
    evicted: 0,
    bytesIn: 0,
    bytesOut: 0,
  }
  const tick = () => {
    clock.t += 10_000
    return monitor.tick()
  }
  return { monitor, stats, tick }
}

describe('realtime metrics', () => {
  it('has no realtime measures and zero points until a hub is attached', () => {
    const { monitor, tick } = setup()
    expect(Object.keys(monitor.measures()).filter((k) => k.startsWith('realtime.'))).toEqual([])
    expect(tick()).toMatchObject({
      realtimeConnections: 0,
      realtimeDroppedPerMin: 0,
      realtimeDeliveryP99Ms: null,
    })
  })

  it('counts what the hub counted after attaching, on /metrics, in the measures and in history points', () => {
    const { monitor, stats, tick } = setup()
    stats.messagesOut = 1_000 // before attaching: the baseline, not traffic
    monitor.realtime.attach(() => stats)
    Object.assign(stats, {
      connections: 12,
      subscriptions: 30,
      messagesIn: 5,
      messagesOut: 1_400,
      dropped: 4,
      conflated: 7,
      bytesIn: 900,
      bytesOut: 80_000,
    })
    for (const ms of [3, 4, 5, 40]) monitor.realtime.delivered(ms)
    const point = tick()
    const text = toPrometheus(monitor.registry.collect())
    expect(text).toMatch(/^realtime_connections 12$/m)
    expect(text).toMatch(/^realtime_subscriptions 30$/m)
    expect(text).toMatch(/^realtime_messages_total\{kind="out"\} 400$/m)
    expect(text).toMatch(/^realtime_messages_total\{kind="dropped"\} 4$/m)
    expect(text).toMatch(/^realtime_messages_total\{kind="conflated"\} 7$/m)
    expect(text).toMatch(/^realtime_bytes_total\{direction="out"\} 80000$/m)
    expect(text).toMatch(/^realtime_delivery_latency_seconds_count 4$/m)
    const m = monitor.measures()
    expect(m['realtime.connections']).toBe(12)
    expect(m['realtime.sends.5m']).toBe(404)
    expect(m['realtime.drop_rate.5m']).toBeCloseTo(4 / 404, 6)
    expect(m['realtime.deliveries.5m']).toBe(4)
    expect(m['realtime.delivery_p99_ms.5m']).toBeCloseTo(40, 0)
    expect(point).toMatchObject({
      realtimeConnections: 12,
      realtimeDroppedPerMin: 4,
      realtimeConflatedPerMin: 7,
    })
    expect(point.realtimeDeliveryP99Ms).toBeCloseTo(40, 0)
  })

  it('marks health degraded and fires the slow-consumer alert when a share of sends is dropped', () => {
    const { monitor, stats, tick } = setup()
    monitor.realtime.attach(() => stats)
    stats.messagesOut = 50
    stats.dropped = 40
    tick()
    // under the guard (fewer than 100 sends in 5 min): no verdict yet
    expect(monitor.health().issues.map((i) => i.rule)).not.toContain('realtime_drops')
    stats.messagesOut = 500
    stats.dropped = 100
    tick()
    const issue = monitor.health().issues.find((i) => i.rule === 'realtime_drops')
    expect(issue).toMatchObject({ severity: 'critical' })
    tick() // the alert needs two evaluations in a row
    expect(monitor.alerts.firing()).toContain('realtime_slow_consumers')
  })
})
