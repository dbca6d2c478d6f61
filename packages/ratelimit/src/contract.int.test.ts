import { describeRateLimiter, useUpstashEmulator } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { memoryRateLimiter } from './memory.ts'
import { redisRateLimiter } from './redis.ts'
import { upstashRateLimiter } from './upstash.ts'

const servers = useUpstashEmulator()

describeRateLimiter('memory (rate-limiter-flexible)', async () => memoryRateLimiter())
describeRateLimiter('redis-server (rate-limiter-flexible + ioredis)', async () =>
  redisRateLimiter({ url: servers.redis.url }),
)
describeRateLimiter('Upstash REST (@upstash/ratelimit) through the emulator', async () =>
  upstashRateLimiter({ url: servers.upstash.url, token: servers.upstash.token }),
)

describe('store failures', () => {
  it('a Redis that is not there fails each count at once (the API then fails open)', async () => {
    const limiter = redisRateLimiter({ url: 'redis://127.0.0.1:1' })
    const b = { name: 'down', limit: 5, windowMs: 60_000 }
    await expect(limiter.consume('k', b)).rejects.toThrow()
    await expect(limiter.consume('k', b)).rejects.toThrow()
    await limiter.close()
  })

  it('an Upstash endpoint that is not there fails the count', async () => {
    const limiter = upstashRateLimiter({ url: 'http://127.0.0.1:1', token: 't', timeoutMs: 500 })
    await expect(limiter.consume('k', { name: 'down', limit: 5, windowMs: 60_000 })).rejects.toThrow()
  })
})
