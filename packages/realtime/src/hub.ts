import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { isKnownChannel } from './channels.ts'
import {
  type DirectWrite,
  deflatedFrame,
  directWrite,
  type PreparedFrame,
  prepareTextFrame,
} from './frames.ts'
import {
  CLOSE_RESTART,
  CLOSE_TOO_MANY_CONNECTIONS,
  CLOSE_UNAUTHORIZED,
  type HubOptions,
  type HubStats,
  type WireMessage,
} from './hub-options.ts'
import type { PublishMessage } from './port.ts'
import { type Kept, missedSince } from './resume.ts'
import { capabilityAllows } from './tickets.ts'

interface Channel {
  serial: number
  history: Kept<PreparedFrame>[]
  seen: Map<string, number>
  subscribers: Set<Client>
}

interface Client {
  ws: WebSocket
  /** Where prepared frames are written directly, and whether compressed ones may be. */
  direct?: DirectWrite
  capability: string[]
  channels: Set<string>
  alive: boolean
  key?: string
  /** Latest frame per conflated channel, held while the socket is over its buffer bound. */
  pending?: Map<string, PreparedFrame>
  flushTimer?: NodeJS.Timeout
  /** Inbound rate limit: tokens left and when they were last refilled. */
  tokens: number
  refilledAt: number
}

type ErrorCode =
  | 'bad_frame'
  | 'unknown_channel'
  | 'forbidden'
  | 'too_large'
  | 'too_many_subscriptions'
  | 'too_many_connections'
  | 'rate_limited'
  | 'unauthorized'

/**
 * The local realtime hub: a `ws` server on the API's HTTP server (upgrade on `/v1/realtime?ticket=…`). JSON frames:
 * `{type:'subscribe', channel, fromSerial?, instance?, fromId?}`, `{type:'unsubscribe', channel}`, `{type:'ping'}`;
 * the hub answers `subscribed` (`serial`: the channel's current serial, after replaying history past the resume
 * point; `resumed`; `instance`: this hub's id), `message` (`channel, serial, id, name, data, ts`), `pong` and
 * `error` frames. Serials are per channel and per instance: a resume names the instance its serial came from.
 */
export class RealtimeHub {
  private readonly keys = new Map<string, number>()
  /** This hub's id, sent in `subscribed` frames so a client knows whose serials it holds. */
  readonly instance: string
  private readonly o: Required<Omit<HubOptions, 'fanout' | 'deflateThresholdBytes' | 'instanceId'>> &
    Pick<HubOptions, 'fanout' | 'deflateThresholdBytes'>
  private readonly wss: WebSocketServer
  private readonly clients = new Set<Client>()
  private readonly channelsByName = new Map<string, Channel>()
  private readonly heartbeat: NodeJS.Timeout
  private readonly counts = {
    messagesIn: 0,
    messagesOut: 0,
    dropped: 0,
    duplicates: 0,
    staleClosed: 0,
    errors: 0,
    conflated: 0,
    evicted: 0,
    bytesIn: 0,
    bytesOut: 0,
  }
  private closing = false
  /** Called once per delivered message with publish-to-last-send latency, ms; the monitor records it. */
  onDelivery?: (latencyMs: number) => void

