/** One message for a channel; `id` makes publishing idempotent (a repeated id within the dedupe window is dropped). */
export interface PublishMessage {
  channel: string
  name: string
  data: unknown
  id?: string
}

/** The realtime publisher port: Ably in production, the local hub (with Redis fan-out) elsewhere. */
export interface RealtimePublisher {
  /** Adapter name for logs and /health. */
  readonly name: string
  publish(channel: string, name: string, data: unknown, options?: { id?: string }): Promise<void>
  publishBatch(messages: readonly PublishMessage[]): Promise<void>
}
