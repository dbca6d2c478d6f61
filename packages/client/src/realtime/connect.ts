import type { AblyOptions } from './ably-transport.ts'
import type { BackoffOptions } from './backoff.ts'
import { type ChannelName, patternCovers, type RealtimeMessage } from './channels.ts'
import { hubTransport, type WebSocketConstructor } from './hub-transport.ts'
import { type GrantSource, type GrantSourceOptions, grantSource, type RealtimeGrant } from './token.ts'
import type {
  ConnectionState,
  GapEvent,
  RealtimeErrorEvent,
  StateChange,
  Transport,
  TransportHost,
} from './transport.ts'

/** Options for connectRealtime: where the API is, credentials for the token route, and the transport. */
export interface RealtimeOptions extends GrantSourceOptions {
  /** `auto` (default): whatever the token route answers; `hub`: our WebSocket hub; `ably`: Ably's realtime SDK. */
  transport?: 'auto' | 'hub' | 'ably'
  /** A WebSocket implementation where there is no global one (Node 20: `import { WebSocket } from 'ws'`). */
  WebSocket?: WebSocketConstructor
  /** Hub: silence watchdog period (default 10 s). */
  heartbeatMs?: number
  /** Hub: reconnect delays (default 500 ms doubling to 30 s, full jitter). */
  backoff?: BackoffOptions
  /** Hub: refused tickets in a row (close 4401) before giving up (default 5). */
  maxAuthFailures?: number
  /**
   * Channel patterns to ask for whatever is subscribed (e.g. `['ticks:*']`), so subscriptions they cover need no new
   * ticket; a ticket carries at most 50 channels or patterns.
   */
  capability?: string[]
  /** Ably: extra client options (endpoint, logging...); authentication always goes through the token route. */
  ably?: AblyOptions
}

/** Options per subscription. */
export interface SubscribeOptions {
  /** Also deliver what the server still holds from before (the hub's history ring, Ably's last two minutes). */
  rewind?: boolean
}

type Events = { state: StateChange; error: RealtimeErrorEvent; gap: GapEvent }

/** A realtime connection: subscribe to typed channels; reconnects and resumes by itself until closed. */
export interface RealtimeClient {
  /** Delivers the channel's messages to `handler`; returns the function that stops it. */
  subscribe<C extends ChannelName>(
    channel: C,
    handler: (message: RealtimeMessage<C>) => void,
    options?: SubscribeOptions,
  ): () => void
  /** Listens to state changes, server errors (refused channels) or gaps (resume impossible); returns the unlistener. */
  on<E extends keyof Events>(event: E, listener: (event: Events[E]) => void): () => void
  /** The current state. */
  readonly state: ConnectionState
  /** The transport in use once chosen. */
  readonly transport: 'hub' | 'ably' | undefined
  /** Closes the connection; subscriptions end. */
  close(): void
}

/**
 * Connects to the API's realtime channels over the hub or Ably (`auto`: whichever the server's token route
 * answers). The connection opens when the first channel is subscribed; each (re)connect takes a fresh ticket for
 * the channels subscribed then.
 */
export function connectRealtime(options: RealtimeOptions): RealtimeClient {
  const mode = options.transport ?? 'auto'
  const fetchGrant = grantSource(options)
  const wide = options.capability ?? []
  const grant: GrantSource = (wanted) =>
    fetchGrant([...wide, ...wanted.filter((c) => !wide.some((p) => patternCovers(p, c)))])
  const subs = new Map<string, { handlers: Set<(m: never) => void>; rewind: boolean }>()
  const listeners: { [E in keyof Events]: Set<(e: Events[E]) => void> } = {
    state: new Set(),
    error: new Set(),
    gap: new Set(),
  }
  const emit = <E extends keyof Events>(event: E, value: Events[E]) => {
    for (const l of listeners[event]) l(value)
  }
  let state: ConnectionState = 'idle'
  let chosen: 'hub' | 'ably' | undefined
  let transport: Transport | undefined
  let starting = false
  let closed = false

  const host: TransportHost = {
    channels: () => [...subs.keys()],
    has: (channel) => subs.has(channel),
    rewind: (channel) => subs.get(channel)?.rewind ?? false,
    grant,
    deliver(message) {
      for (const h of subs.get(message.channel)?.handlers ?? []) (h as (m: typeof message) => void)(message)
    },
    state(change) {
      if (closed && change.state !== 'closed') return
      state = change.state
      if (change.transport) chosen = change.transport
      emit('state', change)
    },
    error: (e) => emit('error', e),
    gap: (e) => emit('gap', e),
    handover(first) {
      startAbly(first)
    },
  }

  async function startAbly(first?: Extract<RealtimeGrant, { kind: 'ably' }>) {
    chosen = 'ably'
    const { ablyTransport } = await import('./ably-transport.ts')
    if (closed) return
    transport = ablyTransport(host, { ably: options.ably, first })
  }

  const start = () => {
    if (starting || closed) return
    starting = true
    // After the current task, so the subscribes made together share the first ticket.
    queueMicrotask(() => {
      if (closed) return
      if (mode === 'ably') return void startAbly()
      transport = hubTransport(host, {
        baseUrl: options.baseUrl,
        WebSocket: options.WebSocket,
        heartbeatMs: options.heartbeatMs,
        backoff: options.backoff,
        maxAuthFailures: options.maxAuthFailures,
        mode,
      })
    })
  }

  return {
    subscribe(channel, handler, o = {}) {
      const added = !subs.has(channel)
      const sub = subs.get(channel) ?? { handlers: new Set(), rewind: !!o.rewind }
      subs.set(channel, sub)
      sub.handlers.add(handler as (m: never) => void)
      if (added) {
        if (transport) transport.add(channel)
        else start()
      }
      return () => {
        const s = subs.get(channel)
        if (!s?.handlers.delete(handler as (m: never) => void) || s.handlers.size > 0) return
        subs.delete(channel)
        transport?.remove(channel)
      }
    },
    on(event, listener) {
      listeners[event].add(listener)
      return () => listeners[event].delete(listener)
    },
    get state() {
      return state
    },
    get transport() {
      return chosen
    },
    close() {
      if (closed) return
      if (transport) transport.close()
      else host.state({ state: 'closed' })
      closed = true
      subs.clear()
    },
  }
}
