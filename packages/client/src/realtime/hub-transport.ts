import { type BackoffOptions, backoffDelay } from './backoff.ts'
import { type ChannelName, patternCovers } from './channels.ts'
import { RealtimeGrantError } from './token.ts'
import type { Transport, TransportHost } from './transport.ts'

/** The part of the WebSocket API the client uses: browsers, React Native, Node 22's global, and `ws` all have it. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}

/** A WebSocket constructor (the global one, or `ws`'s WebSocket on Node 20). */
export type WebSocketConstructor = new (url: string) => WebSocketLike

/** Hub transport settings. */
export interface HubTransportOptions {
  baseUrl: string
  /** Default: the global WebSocket. */
  WebSocket?: WebSocketConstructor
  /** Silence watchdog period: a ping after one silent period, a reconnect after two more. Default 10 s. */
  heartbeatMs?: number
  backoff?: BackoffOptions
  /** Consecutive refused tickets (close 4401) before giving up. Default 5. */
  maxAuthFailures?: number
  /** `auto`: an Ably answer from the token route hands over to the Ably transport; `hub`: it is an error. */
  mode: 'auto' | 'hub'
}

/** Close codes the hub sends (packages/realtime): restart elsewhere, ticket refused, too many connections per key. */
export const CLOSE_RESTART = 1012
export const CLOSE_UNAUTHORIZED = 4401
export const CLOSE_TOO_MANY_CONNECTIONS = 4429
const OPEN = 1

/** Message ids remembered per channel, so a replay from another instance (other serials) is not delivered twice. */
const SEEN_IDS = 1024

interface Frame {
  type?: string
  channel?: string
  serial?: number
  resumed?: boolean
  id?: string
  name?: string
  data?: unknown
  ts?: number
  code?: string
  message?: string
  instance?: string
}

