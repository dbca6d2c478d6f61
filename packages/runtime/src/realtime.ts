import { randomBytes } from 'node:crypto'
import { type RedisErrorLog, redisErrorWatch } from '@supernova/cache'
import type { Monitor } from '@supernova/metrics'
import type { TaskChange } from '@supernova/queue'
import {
  type AblyPublisher,
  ablyPublisher,
  channels,
  hubPublisher,
  RealtimeHub,
  type RealtimePublisher,
  redisFanout,
  type TicketSigner,
  ticketSigner,
} from '@supernova/realtime'
import type { Config } from './config.ts'

/** The hub's counters, gauges and delivery latency on /metrics, the dashboard and the health and alert rules. */
export function wireRealtimeMetrics(monitor: Monitor, hub: RealtimeHub): void {
  monitor.realtime.attach(() => hub.stats())
  hub.onDelivery = (ms) => monitor.realtime.delivered(ms)
}

/** What createRealtimeFor built: the publisher, and either Ably token requests or the hub with its tickets. */
export interface RealtimeSetup {
  publisher: RealtimePublisher
  description: string
  hub?: RealtimeHub
  tickets?: TicketSigner
  ably?: AblyPublisher
  close(): Promise<void>
}

/**
 * Picks the realtime adapter. With ABLY_API_KEY: Ably's REST API (any shape; the serverless one's path), clients
 * get Ably token requests. Otherwise, on servers (embedded and self-hosted), the WebSocket hub (the server attaches
 * its upgrade handler), with Redis pub/sub fan-out between instances when REDIS_URL is set, and hub tickets. On
 * Lambda without Ably there is no realtime: no long-lived sockets there.
 */
export function createRealtimeFor(
  config: Config,
  monitor: Monitor,
  log?: RedisErrorLog,
): RealtimeSetup | undefined {
  if (config.ABLY_API_KEY) {
    const ably = ablyPublisher({ key: config.ABLY_API_KEY })
    return {
      publisher: ably,
      ably,
      description: 'ably (REST publish and batch publish; token requests for clients)',
      close: async () => ably.close(),
    }
  }
  if (config.shape === 'lambda') return undefined
  // Without a configured secret tickets only verify on this instance, which is all an embedded server needs.
  const tickets = ticketSigner(config.REALTIME_TICKET_SECRET ?? randomBytes(32).toString('hex'))
  const fanout = config.REDIS_URL
    ? redisFanout({ url: config.REDIS_URL, onClient: redisErrorWatch('realtime', log).attach })
    : undefined
  const hub = new RealtimeHub({
    tickets,
    fanout,
    deflateThresholdBytes: config.REALTIME_DEFLATE_THRESHOLD_BYTES || undefined,
  })
  wireRealtimeMetrics(monitor, hub)
  return {
    hub,
    publisher: hubPublisher(hub),
    tickets,
    description: `WebSocket hub at /v1/realtime${fanout ? ' (Redis pub/sub fan-out between instances)' : ' (this process)'}${
      config.REALTIME_DEFLATE_THRESHOLD_BYTES
        ? `, deflate from ${config.REALTIME_DEFLATE_THRESHOLD_BYTES} bytes`
        : ''
    }`,
    close: () => hub.close(),
  }
}

/** Publishes a task's state changes on `tasks:{id}` (`progress` while running, `status` otherwise); never throws. */
export function taskChangePublisher(publisher: RealtimePublisher, onError: (err: unknown) => void) {
  return (change: TaskChange) => {
    const name = change.progress && change.status === 'running' ? 'progress' : 'status'
    // The id makes a re-reported state (a retried write, a second runner) one message, not two.
    const id = `${change.id}:${change.attempt}:${change.status}:${change.progress?.value ?? ''}`
    publisher.publish(channels.task(change.id), name, change, { id }).catch(onError)
  }
}

/** Publishes monitoring alert transitions on `performance`; returns the unsubscribe function. */
export function publishAlerts(
  monitor: Monitor,
  publisher: RealtimePublisher,
  onError: (err: unknown) => void,
) {
  return monitor.subscribe((e) => {
    if (e.type !== 'alert') return
    publisher.publish(channels.performance, 'alert', e, { id: `${e.id}:${e.state}:${e.at}` }).catch(onError)
  })
}
