import { randomBytes } from 'node:crypto'
import type { Monitor } from '@supernova/metrics'
import type { TaskChange } from '@supernova/queue'
import {
  channels,
  type HubStats,
  hubPublisher,
  RealtimeHub,
  type RealtimePublisher,
  redisFanout,
  type TicketSigner,
  ticketSigner,
} from '@supernova/realtime'
import type { Config } from './config.ts'

/** The hub's counters and gauges as metric families on /metrics and the monitor's windows. */
export function wireRealtimeMetrics(monitor: Monitor, hub: RealtimeHub): void {
  const r = monitor.registry
  const gauge = (name: string, help: string, pick: (s: HubStats) => number) =>
    r.gauge({ name, help, refresh: (g) => g.set({}, pick(hub.stats())) })
  gauge('realtime_connections', 'Open realtime WebSocket connections', (s) => s.connections)
  gauge('realtime_subscriptions', 'Channel subscriptions across connections', (s) => s.subscriptions)
  monitor.addCounterSource({
    name: 'realtime_messages_total',
    help: 'Realtime messages by kind: in (accepted publishes), out (frames sent), dropped (slow consumers), duplicate (repeated ids), stale_closed, error',
    label: 'kind',
    read: () => {
      const s = hub.stats()
      return {
        in: s.messagesIn,
        out: s.messagesOut,
        dropped: s.dropped,
        duplicate: s.duplicates,
        stale_closed: s.staleClosed,
        error: s.errors,
      }
    },
  })
  const latency = r.histogram({
    name: 'realtime_delivery_latency_seconds',
    help: 'Publish to last send of a message across its subscribers',
  })
  hub.onDelivery = (ms) => latency.observe({}, ms)
}

/**
 * The realtime side for servers (embedded and self-hosted): the WebSocket hub (the server attaches its upgrade
 * handler), Redis pub/sub fan-out between instances when REDIS_URL is set, the publisher over it, and the ticket
 * signer. Not on Lambda: no long-lived sockets there (the Ably adapter is the production path, not built yet).
 */
export function createRealtimeFor(
  config: Config,
  monitor: Monitor,
): { hub: RealtimeHub; publisher: RealtimePublisher; tickets: TicketSigner; description: string } {
  // Without a configured secret tickets only verify on this instance, which is all an embedded server needs.
  const tickets = ticketSigner(config.REALTIME_TICKET_SECRET ?? randomBytes(32).toString('hex'))
  const fanout = config.REDIS_URL ? redisFanout({ url: config.REDIS_URL }) : undefined
  const hub = new RealtimeHub({ tickets, fanout })
  wireRealtimeMetrics(monitor, hub)
  return {
    hub,
    publisher: hubPublisher(hub),
    tickets,
    description: `WebSocket hub at /v1/realtime${fanout ? ' (Redis pub/sub fan-out between instances)' : ' (this process)'}`,
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
