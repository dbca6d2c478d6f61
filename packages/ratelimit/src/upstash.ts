import type { Ratelimit } from '@upstash/ratelimit'
import type { Redis } from '@upstash/redis'
import { perBudget } from './memory.ts'
import type { RateLimiter } from './port.ts'

export interface UpstashRateLimiterOptions {
  /** A pre-built @upstash/redis client. */
  redis?: Redis
  /** UPSTASH_REDIS_REST_URL and its token, when no client is given. */
  url?: string
  token?: string
  prefix?: string
  /** Longest wait for one count; past it the count fails (and the API fails open). Default 1,000 ms. */
  timeoutMs?: number
}

/**
 * Fixed windows on Upstash over REST (`@upstash/ratelimit`, pinned at 2.0.8: 2.2 fails on Redis 7.0): the
 * lambda shape, no socket outlives an invocation. The library's own timeout answers "allowed" with reason
 * `timeout`; that is reported here as a failure so the API counts it as failing open.
 */
export function upstashRateLimiter(options: UpstashRateLimiterOptions): RateLimiter {
  const prefix = options.prefix ?? 'sn:rl:'
  let redis = options.redis
  const client = async (): Promise<Redis> => {
    if (redis) return redis
    if (!options.url || !options.token)
      throw new Error('upstashRateLimiter needs { redis } or { url, token } (UPSTASH_REDIS_REST_URL/_TOKEN)')
    const { Redis } = await import('@upstash/redis')
    redis = new Redis({
      url: options.url,
      token: options.token,
      enableTelemetry: false,
      retry: { retries: 1, backoff: () => 50 },
    })
    return redis
  }
  const limiterFor = perBudget<Ratelimit>(async (b) => {
    const [{ Ratelimit }, r] = await Promise.all([import('@upstash/ratelimit'), client()])
    return new Ratelimit({
      redis: r,
      limiter: Ratelimit.fixedWindow(b.limit, `${b.windowMs} ms`),
      prefix: `${prefix}${b.name}`,
      // a per-instance block list would make this adapter stricter than the others for the same budget
      ephemeralCache: false,
      analytics: false,
      timeout: options.timeoutMs ?? 1_000,
    })
  })
  return {
    name: 'upstash',
    async consume(key, budget) {
      const r = await (await limiterFor(budget)).limit(key)
      if (r.reason === 'timeout') throw new Error(`Upstash rate limit timed out for budget ${budget.name}`)
      return {
        allowed: r.success,
        limit: budget.limit,
        remaining: r.success ? Math.max(0, r.remaining) : 0,
        resetMs: Math.max(0, r.reset - Date.now()),
      }
    },
    async close() {},
  } satisfies RateLimiter
}
