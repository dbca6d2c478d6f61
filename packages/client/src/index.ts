// HTTP part: generated types (src/http/schema.ts) + openapi-fetch. Realtime part: src/realtime/ (hub or Ably).
export type { ApiError, HttpClientOptions, SupernovaHttpClient } from './http/client.ts'
export { createHttpClient, isApiError } from './http/client.ts'
export type { components, operations, paths } from './http/schema.ts'
export {
  type AblyOptions,
  type AlertFiringPayload,
  type BackoffOptions,
  backoffDelay,
  type ChannelName,
  CLOSE_RESTART,
  CLOSE_TOO_MANY_CONNECTIONS,
  CLOSE_UNAUTHORIZED,
  type ConnectionState,
  channels,
  connectRealtime,
  type GapEvent,
  type PayloadOf,
  type PerformanceAlertPayload,
  type RealtimeClient,
  type RealtimeErrorEvent,
  type RealtimeGrant,
  RealtimeGrantError,
  type RealtimeMessage,
  type RealtimeOptions,
  type StateChange,
  type SubscribeOptions,
  type TaskChangePayload,
  type TickPayload,
  type WebSocketConstructor,
  type WebSocketLike,
} from './realtime/index.ts'
