import { randomUUID } from 'node:crypto'
import { describeL2Driver, type RedisServer, startRedis, withChaos } from '@supernova/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCache } from './cache.ts'
import type { CacheEvent } from './events.ts'
import { redisBus, redisL2 } from './redis.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let server: RedisServer
beforeAll(async () => {
  server = await startRedis()
})
afterAll(async () => {
  await server.stop()
})

describeL2Driver('ioredis (TCP) against redis-server', async () => ({ driver: redisL2({ url: server.url }) }))

describeL2Driver('ioredis with a pre-built client', async () => {
  const client = new Redis(server.url)
  return { driver: redisL2({ client }), cleanup: async () => void (await client.quit()) }
})

/** Two instances sharing one Redis, each with its own L1, bus and prefix per test. */
function pair(prefix: string) {
  const make = (id: string) =>
    createCache({
      prefix,
      instanceId: id,
      l2: redisL2({ url: server.url }),
      bus: redisBus({ url: server.url, channel: `${prefix}#bus` }),
      lock: { pollMs: 5 },
    })
  return [make('a'), make('b')] as const
}

/** Resolves on the next bus invalidation the cache receives. */
function nextInvalidation(cache: ReturnType<typeof createCache>): Promise<CacheEvent> {
  return new Promise((resolve) => {
    const off = cache.onEvent((e) => {
      if (e.type === 'invalidate') {
        off()
        resolve(e)
      }
    })
  })
}

describe('two instances on one Redis', () => {
  it('a cold key loads once across both instances', async () => {
    const [a, b] = pair(`pair1-${randomUUID().slice(0, 6)}:`)
    await Promise.all([a.whenReady(), b.whenReady()])
    let calls = 0
    const loader = async () => {
      calls++
      await sleep(50)
      return { symbol: 'MSFT', close: 420.1 }
    }
    const got = await Promise.all([
      ...Array.from({ length: 50 }, () => a.getOrSet('bars:MSFT', loader)),
      ...Array.from({ length: 50 }, () => b.getOrSet('bars:MSFT', loader)),
    ])
    expect(calls).toBe(1)
    expect(got.every((v) => v.close === 420.1)).toBe(true)
    expect(a.stats().locks.waitedForOther + b.stats().locks.waitedForOther).toBe(1)
    await Promise.all([a.close(), b.close()])
  })

  it("a delete on one is seen by the other's next read (bus)", async () => {
    const [a, b] = pair(`pair2-${randomUUID().slice(0, 6)}:`)
    await Promise.all([a.whenReady(), b.whenReady()])
    await a.set('quote:AAPL', 1)
    expect(await b.get('quote:AAPL')).toBe(1) // now in b's L1
    const seen = nextInvalidation(b)
    await a.delete('quote:AAPL')
    expect(await seen).toMatchObject({ keys: [expect.stringContaining('quote:AAPL')] })
    expect(await b.get('quote:AAPL')).toBeUndefined()
    await Promise.all([a.close(), b.close()])
  })

  it("a tag delete on one is seen by the other's next read", async () => {
    const [a, b] = pair(`pair3-${randomUUID().slice(0, 6)}:`)
    await Promise.all([a.whenReady(), b.whenReady()])
    await a.set('bars:AAPL:1d', [1, 2], { tags: ['sym:AAPL'] })
    await a.set('bars:AAPL:1w', [3], { tags: ['sym:AAPL'] })
    await a.set('bars:IBM:1d', [4], { tags: ['sym:IBM'] })
    expect(await b.get('bars:AAPL:1d')).toEqual([1, 2])
    expect(await b.get('bars:IBM:1d')).toEqual([4])
    const seen = nextInvalidation(b)
    await a.deleteByTag('sym:AAPL')
    expect(await seen).toMatchObject({ tags: ['sym:AAPL'] })
    expect(await b.get('bars:AAPL:1d')).toBeUndefined()
    expect(await b.get('bars:AAPL:1w')).toBeUndefined()
    expect(await b.get('bars:IBM:1d')).toEqual([4])
    await Promise.all([a.close(), b.close()])
  })

  it('an overwrite on one drops the stale L1 copy on the other', async () => {
    const [a, b] = pair(`pair4-${randomUUID().slice(0, 6)}:`)
    await Promise.all([a.whenReady(), b.whenReady()])
    await a.set('k', 'v1')
    expect(await b.get('k')).toBe('v1')
    const seen = nextInvalidation(b)
    await a.set('k', 'v2')
    await seen
    expect(await b.get('k')).toBe('v2')
    await Promise.all([a.close(), b.close()])
  })
})

describe('chaos on a real Redis L2', () => {
  for (const mode of ['throw', 'hang', 'slow'] as const) {
    it(`${mode}: requests answer from L1/loader, the breaker opens and closes`, async () => {
      const driver = withChaos(redisL2({ url: server.url }))
      const cache = createCache({
        prefix: `chaos-${mode}-${randomUUID().slice(0, 6)}:`,
        l2: { driver, timeoutMs: 50, breaker: { failureThreshold: 2, cooldownMs: 100 } },
      })
      await cache.set('before', 'kept')
      driver.chaos.set(mode, 300)
      for (let i = 0; i < 5; i++) expect(await cache.getOrSet(`k${i}`, () => `v${i}`)).toBe(`v${i}`)
      expect(await cache.get('before')).toBe('kept')
      expect(cache.stats().tiers.l2!.breaker).toMatchObject({ state: 'open' })
      driver.chaos.set('ok')
      await sleep(150)
      await cache.set('after', 'ok')
      expect(cache.stats().tiers.l2!.breaker!.state).toBe('closed')
      cache.clearLocal()
      expect(await cache.get('after')).toBe('ok')
      await cache.close()
    })
  }
})
