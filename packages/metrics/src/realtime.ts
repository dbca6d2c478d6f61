import type { Measures } from './health.ts'
import type { Counter, Histogram, Registry } from './registry.ts'
import { WINDOWS } from './windows.ts'

/** What a realtime hub reports: cumulative counters and current gauges (the hub's `stats()` satisfies it). */
export interface RealtimeSource {
  connections: number
  subscriptions: number
  messagesIn: number
  messagesOut: number
  dropped: number
  conflated: number
  duplicates: number
  staleClosed: number
  errors: number
  evicted: number
  bytesIn: number
  bytesOut: number
}

/** Realtime figures in each history point (the dashboard's charts); zeros where no hub is attached. */
export interface RealtimePoint {
  realtimeConnections: number
  /** Frames sent per second over the last two intervals. */
  realtimeOutPerS: number
  /** Messages dropped and conflated for slow consumers, per minute. */
  realtimeDroppedPerMin: number
  realtimeConflatedPerMin: number
  /** Publish-to-last-send p99 over one minute, ms (null without deliveries). */
  realtimeDeliveryP99Ms: number | null
}

const KINDS: Record<string, keyof RealtimeSource> = {
  in: 'messagesIn',
  out: 'messagesOut',
  dropped: 'dropped',
  conflated: 'conflated',
  duplicate: 'duplicates',
  stale_closed: 'staleClosed',
  error: 'errors',
  evicted_channel: 'evicted',
}

/**
 * The realtime hub's metric families (`realtime_*` on /metrics), polled from its counters each interval, and the
 * measures the health and alert rules read (`realtime.*`).
 */
export class RealtimeHooks {
  readonly messages: Counter
  readonly bytes: Counter
  readonly latency: Histogram
  private source?: () => RealtimeSource
  private readonly last = new Map<string, number>()

  constructor(registry: Registry) {
    const gauge = (name: string, help: string, pick: (s: RealtimeSource) => number) =>
      registry.gauge({
        name,
        help,
        refresh: (g) => {
          const s = this.source?.()
          if (s) g.set({}, pick(s))
        },
      })
    gauge('realtime_connections', 'Open realtime WebSocket connections', (s) => s.connections)
    gauge('realtime_subscriptions', 'Channel subscriptions across connections', (s) => s.subscriptions)
    this.messages = registry.counter({
      name: 'realtime_messages_total',
      help: 'Realtime messages by kind: in (accepted publishes), out (frames sent), dropped and conflated (slow consumers), duplicate (repeated ids), stale_closed, error, evicted_channel',
      labelNames: ['kind'],
    })
    this.bytes = registry.counter({
      name: 'realtime_bytes_total',
      help: 'Realtime WebSocket bytes by direction (in: frame payloads received, out: frames written, compressed where deflate applied)',
      labelNames: ['direction'],
    })
    this.latency = registry.histogram({
      name: 'realtime_delivery_latency_seconds',
      help: 'Publish to last send of a message across its subscribers',
    })
  }

  /** Reads the hub's counters from now on; counts before this call are the baseline, not traffic. */
  attach(source: () => RealtimeSource): void {
    this.source = source
    this.last.clear()
    this.poll(false)
  }

  /** Records one message's publish-to-last-send time. */
  delivered(ms: number): void {
    this.latency.observe({}, ms)
  }

  /** Adds what the hub counted since the last poll. */
  poll(count = true): void {
    const s = this.source?.()
    if (!s) return
    const add = (counter: Counter, label: string, key: string, value: number) => {
      const id = `${label}:${key}`
      const prev = this.last.get(id) ?? 0
      this.last.set(id, value)
      if (count && value > prev) counter.inc({ [label]: key }, value - prev)
    }
    for (const [kind, field] of Object.entries(KINDS)) add(this.messages, 'kind', kind, s[field])
    add(this.bytes, 'direction', 'in', s.bytesIn)
    add(this.bytes, 'direction', 'out', s.bytesOut)
  }

  /**
   * `realtime.*` measures: the share of slow-consumer drops among attempted sends over 5 min (conflated ticks
   * are not losses: the latest price still arrives), delivery p99, and connections. Absent without a hub.
   */
  measures(): Measures {
    if (!this.source) return {}
    const five = WINDOWS['5m']
    const out = this.messages.windowTotal(five, { kind: 'out' })
    const dropped = this.messages.windowTotal(five, { kind: 'dropped' })
    const latency = this.latency.child().window(five)
    return {
      'realtime.connections': this.source().connections,
      'realtime.sends.5m': out + dropped,
      'realtime.drop_rate.5m': out + dropped ? dropped / (out + dropped) : null,
      'realtime.deliveries.5m': latency.count,
      'realtime.delivery_p99_ms.5m': latency.count ? latency.p99 : null,
    }
  }

  /** This interval's figures for the history and the dashboard. */
  point(intervalMs: number): RealtimePoint {
    const recent = 2 * intervalMs
    const minute = WINDOWS['1m']
    const latency = this.latency.child().window(minute)
    return {
      realtimeConnections: this.source?.().connections ?? 0,
      realtimeOutPerS: this.messages.child({ kind: 'out' }).window(recent).rate,
      realtimeDroppedPerMin: this.messages.windowTotal(minute, { kind: 'dropped' }),
      realtimeConflatedPerMin: this.messages.windowTotal(minute, { kind: 'conflated' }),
      realtimeDeliveryP99Ms: latency.count ? latency.p99 : null,
    }
  }
}