/** The WebSocket URL for a ticket: the API's origin with ws(s), the hub's path from the grant. */
export function hubUrl(baseUrl: string, path: string, ticket: string): string {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`)
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol
  url.searchParams.set('ticket', ticket)
  return url.toString()
}

/**
 * The hub transport: a fresh ticket per (re)connect, exponential backoff with full jitter, resume of every channel
 * from the last serial seen (older serials and repeated ids are dropped, so nothing is delivered twice), a resync
 * when a serial is skipped on a channel that is not conflated, and a watchdog that reconnects when the server goes
 * silent (browsers cannot see protocol pings, so it sends JSON pings). Serials are per hub instance: a resume
 * names the instance that numbered them and the last message id, so a reconnect that lands on another instance
 * (after a restart or behind a load balancer) is placed by id there, or reported as a gap, never resumed blindly.
 */
export function hubTransport(host: TransportHost, o: HubTransportOptions): Transport {
  const WS = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  const heartbeatMs = o.heartbeatMs ?? 10_000
  const maxAuthFailures = o.maxAuthFailures ?? 5
  const last = new Map<string, number>()
  /** Per channel: the hub instance that numbered `last`, and the id of the last message delivered. */
  const origin = new Map<string, string>()
  const lastId = new Map<string, string>()
  const seen = new Map<string, Set<string>>()
  const resyncing = new Set<string>()
  /**
   * Messages held per channel while a resume is answered by a hub whose instance is not known yet: until its
   * `subscribed` frame names the instance, their serials cannot be compared with the ones we hold.
   */
  const held = new Map<string, Frame[]>()
  /** The instance behind the current socket, once a `subscribed` frame has named it. */
  let socketInstance: string | undefined
  let granted: string[] = []
  let ws: WebSocketLike | undefined
  let attempt = 0
  let authFailures = 0
  let confirmed = false
  let closed = false
  let dormant = false
  let generation = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let heartbeat: ReturnType<typeof setInterval> | undefined
  let silent = 0
  let restartQueued = false
  /** In `auto` mode the transport is only known once the token route has answered with a hub ticket. */
  let known = o.mode === 'hub'

  const send = (frame: object) => {
    if (ws?.readyState === OPEN) ws.send(JSON.stringify(frame))
  }
  const covered = (channel: string) => granted.some((p) => patternCovers(p, channel))

  const subscribe = (channel: string) => {
    const from = last.get(channel) ?? (host.rewind(channel) ? 0 : undefined)
    const instance = from === undefined ? undefined : origin.get(channel)
    if (instance !== undefined && instance !== socketInstance) held.set(channel, [])
    const id = lastId.get(channel)
    send({
      type: 'subscribe',
      channel,
      ...(from === undefined ? {} : { fromSerial: from }),
      ...(instance === undefined ? {} : { instance, ...(id === undefined ? {} : { fromId: id }) }),
    })
  }

  const stopHeartbeat = () => {
    clearInterval(heartbeat)
    heartbeat = undefined
  }

  /** Forgets the current socket without waiting for its close (a dead peer may never complete the handshake). */
  const drop = () => {
    stopHeartbeat()
    const s = ws
    ws = undefined
    if (!s) return
    s.onopen = s.onmessage = s.onclose = null
    // Not null: `ws` throws an 'error' event nobody listens to (closing a socket that is still connecting emits one).
    s.onerror = () => {}
    try {
      s.close(1000)
    } catch {
      // already closed
    }
  }

  const fail = (code: string, message: string) => {
    if (closed) return
    closed = true
    clearTimeout(retryTimer)
    drop()
    host.error({ code, message, fatal: true })
    host.state({ state: 'closed', transport: 'hub', reason: message })
  }

  const retry = (why: { code?: number; reason?: string }, delayMs = backoffDelay(attempt, o.backoff)) => {
    if (closed) return
    host.state({ state: 'reconnecting', transport: 'hub', attempt, delayMs, ...why })
    attempt++
    clearTimeout(retryTimer)
    retryTimer = setTimeout(connect, delayMs)
  }

  const confirm = () => {
    if (confirmed) return
    confirmed = true
    attempt = 0
    authFailures = 0
    host.state({ state: 'connected', transport: 'hub' })
  }

  const remember = (channel: string, id: string): boolean => {
    const ids = seen.get(channel) ?? new Set<string>()
    seen.set(channel, ids)
    if (ids.has(id)) return false
    ids.add(id)
    if (ids.size > SEEN_IDS) ids.delete(ids.values().next().value as string)
    return true
  }

  const onMessage = (f: Frame) => {
    const channel = f.channel
    if (!channel || !host.has(channel) || typeof f.serial !== 'number') return
    confirm()
    const hold = held.get(channel)
    if (hold) return void hold.push(f)
    const prev = last.get(channel)
    if (prev !== undefined && f.serial <= prev) return
    // A skipped serial: the hub dropped messages for a slow consumer. Prices are conflated on purpose (only the
    // latest matters); elsewhere ask for a replay from the last one seen and drop until it comes.
    if (prev !== undefined && f.serial > prev + 1 && !channel.startsWith('ticks:')) {
      if (!resyncing.has(channel)) {
        resyncing.add(channel)
        subscribe(channel)
      }
      return
    }
    last.set(channel, f.serial)
    if (f.id !== undefined && !remember(channel, f.id)) return
    if (f.id !== undefined) lastId.set(channel, f.id)
    host.deliver({
      channel: channel as ChannelName,
      name: f.name ?? '',
      data: f.data,
      id: f.id ?? '',
      ts: f.ts ?? 0,
      serial: f.serial,
    } as Parameters<TransportHost['deliver']>[0])
  }

  const onFrame = (raw: unknown) => {
    let f: Frame
    try {
      f = JSON.parse(String(raw)) as Frame
    } catch {
      return
    }
    if (f.type === 'message') return onMessage(f)
    if (f.type === 'subscribed' && f.channel) {
      const channel = f.channel
      confirm()
      resyncing.delete(channel)
      const replayed = held.get(channel) ?? []
      held.delete(channel)
      if (!host.has(channel)) return
      const before = last.get(channel)
      if (f.instance !== undefined) {
        socketInstance = f.instance
        // Another instance's serials: it placed us by message id, and what it replays carries its own serials.
        if (origin.get(channel) !== f.instance) last.delete(channel)
        origin.set(channel, f.instance)
      }
      // Everything held came over this one socket, so one instance numbered it all: serial order is delivery order.
      for (const m of replayed.sort((x, y) => (x.serial ?? 0) - (y.serial ?? 0))) onMessage(m)
      const prev = last.get(channel)
      if (f.resumed === false) host.gap({ channel, lastSerial: before })
      if ((prev === undefined || f.resumed === false) && typeof f.serial === 'number')
        last.set(channel, f.serial)
      return
    }
    if (f.type === 'pong') return confirm()
    if (f.type === 'error') {
      if (f.channel) {
        resyncing.delete(f.channel)
        held.delete(f.channel) // a refused subscribe: no replay or subscribed frame follows
      }
      host.error({
        code: f.code ?? 'error',
        message: f.message ?? '',
        ...(f.channel ? { channel: f.channel } : {}),
      })
    }
  }

  const onClose = (code: number, reason: string) => {
    if (closed) return
    // The instance is going away: reconnect at once (the load balancer sends us elsewhere); the resume names the
    // old instance, so the new one places us by message id.
    if (code === CLOSE_RESTART) return retry({ code, reason }, 0)
    if (code === CLOSE_UNAUTHORIZED && ++authFailures > maxAuthFailures)
      return fail('unauthorized', `The hub refused ${authFailures} tickets in a row (${reason || code}).`)
    retry({ code, reason })
  }

  const startHeartbeat = () => {
    silent = 0
    heartbeat = setInterval(() => {
      if (silent >= 2) {
        drop()
        return retry({ reason: 'heartbeat timeout: the server went silent' })
      }
      if (silent++ === 1) send({ type: 'ping' })
    }, heartbeatMs)
  }

  async function connect(): Promise<void> {
    if (closed) return
    const gen = ++generation
    const wanted = host.channels()
    if (wanted.length === 0) {
      dormant = true
      return
    }
    dormant = false
    confirmed = false
    host.state({ state: 'connecting', ...(known ? { transport: 'hub' as const } : {}), attempt })
    let grant: Awaited<ReturnType<TransportHost['grant']>>
    try {
      grant = await host.grant(wanted)
    } catch (e) {
      if (closed || gen !== generation) return
      if (e instanceof RealtimeGrantError && !e.retryable) return fail(e.code ?? 'refused', e.message)
      return retry({ reason: (e as Error).message })
    }
    if (closed || gen !== generation) return
    if (grant.kind === 'ably') {
      if (o.mode === 'auto') {
        closed = true
        return host.handover(grant)
      }
      return fail(
        'wrong_transport',
        'The server serves realtime through Ably; use transport "ably" or "auto".',
      )
    }
    if (!WS)
      return fail('no_websocket', 'No global WebSocket here; pass one (e.g. `ws`) as the WebSocket option.')
    known = true
    granted = grant.channels
    socketInstance = undefined
    held.clear()
    let socket: WebSocketLike
    try {
      socket = new WS(hubUrl(o.baseUrl, grant.url, grant.ticket))
    } catch (e) {
      return fail('bad_url', (e as Error).message)
    }
    ws = socket
    // The watchdog runs from here, so an upgrade that never completes counts as silence too.
    startHeartbeat()
    socket.onopen = () => {
      if (ws !== socket) return
      for (const channel of host.channels()) if (covered(channel)) subscribe(channel)
      // Subscribed while the ticket was being fetched: a new ticket must cover the new channels.
      if (host.channels().some((c) => !covered(c))) queueRestart()
    }
    socket.onmessage = (event) => {
      if (ws !== socket) return
      silent = 0
      onFrame(event.data)
    }
    socket.onclose = (event) => {
      if (ws !== socket) return
      drop()
      onClose(event.code, event.reason)
    }
    socket.onerror = () => {} // a close event follows
  }

  /** Reconnects with a ticket for the current channel set (coalesced, so a burst of subscribes costs one). */
  function queueRestart() {
    if (restartQueued) return
    restartQueued = true
    queueMicrotask(() => {
      restartQueued = false
      if (closed || !ws) return
      drop()
      retry({ reason: 'new channels need a new ticket' }, 0)
    })
  }

  void connect()

  return {
    add(channel) {
      if (closed) return
      if (dormant) return void connect()
      if (ws?.readyState !== OPEN) return // the next (re)connect subscribes it
      if (covered(channel)) subscribe(channel)
      else queueRestart()
    },
    remove(channel) {
      last.delete(channel)
      origin.delete(channel)
      lastId.delete(channel)
      held.delete(channel)
      seen.delete(channel)
      resyncing.delete(channel)
      send({ type: 'unsubscribe', channel })
    },
    close() {
      if (closed) return
      closed = true
      clearTimeout(retryTimer)
      drop()
      host.state({ state: 'closed', transport: 'hub' })
    },
  }
}
