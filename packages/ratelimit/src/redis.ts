import type { Redis, RedisOptions } from 'ioredis'
import type { RateLimiterRedis } from 'rate-limiter-flexible'
import { consumeFlexible, perBudget, windowSeconds } from './memory.ts'
import type { RateLimiter } from './port.ts'

export interface RedisRateLimiterOptions {
  /** A pre-built ioredis client (left open by close()). */
  client?: Redis
  /** redis:// URL; the adapter then owns its client. */
  url?: string
  /** Key prefix in Redis (default `sn:rl:`), then the budget name. */
  prefix?: string
  /** Longest wait for one count before it fails (and the API fails open); default 250 ms. */
  commandTimeoutMs?: number
}

/** Fail fast: while Redis is away every count must fail at once (the API then fails open), not queue or retry. */
const limiterRedisOptions = (timeoutMs: number): RedisOptions => ({
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: timeoutMs,
  connectTimeout: 2_000,
  retryStrategy: (times) => Math.min(times * 100, 2_000),
})

/**
 * Fixed windows shared by every process through Redis (rate-limiter-flexible's atomic Lua INCR + TTL): the
 * cluster shape. ioredis and the library load on first use. A dead Redis rejects each count at once.
 */
export function redisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const prefix = options.prefix ?? 'sn:rl:'
  if (!options.client && !options.url)
    throw new Error(
      'redisRateLimiter needs { client } or { url } (set REDIS_URL, e.g. redis://127.0.0.1:6379)',
    )
  let client = options.client
  let connecting: Promise<Redis> | undefined
  const conn = (): Promise<Redis> => {
    connecting ??= (async () => {
      if (client) return client
      const { Redis } = await import('ioredis')
      const c = new Redis(options.url!, limiterRedisOptions(options.commandTimeoutMs ?? 250))
      // errors surface as failed counts (counted by the API); without a listener ioredis reports each reconnect attempt
      c.on('error', () => {})
      client = c
      // the first count waits for the connection (up to connectTimeout); later ones never wait
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t)
          resolve()
        }
        const t = setTimeout(done, 2_000)
        c.once('ready', done)
      })
      return c
    })()
    return connecting
  }
  const limiterFor = perBudget<RateLimiterRedis>(async (b) => {
    const [{ RateLimiterRedis }, storeClient] = await Promise.all([import('rate-limiter-flexible'), conn()])
    return new RateLimiterRedis({
      storeClient,
      keyPrefix: `${prefix}${b.name}`,
      points: b.limit,
      duration: windowSeconds(b),
      rejectIfRedisNotReady: true,
    })
  })
  return {
    name: 'redis',
    consume: async (key, budget) => consumeFlexible(await limiterFor(budget), key, budget),
    async close() {
      if (!options.client && client) client.disconnect()
    },
  } satisfies RateLimiter
}
