import type { ChannelName, RealtimeMessage } from './channels.ts'
import type { GrantSource, RealtimeGrant } from './token.ts'

/** Connection states: idle (nothing subscribed yet), connecting, connected, reconnecting (waiting to retry), closed. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed'

/** A state change, with why and when the next try comes where that applies. */
export interface StateChange {
  state: ConnectionState
  transport?: 'hub' | 'ably'
  /** Reconnect attempt this wait precedes (0 after a healthy connection dropped). */
  attempt?: number
  /** How long until the next try, ms. */
  delayMs?: number
  /** The WebSocket close code that caused it (1012 restart, 4401 ticket refused, 4429 too many connections). */
  code?: number
  reason?: string
}

/** An error the server reported (a refused subscription, a refused ticket) or a fatal one that closed the client. */
export interface RealtimeErrorEvent {
  code: string
  message: string
  channel?: string
  /** True when the client gave up and is now closed. */
  fatal?: boolean
}

/** Messages on a channel may have been missed (resume impossible): reload its state over HTTP if it matters. */
export interface GapEvent {
  channel: string
  /** The last serial delivered before the gap, when there was one. */
  lastSerial?: number
}

/** What a transport needs from the client: the subscription set, the grant source, and where events go. */
export interface TransportHost {
  channels(): string[]
  has(channel: string): boolean
  /** Whether the subscriber asked for the history the server still holds. */
  rewind(channel: string): boolean
  grant: GrantSource
  deliver(message: RealtimeMessage<ChannelName>): void
  state(change: StateChange): void
  error(event: RealtimeErrorEvent): void
  gap(event: GapEvent): void
  /** `auto` mode: the server answered with an Ably token request, so the client moves to the Ably transport. */
  handover(grant: Extract<RealtimeGrant, { kind: 'ably' }>): void
}

/** A live transport: told when channels are added or removed. */
export interface Transport {
  add(channel: string): void
  remove(channel: string): void
  close(): void
}
