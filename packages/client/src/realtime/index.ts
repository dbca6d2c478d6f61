export type { AblyOptions } from './ably-transport.ts'
export { type BackoffOptions, backoffDelay } from './backoff.ts'
export {
  type AlertFiringPayload,
  type ChannelName,
  channels,
  type PayloadOf,
  type PerformanceAlertPayload,
  type RealtimeMessage,
  type TaskChangePayload,
  type TickPayload,
} from './channels.ts'
export {
  connectRealtime,
  type RealtimeClient,
  type RealtimeOptions,
  type SubscribeOptions,
} from './connect.ts'
export {
  CLOSE_RESTART,
  CLOSE_TOO_MANY_CONNECTIONS,
  CLOSE_UNAUTHORIZED,
  type WebSocketConstructor,
  type WebSocketLike,
} from './hub-transport.ts'
export { type RealtimeGrant, RealtimeGrantError } from './token.ts'
export type { ConnectionState, GapEvent, RealtimeErrorEvent, StateChange } from './transport.ts'
