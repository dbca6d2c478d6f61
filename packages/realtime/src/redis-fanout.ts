import type { Redis } from 'ioredis'
import type { Fanout, WireMessage } from './hub-options.ts'

/**
 * Redis pub/sub fan-out between self-hosted instances: every publish goes to one Redis channel and each instance
 * (the publisher included) delivers what it receives, so all subscribers see one order. Pub/sub needs its own
 * connection, hence two clients. ioredis is imported on first use, so processes without REDIS_URL never load it.
 */
export function redisFanout(options: {
  url: string
  channel?: string
  /** Listens on each client (cache's redisErrorWatch attach); default: errors counted silently, never printed. */
  onClient?: (client: Redis) => void
}): Fanout {
  const watch = options.onClient ?? ((c: Redis) => c.on('error', () => {}))
  const channel = options.channel ?? 'supernova:v1:realtime'
  const handlers: ((m: WireMessage) => void)[] = []
  const clients = import('ioredis').then(async ({ Redis: Client }) => {
    const pub: Redis = new Client(options.url, { maxRetriesPerRequest: 2 })
    const sub: Redis = new Client(options.url)
    watch(pub)
    watch(sub)
    sub.on('message', (_ch: string, raw: string) => {
      let m: WireMessage
      try {
        m = JSON.parse(raw) as WireMessage
      } catch {
        return
      }
      for (const h of handlers) h(m)
    })
    await sub.subscribe(channel)
    return { pub, sub }
  })
  // Failures surface through publish/ready; this keeps an unused fan-out from raising an unhandled rejection.
  clients.catch(() => {})
  return {
    ready: async () => {
      await clients
    },
    async publish(message) {
      const { pub } = await clients
      await pub.publish(channel, JSON.stringify(message))
    },
    onMessage(handler) {
      handlers.push(handler)
    },
    async close() {
      const { pub, sub } = await clients.catch(() => ({ pub: undefined, sub: undefined }))
      sub?.disconnect()
      pub?.disconnect()
    },
  } satisfies Fanout
}
