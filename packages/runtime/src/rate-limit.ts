import { type AppDeps, compileTrustProxy } from '@supernova/api'
import { memoryRateLimiter, redisRateLimiter, upstashRateLimiter } from '@supernova/ratelimit'
import type { Config } from './config.ts'

/**
 * The rate-limit store for this deployment: Upstash (REST) when UPSTASH_REDIS_REST_URL is set (Lambda), Redis
 * when REDIS_URL is set (several processes share the counts), else in memory (one embedded process).
 */
export function createRateLimitFor(config: Config): {
  rateLimit?: NonNullable<AppDeps['rateLimit']>
  description: string
} {
  if (!config.RATE_LIMIT_ENABLED) return { description: 'off (RATE_LIMIT_ENABLED=false)' }
  const limiter = config.UPSTASH_REDIS_REST_URL
    ? upstashRateLimiter({ url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN })
    : config.REDIS_URL
      ? redisRateLimiter({ url: config.REDIS_URL })
      : memoryRateLimiter()
  const windowMs = config.RATE_LIMIT_WINDOW_MS
  const s = Math.round(windowMs / 1000)
  return {
    rateLimit: {
      limiter,
      budget: { name: 'default', limit: config.RATE_LIMIT_REQUESTS, windowMs },
      expensive: { name: 'expensive', limit: config.RATE_LIMIT_EXPENSIVE_REQUESTS, windowMs },
      exemptLoopback: config.RATE_LIMIT_EXEMPT_LOOPBACK,
      trustProxy: compileTrustProxy(config.TRUST_PROXY),
    },
    description: `${limiter.name}, ${config.RATE_LIMIT_REQUESTS}/${s} s per key or IP, expensive routes ${config.RATE_LIMIT_EXPENSIVE_REQUESTS}/${s} s${config.RATE_LIMIT_EXEMPT_LOOPBACK ? ', loopback callers not counted' : ''}${config.TRUST_PROXY ? `, client address from X-Forwarded-For behind TRUST_PROXY=${config.TRUST_PROXY}` : ''}`,
  }
}
