import { Redis } from 'ioredis'
import type { Fanout, WireMessage } from './hub.ts'

/**
 * Redis pub/sub fan-out between self-hosted instances: every publish goes to one Redis channel and each instance
 * (the publisher included) delivers what it receives, so all subscribers see one order. Pub/sub needs its own
 * connection, hence two clients.
 */
export function redisFanout(options: { url: string; channel?: string }): Fanout {
  const channel = options.channel ?? 'supernova:v1:realtime'
  const pub = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 2 })
  const sub = new Redis(options.url, { lazyConnect: false })
  const handlers: ((m: WireMessage) => void)[] = []
  const ready = sub.subscribe(channel)
  sub.on('message', (_ch: string, raw: string) => {
    let m: WireMessage
    try {
      m = JSON.parse(raw) as WireMessage
    } catch {
      return
    }
    for (const h of handlers) h(m)
  })
  return {
    ready: async () => {
      await ready
    },
    async publish(message) {
      await ready
      await pub.publish(channel, JSON.stringify(message))
    },
    onMessage(handler) {
      handlers.push(handler)
    },
    async close() {
      sub.disconnect()
      pub.disconnect()
    },
  } satisfies Fanout
}
