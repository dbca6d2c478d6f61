import type { TicketSigner } from './tickets.ts'

/** A message as it travels between instances (Redis fan-out) and to subscribers: `ts` is the publish time, ms. */
export interface WireMessage {
  channel: string
  name: string
  data: unknown
  id: string
  ts: number
}

/** Carries published messages to every instance (this one included); the local hub delivers what arrives. */
export interface Fanout {
  publish(message: WireMessage): Promise<void>
  onMessage(handler: (message: WireMessage) => void): void
  close(): Promise<void>
  /** Resolves once messages from other instances arrive. */
  ready?(): Promise<void>
}

/** Close code sent on shutdown: 1012 "service restart", so clients reconnect (to another instance). */
export const CLOSE_RESTART = 1012
/** Close code for a refused or expired ticket (4000-4999 are application codes). */
export const CLOSE_UNAUTHORIZED = 4401
/** Close code when the ticket's key already holds its maximum number of connections. */
export const CLOSE_TOO_MANY_CONNECTIONS = 4429

export interface HubOptions {
  tickets: TicketSigner
  /** Messages kept per channel for resume. */
  historySize?: number
  /** How far back a resume may reach (Ably keeps two minutes). */
  resumeWindowMs?: number
  /** Ping period; a socket that did not answer the previous ping is terminated. */
  heartbeatMs?: number
  /**
   * Slow-consumer bound: above this many queued bytes a socket's messages are conflated (channels `conflate`
   * accepts: only the latest per channel is kept and sent once it drains) or dropped (the rest), both counted.
   */
  maxBufferedBytes?: number
  /** Channels where only the latest message matters to a slow consumer (default: `ticks:*`). */
  conflate?: (channel: string) => boolean
  /** Connections one key (the ticket's `key`: API key or owner) may hold at once. */
  maxConnectionsPerKey?: number
  /** Inbound frames one connection may send per second (a token bucket with that burst); more are refused. */
  maxFramesPerSecond?: number
  /** Largest inbound frame and largest published payload, bytes. */
  maxMessageBytes?: number
  /** Subscriptions one connection may hold. */
  maxSubscriptionsPerConnection?: number
  /**
   * Per-message deflate for messages of at least this many bytes, compressed once per message for every
   * subscriber that negotiated it; off when undefined (ws's per-socket deflate at 10,000 sockets: p99 38 s, 2.3 GB).
   */
  deflateThresholdBytes?: number
  /** This instance's id in `subscribed` frames (default: a random UUID per hub, so a restart is a new instance). */
  instanceId?: string
  /** Cross-instance delivery (Redis pub/sub); without it publishes are delivered in this process only. */
  fanout?: Fanout
  now?: () => number
}

/** Cumulative counters and current gauges, read by the monitor. */
export interface HubStats {
  connections: number
  subscriptions: number
  channels: number
  messagesIn: number
  messagesOut: number
  dropped: number
  duplicates: number
  staleClosed: number
  errors: number
  /** Frames replaced by a newer one on a conflated channel before a slow consumer could take them. */
  conflated: number
  /** Channels forgotten after the resume window passed with no subscriber. */
  evicted: number
  bytesIn: number
  bytesOut: number
}
