import { randomUUID } from 'node:crypto'
import { createCache, type L2Driver, type RemoteDriver } from '@supernova/cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A driver under test and how to clean up after it. */
export interface DriverFixture<D> {
  driver: D
  cleanup?: () => Promise<void>
}

/** The contract every remote tier meets (strings, expiry, tags), run against real servers. */
export function describeRemoteDriver(name: string, make: () => Promise<DriverFixture<RemoteDriver>>): void {
  describe(`remote driver contract: ${name}`, () => {
    let fx: DriverFixture<RemoteDriver>
    const p = `c${randomUUID().slice(0, 8)}:`
    beforeAll(async () => {
      fx = await make()
    })
    afterAll(async () => {
      await fx.driver.close()
      await fx.cleanup?.()
    })

    it('answers null for misses, in key order', async () => {
      await fx.driver.mset([{ key: `${p}a`, value: 'A', ttlMs: 60_000 }])
      expect(await fx.driver.mget([`${p}none`, `${p}a`, `${p}none2`])).toEqual([null, 'A', null])
      expect(await fx.driver.mget([`${p}none`])).toEqual([null])
    })

    it('round-trips unicode, newlines and long text exactly', async () => {
      const values = [
        'plain',
        'héllo wörld — ünïcödé ✓ 日本語 🚀📈 \t\r\n end',
        '1,0,,,0,j,\n{"v":"json-looking"}',
        'x'.repeat(200_000),
        Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)).toString('base64'),
      ]
      await fx.driver.mset(values.map((value, i) => ({ key: `${p}u${i}`, value, ttlMs: 60_000 })))
      expect(await fx.driver.mget(values.map((_, i) => `${p}u${i}`))).toEqual(values)
    })

    it('overwrites and deletes', async () => {
      await fx.driver.mset([{ key: `${p}o`, value: '1', ttlMs: 60_000 }])
      await fx.driver.mset([{ key: `${p}o`, value: '2', ttlMs: 60_000 }])
      expect(await fx.driver.mget([`${p}o`])).toEqual(['2'])
      await fx.driver.delete([`${p}o`, `${p}never`])
      expect(await fx.driver.mget([`${p}o`])).toEqual([null])
    })

    it('expires entries after their TTL', async () => {
      await fx.driver.mset([
        { key: `${p}short`, value: 's', ttlMs: 40 },
        { key: `${p}long`, value: 'l', ttlMs: 60_000 },
      ])
      await sleep(300)
      expect(await fx.driver.mget([`${p}short`, `${p}long`])).toEqual([null, 'l'])
    })

    it('deletes by tag exactly the tagged entries', async () => {
      await fx.driver.mset([
        { key: `${p}t1`, value: '1', ttlMs: 60_000, tags: [`${p}#tag:red`] },
        { key: `${p}t2`, value: '2', ttlMs: 60_000, tags: [`${p}#tag:red`, `${p}#tag:blue`] },
        { key: `${p}t3`, value: '3', ttlMs: 60_000, tags: [`${p}#tag:blue`] },
        { key: `${p}t4`, value: '4', ttlMs: 60_000 },
      ])
      await fx.driver.deleteByTags([`${p}#tag:red`])
      expect(await fx.driver.mget([`${p}t1`, `${p}t2`, `${p}t3`, `${p}t4`])).toEqual([null, null, '3', '4'])
      await fx.driver.deleteByTags([`${p}#tag:nothing`])
    })

    it('writes a large batch in one call', async () => {
      const entries = Array.from({ length: 300 }, (_, i) => ({
        key: `${p}b${i}`,
        value: `v${i}`,
        ttlMs: 60_000,
      }))
      await fx.driver.mset(entries)
      expect(await fx.driver.mget(entries.map((e) => e.key))).toEqual(entries.map((e) => e.value))
    })

    it('serves a tiered cache end to end (objects, compression, binary)', async () => {
      const cache = createCache({ prefix: `${p}cache:`, l1: false, l3: fx.driver })
      const big = { rows: Array.from({ length: 400 }, (_, i) => ({ i, s: `row ${i} ✓ — ü` })) }
      await cache.set('big', big)
      await cache.set('bin', { bytes: new Uint8Array([0, 255, 128, 7]), s: 'ok\u0000' })
      expect(await cache.get('big')).toEqual(big)
      const bin = await cache.get<{ bytes: Uint8Array; s: string }>('bin')
      expect([...bin!.bytes]).toEqual([0, 255, 128, 7])
      expect(bin!.s).toBe('ok\u0000')
    })
  })
}

/** The L2 contract: the remote-driver contract plus the load lock. */
export function describeL2Driver(name: string, make: () => Promise<DriverFixture<L2Driver>>): void {
  describeRemoteDriver(name, make)
  describe(`L2 lock contract: ${name}`, () => {
    let fx: DriverFixture<L2Driver>
    const p = `l${randomUUID().slice(0, 8)}:`
    beforeAll(async () => {
      fx = await make()
    })
    afterAll(async () => {
      await fx.driver.close()
      await fx.cleanup?.()
    })

    it('grants a lock once, keeps it from a wrong token and releases it for the holder', async () => {
      expect(await fx.driver.lock(`${p}k`, 'a', 10_000)).toBe(true)
      expect(await fx.driver.lock(`${p}k`, 'b', 10_000)).toBe(false)
      await fx.driver.unlock(`${p}k`, 'b')
      expect(await fx.driver.lock(`${p}k`, 'b', 10_000)).toBe(false)
      await fx.driver.unlock(`${p}k`, 'a')
      expect(await fx.driver.lock(`${p}k`, 'b', 10_000)).toBe(true)
    })

    it('lets a lock lapse after its TTL', async () => {
      expect(await fx.driver.lock(`${p}ttl`, 'a', 50)).toBe(true)
      await sleep(300)
      expect(await fx.driver.lock(`${p}ttl`, 'b', 10_000)).toBe(true)
    })

    it('serves a cache through L2 with a cold-key lock: 100 concurrent getOrSet load once', async () => {
      const cache = createCache({ prefix: `${p}sf:`, l2: fx.driver })
      let calls = 0
      const loader = async () => {
        calls++
        await sleep(30)
        return { price: 101.5 }
      }
      const values = await Promise.all(Array.from({ length: 100 }, () => cache.getOrSet('cold', loader)))
      expect(calls).toBe(1)
      expect(values.every((v) => v.price === 101.5)).toBe(true)
    })
  })
}
