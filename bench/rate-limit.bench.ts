/**
 * `npm run bench -- rate-limit`: what the rate limiter adds to a request. The same small /v1 route through
 * Hono in-process (`app.request`, no sockets) bare, behind the rate-limit middleware on the memory store, and on
 * redis-server (a throwaway one on loopback), with a budget that never refuses (every request is counted).
 * Per request: microseconds one at a time (`serial`: the store's round trip shows) and 32 at a time
 * (`concurrent`: ioredis pipelines what is in flight). Alternating rounds, medians; ratios against bare.
 * Env: BENCH_ROUNDS (5), BENCH_MS (700).
 */
import type { AppEnv } from '@supernova/api'
import { rateLimitMiddleware } from '@supernova/api'
import { createMonitor } from '@supernova/metrics'
import { memoryRateLimiter, type RateLimiter, redisRateLimiter } from '@supernova/ratelimit'
import { startRedis } from '@supernova/testing'
import { Hono } from 'hono'
import { median, opsPerSec, report, round } from './lib.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const MS = Number(process.env.BENCH_MS ?? 700)
const env = { incoming: { socket: { remoteAddress: '203.0.113.7' } } }

function appWith(limiter?: RateLimiter): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  if (limiter)
    app.use(
      '*',
      rateLimitMiddleware(
        {
          limiter,
          budget: { name: 'default', limit: 1e9, windowMs: 3_600_000 },
          expensive: { name: 'expensive', limit: 1e9, windowMs: 3_600_000 },
        },
        createMonitor(),
      ),
    )
  app.get('/v1/x', (c) => c.json({ symbol: 'AAPL', close: 187.5 }))
  return app
}

const redis = await startRedis()
const redisLimiter = redisRateLimiter({ url: redis.url })
const apps = { bare: appWith(), memory: appWith(memoryRateLimiter()), redis: appWith(redisLimiter) }
type Case = keyof typeof apps
const one = (app: Hono<AppEnv>) => app.request('/v1/x', {}, env)
const batch = (app: Hono<AppEnv>) => Promise.all(Array.from({ length: 32 }, () => one(app)))

// warm-up: JIT, the Redis connection and its Lua script
for (const app of Object.values(apps)) for (let i = 0; i < 500; i++) await one(app)

const serial: Record<Case, number[]> = { bare: [], memory: [], redis: [] }
const concurrent: Record<Case, number[]> = { bare: [], memory: [], redis: [] }
for (let r = 0; r < ROUNDS; r++)
  for (const k of Object.keys(apps) as Case[]) {
    serial[k].push(1e6 / (await opsPerSec(() => one(apps[k]), MS)))
    concurrent[k].push(1e6 / ((await opsPerSec(() => batch(apps[k]), MS)) * 32))
  }
await redisLimiter.close()
await redis.stop()

const m = (xs: Record<Case, number[]>) =>
  Object.fromEntries(Object.entries(xs).map(([k, v]) => [k, round(median(v as number[]), 2)])) as Record<
    Case,
    number
  >
const s = m(serial)
const c = m(concurrent)
report({
  name: 'rate-limit',
  unit: 'microseconds per request (in-process app.request)',
  medians: { serial: s, concurrent: c },
  ratios: {
    serial_memory_vs_bare: round(s.memory / s.bare),
    serial_redis_vs_bare: round(s.redis / s.bare),
    concurrent_memory_vs_bare: round(c.memory / c.bare),
    concurrent_redis_vs_bare: round(c.redis / c.bare),
  },
  overhead_us: {
    serial_memory: round(s.memory - s.bare, 2),
    serial_redis: round(s.redis - s.bare, 2),
    concurrent_memory: round(c.memory - c.bare, 2),
    concurrent_redis: round(c.redis - c.bare, 2),
  },
  rounds: ROUNDS,
})
