import type { RealtimeHub } from './hub.ts'
import type { PublishMessage, RealtimePublisher } from './port.ts'

/** The publisher port over the local hub (and, through it, the Redis fan-out when configured). */
export function hubPublisher(hub: RealtimeHub, name = 'hub'): RealtimePublisher {
  return {
    name,
    publish: (channel, messageName, data, options) =>
      hub.publish([{ channel, name: messageName, data, id: options?.id }]),
    publishBatch: (messages: readonly PublishMessage[]) => hub.publish(messages),
  } satisfies RealtimePublisher
}
