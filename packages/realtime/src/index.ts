export type { AblyPublisher, AblyPublisherOptions, AblyRestLike, AblyTokenRequest } from './ably.ts'
export { ablyCapability, ablyPublisher } from './ably.ts'
export { CHANNEL_KINDS, channels, isChannelPattern, isKnownChannel } from './channels.ts'
export { RealtimeHub } from './hub.ts'
export {
  CLOSE_RESTART,
  CLOSE_TOO_MANY_CONNECTIONS,
  CLOSE_UNAUTHORIZED,
  type Fanout,
  type HubOptions,
  type HubStats,
  type WireMessage,
} from './hub-options.ts'
export { hubPublisher } from './hub-publisher.ts'
export type { PublishMessage, RealtimePublisher } from './port.ts'
export { redisFanout } from './redis-fanout.ts'
export {
  type Capability,
  capabilityAllows,
  type TicketClaims,
  type TicketProblem,
  type TicketSigner,
  ticketSigner,
} from './tickets.ts'
