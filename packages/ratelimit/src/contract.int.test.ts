import {
  describeRateLimiter,
  type RedisServer,
  startRedis,
  startUpstashEmulator,
  type UpstashEmulator,
} from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryRateLimiter } from './memory.ts'
import { redisRateLimiter } from './redis.ts'
import { upstashRateLimiter } from './upstash.ts'

let server: RedisServer
let emulator: UpstashEmulator
beforeAll(async () => {
  server = await startRedis()
  emulator = await startUpstashEmulator({ redisUrl: server.url })
})
afterAll(async () => {
  await emulator.stop()
  await server.stop()
})

describeRateLimiter('memory (rate-limiter-flexible)', async () => memoryRateLimiter())
describeRateLimiter('redis-server (rate-limiter-flexible + ioredis)', async () =>
  redisRateLimiter({ url: server.url }),
)
describeRateLimiter('Upstash REST (@upstash/ratelimit) through the emulator', async () =>
  upstashRateLimiter({ url: emulator.url, token: emulator.token }),
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
