export { memoryRateLimiter } from './memory.ts'
export type { RateLimitBudget, RateLimitDecision, RateLimiter } from './port.ts'
export { type RedisRateLimiterOptions, redisRateLimiter } from './redis.ts'
export { type UpstashRateLimiterOptions, upstashRateLimiter } from './upstash.ts'