  constructor(options: HubOptions) {
    this.o = {
      historySize: 200,
      resumeWindowMs: 120_000,
      heartbeatMs: 15_000,
      maxBufferedBytes: 1024 * 1024,
      maxMessageBytes: 64 * 1024,
      maxSubscriptionsPerConnection: 200,
      conflate: (channel) => channel.startsWith('ticks:'),
      maxConnectionsPerKey: 100,
      maxFramesPerSecond: 50,
      now: Date.now,
      ...options,
    }
    this.instance = options.instanceId ?? randomUUID()
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.o.maxMessageBytes,
      // The hub compresses (once per message) and writes frames itself, so ws never holds a deflate stream per
      // socket for sending; no context takeover either way keeps inbound inflate state from growing per message.
      perMessageDeflate:
        this.o.deflateThresholdBytes === undefined
          ? false
          : {
              serverNoContextTakeover: true,
              clientNoContextTakeover: true,
              threshold: Number.POSITIVE_INFINITY,
            },
    })
    this.heartbeat = setInterval(() => this.sweep(), this.o.heartbeatMs)
    this.heartbeat.unref()
    this.o.fanout?.onMessage((m) => this.deliver(m))
  }

  /** The HTTP server's `upgrade` listener: takes `/v1/realtime`, leaves other paths to other handlers (or destroys them). */
  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/v1/realtime' || this.closing) {
      socket.end(
        `HTTP/1.1 ${this.closing ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`,
      )
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url.searchParams.get('ticket') ?? ''))
  }

  /** Publishes through the fan-out when there is one (every instance delivers), else delivers here. */
  async publish(messages: readonly PublishMessage[]): Promise<void> {
    const ts = this.o.now()
    for (const m of messages) {
      if (!isKnownChannel(m.channel)) throw new RangeError(`unknown channel '${m.channel}'`)
      const size = Buffer.byteLength(JSON.stringify(m.data ?? null))
      if (size > this.o.maxMessageBytes)
        throw new RangeError(`message of ${size} bytes exceeds the ${this.o.maxMessageBytes}-byte limit`)
      const wire: WireMessage = {
        channel: m.channel,
        name: m.name,
        data: m.data,
        id: m.id ?? randomUUID(),
        ts,
      }
      if (this.o.fanout) await this.o.fanout.publish(wire)
      else this.deliver(wire)
    }
  }

  /** Resolves once the fan-out (if any) is receiving. */
  async ready(): Promise<void> {
    await this.o.fanout?.ready?.()
  }

  /** Counters and gauges for metrics. */
  stats(): HubStats {
    let subscriptions = 0
    for (const c of this.clients) subscriptions += c.channels.size
    return {
      connections: this.clients.size,
      subscriptions,
      channels: this.channelsByName.size,
      ...this.counts,
    }
  }

  /** Stops accepting, closes every socket with 1012 so clients reconnect, and waits (up to `graceMs`) for them. */
  async close(graceMs = 2000): Promise<void> {
    if (this.closing) return
    this.closing = true
    clearInterval(this.heartbeat)
    const closed = [...this.clients].map(
      (c) =>
        new Promise<void>((resolve) =>
          c.ws.readyState === c.ws.CLOSED ? resolve() : c.ws.once('close', () => resolve()),
        ),
    )
    for (const c of this.clients) c.ws.close(CLOSE_RESTART, 'service restart')
    const timer = setTimeout(() => {
      for (const c of this.clients) c.ws.terminate()
    }, graceMs)
    await Promise.all(closed)
    clearTimeout(timer)
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    await this.o.fanout?.close()
  }

  private accept(ws: WebSocket, ticket: string): void {
    const verdict = this.o.tickets.verify(ticket)
    if (!verdict.ok) {
      this.counts.errors++
      const message =
        verdict.problem === 'expired'
          ? 'The ticket has expired; request a new one.'
          : 'The ticket is missing or invalid.'
      ws.send(JSON.stringify({ type: 'error', code: 'unauthorized', message }))
      ws.close(CLOSE_UNAUTHORIZED, verdict.problem)
      return
    }
    const key = verdict.claims.key
    const held = key === undefined ? 0 : (this.keys.get(key) ?? 0)
    if (key !== undefined && held >= this.o.maxConnectionsPerKey) {
      this.counts.errors++
      const message = `At most ${this.o.maxConnectionsPerKey} connections per key.`
      ws.send(JSON.stringify({ type: 'error', code: 'too_many_connections', message }))
      ws.close(CLOSE_TOO_MANY_CONNECTIONS, 'too many connections')
      return
    }
    if (key !== undefined) this.keys.set(key, held + 1)
    const client: Client = {
      ws,
      direct: directWrite(ws),
      capability: verdict.claims.subscribe,
      channels: new Set(),
      alive: true,
      key,
      tokens: this.o.maxFramesPerSecond,
      refilledAt: this.o.now(),
    }
    this.clients.add(client)
    ws.on('pong', () => {
      client.alive = true
    })
    ws.on('message', (data, isBinary) => {
      client.alive = true
      this.counts.bytesIn += (data as Buffer).length
      if (!this.admit(client))
        return this.error(client, 'rate_limited', `At most ${this.o.maxFramesPerSecond} frames per second.`)
      this.onFrame(client, data as Buffer, isBinary)
    })
    ws.on('error', () => ws.terminate())
    ws.on('close', () => this.drop(client))
  }

  private onFrame(client: Client, data: Buffer, isBinary: boolean): undefined {
    let frame: {
      type?: unknown
      channel?: unknown
      fromSerial?: unknown
      instance?: unknown
      fromId?: unknown
    }
    try {
      if (isBinary) throw new Error('binary')
      frame = JSON.parse(data.toString('utf8'))
      if (typeof frame !== 'object' || frame === null) throw new Error('not an object')
    } catch {
      return this.error(client, 'bad_frame', 'Frames are JSON objects with a "type".')
    }
    if (frame.type === 'ping') return this.send(client, { type: 'pong' })
    if (frame.type !== 'subscribe' && frame.type !== 'unsubscribe')
      return this.error(client, 'bad_frame', 'Unknown frame type; expected subscribe, unsubscribe or ping.')
    const name = frame.channel
    if (typeof name !== 'string' || !isKnownChannel(name))
      return this.error(client, 'unknown_channel', `Unknown channel ${JSON.stringify(name)}.`, name)
    if (frame.type === 'unsubscribe') {
      client.channels.delete(name)
      this.channelsByName.get(name)?.subscribers.delete(client)
      return this.send(client, { type: 'unsubscribed', channel: name })
    }
    if (!capabilityAllows(client.capability, name))
      return this.error(client, 'forbidden', `The ticket does not allow subscribing to '${name}'.`, name)
    if (!client.channels.has(name) && client.channels.size >= this.o.maxSubscriptionsPerConnection)
      return this.error(
        client,
        'too_many_subscriptions',
        `At most ${this.o.maxSubscriptionsPerConnection} subscriptions per connection.`,
        name,
      )
    const { fromSerial: from, instance, fromId } = frame
    if (from !== undefined && (typeof from !== 'number' || !Number.isInteger(from) || from < 0))
      return this.error(client, 'bad_frame', '"fromSerial" must be a non-negative integer.', name)
    if (!optionalId(instance) || !optionalId(fromId))
      return this.error(
        client,
        'bad_frame',
        '"instance" and "fromId" must be strings of at most 200 characters.',
        name,
      )
    const ch = this.channel(name)
    client.channels.add(name)
    ch.subscribers.add(client)
    // Resume: replay what the client missed if the ring and the window still hold all of it, else say it cannot.
    let resumed = from === undefined
    if (from !== undefined) {
      const cutoff = this.o.now() - this.o.resumeWindowMs
      const missed = missedSince(
        ch.history,
        ch.serial,
        { fromSerial: from, instance, fromId },
        this.instance,
        cutoff,
      )
      for (const m of missed ?? []) this.sendRaw(client, m.frame)
      resumed = missed !== undefined
    }
    this.send(client, {
      type: 'subscribed',
      channel: name,
      serial: ch.serial,
      resumed,
      instance: this.instance,
    })
  }

  private channel(name: string): Channel {
    let ch = this.channelsByName.get(name)
    if (!ch) {
      ch = { serial: 0, history: [], seen: new Map(), subscribers: new Set() }
      this.channelsByName.set(name, ch)
    }
    return ch
  }

  /** Assigns the next serial (dropping a repeated id), keeps it in the ring, sends one encoded frame to every subscriber. */
  private deliver(m: WireMessage): void {
    const ch = this.channel(m.channel)
    if (ch.seen.has(m.id)) {
      this.counts.duplicates++
      return
    }
    this.counts.messagesIn++
    const serial = ++ch.serial
    ch.seen.set(m.id, m.ts)
    // Ids are remembered for the resume window or the ring's length, whichever holds more.
    const cutoff = this.o.now() - this.o.resumeWindowMs
    for (const [id, ts] of ch.seen) {
      if (ch.seen.size <= this.o.historySize && ts >= cutoff) break
      ch.seen.delete(id)
    }
    // Encoded and framed once; every subscriber gets the same Buffer.
    const frame = prepareTextFrame(
      JSON.stringify({
        type: 'message',
        channel: m.channel,
        serial,
        id: m.id,
        name: m.name,
        data: m.data,
        ts: m.ts,
      }),
    )
    ch.history.push({ serial, id: m.id, frame, ts: m.ts })
    if (ch.history.length > this.o.historySize) ch.history.shift()
    if (ch.subscribers.size === 0) return
    for (const c of ch.subscribers) this.sendRaw(c, frame, m.channel)
    // Once per message, after the send loop: publish-to-last-send, which is what a big fan-out makes slow.
    this.onDelivery?.(this.o.now() - m.ts)
  }

  private sendRaw(client: Client, frame: PreparedFrame, channel?: string): void {
    if (client.ws.readyState !== client.ws.OPEN) return
    // A newer frame of a conflated channel replaces the one held back for it.
    if (channel && client.pending?.delete(channel)) this.counts.conflated++
    // Slow consumer: never buffer without bound. Prices keep only their latest frame per channel (sent once the
    // socket drains); other channels drop, and the serial gap tells the client to resume.
    if (this.buffered(client) > this.o.maxBufferedBytes) {
      if (channel && this.o.conflate(channel)) {
        client.pending ??= new Map()
        client.pending.set(channel, frame)
        client.flushTimer ??= setTimeout(() => this.flush(client), 25)
      } else this.counts.dropped++
      return
    }
    if (client.pending?.size) this.flush(client)
    this.write(client, frame)
  }

  private write(client: Client, frame: PreparedFrame): void {
    this.writeFrame(client, frame)
    this.counts.messagesOut++
  }

  /** One write of a prepared frame (compressed when the connection and the size call for it); counts its bytes. */
  private writeFrame(client: Client, frame: PreparedFrame): void {
    const direct = client.direct
    if (!direct || direct.socket.destroyed) {
      client.ws.send(frame.payload, { binary: false, compress: false })
      this.counts.bytesOut += frame.payload.length
      return
    }
    const threshold = this.o.deflateThresholdBytes
    const wire =
      direct.deflate && threshold !== undefined && frame.payload.length >= threshold
        ? deflatedFrame(frame)
        : frame.wire
    direct.socket.write(wire)
    this.counts.bytesOut += wire.length
  }

  /** Bytes queued for the client: the socket's own queue on the direct path (what `ws.bufferedAmount` adds up). */
  private buffered(client: Client): number {
    return client.direct ? client.direct.socket.writableLength : client.ws.bufferedAmount
  }

  /** Sends the held-back latest frames once the socket is under its bound again; retries while it is not. */
  private flush(client: Client): void {
    client.flushTimer = undefined
    if (!client.pending?.size || client.ws.readyState !== client.ws.OPEN) return
    if (this.buffered(client) > this.o.maxBufferedBytes) {
      client.flushTimer = setTimeout(() => this.flush(client), 25)
      return
    }
    const frames = [...client.pending.values()]
    client.pending.clear()
    for (const f of frames) this.write(client, f)
  }

  /** Token bucket on inbound frames: refills at maxFramesPerSecond, holds at most one second's worth. */
  private admit(client: Client): boolean {
    const now = this.o.now()
    const rate = this.o.maxFramesPerSecond
    client.tokens = Math.min(rate, client.tokens + ((now - client.refilledAt) / 1000) * rate)
    client.refilledAt = now
    if (client.tokens < 1) return false
    client.tokens--
    return true
  }

  private send(client: Client, frame: object): undefined {
    if (client.ws.readyState !== client.ws.OPEN) return
    this.writeFrame(client, prepareTextFrame(JSON.stringify(frame)))
  }

  private error(client: Client, code: ErrorCode, message: string, channel?: unknown): undefined {
    this.counts.errors++
    this.send(client, { type: 'error', code, message, ...(typeof channel === 'string' ? { channel } : {}) })
  }

  private drop(client: Client): void {
    if (!this.clients.delete(client)) return
    clearTimeout(client.flushTimer)
    if (client.key !== undefined) {
      const held = (this.keys.get(client.key) ?? 1) - 1
      if (held > 0) this.keys.set(client.key, held)
      else this.keys.delete(client.key)
    }
    for (const name of client.channels) {
      const ch = this.channelsByName.get(name)
      ch?.subscribers.delete(client)
    }
  }

  /**
   * Heartbeat: terminate sockets that missed the last ping (half-open TCP never sends a close), and forget channels
   * nobody subscribes to once their last message is past the resume window (nothing in them can be resumed).
   */
  private sweep(): void {
    const cutoff = this.o.now() - this.o.resumeWindowMs
    for (const [name, ch] of this.channelsByName)
      if (ch.subscribers.size === 0 && (ch.history.at(-1)?.ts ?? 0) < cutoff) {
        this.channelsByName.delete(name)
        this.counts.evicted++
      }
    for (const c of this.clients) {
      if (!c.alive) {
        this.counts.staleClosed++
        c.ws.terminate()
        continue
      }
      c.alive = false
      c.ws.ping()
    }
  }
}

const optionalId = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && v.length <= 200)
