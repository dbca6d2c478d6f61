import { randomBytes } from 'node:crypto'
import { TimeoutError } from '@supernova/core'
import { withChaos } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { createCache } from './cache.ts'
import type { CacheEvent } from './events.ts'
import { memoryL2 } from './memory-driver.ts'
import { decodeRecord, frozenPlainCopy, NOT_PLAIN } from './serialize.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('L1 only', () => {
  it('returns what was set, frozen, and the stored value survives caller mutation', async () => {
    const cache = createCache()
    const input = { symbol: 'AAPL', bars: [{ c: 1 }, { c: 2 }] }
    await cache.set('k', input)
    input.bars[0]!.c = 99
    const got = await cache.get<typeof input>('k')
    expect(got).toEqual({ symbol: 'AAPL', bars: [{ c: 1 }, { c: 2 }] })
    expect(Object.isFrozen(got)).toBe(true)
    expect(() => {
      ;(got!.bars[0] as { c: number }).c = 5
    }).toThrow(TypeError)
    expect((await cache.get<typeof input>('k'))!.bars[0]!.c).toBe(1)
  })

  it('the fast L1 copy of plain data equals the JSON round trip and is frozen; anything else takes JSON', async () => {
    const plain = [
      { a: 1, b: 'x', c: [1, -0, 2.5e-7, 1e21, true, null, { d: 'ü📈\u2028' }], e: undefined, 7: 'n' },
      [[], {}, ''],
      'text',
      -0,
      Object.assign(Object.create(null) as object, { k: 1 }),
    ]
    for (const v of plain) {
      const copy = frozenPlainCopy(v)
      expect(copy).not.toBe(NOT_PLAIN)
      expect(JSON.stringify(copy)).toBe(JSON.stringify(v))
      expect(copy).toStrictEqual(JSON.parse(JSON.stringify(v)))
      if (typeof copy === 'object' && copy !== null) expect(Object.isFrozen(copy)).toBe(true)
    }
    expect(Object.is(frozenPlainCopy(-0), 0)).toBe(true)
    const evil = JSON.parse('{"__proto__":{"x":1}}') as object
    for (const v of [
      new Date(0),
      new Uint8Array(1),
      { f: () => 1 },
      [Number.NaN],
      evil,
      { toJSON: () => 1 },
      [undefined],
    ])
      expect(frozenPlainCopy(v)).toBe(NOT_PLAIN)
    // values outside the fast path still round-trip through JSON
    const cache = createCache()
    await cache.set('date', { at: new Date(0), evil })
    expect(await cache.get('date')).toStrictEqual(JSON.parse(JSON.stringify({ at: new Date(0), evil })))
  })

  it('hands out copies of bytes so a caller cannot change the cached ones', async () => {
    const cache = createCache()
    await cache.set('b', { data: new Uint8Array([1, 2, 3]) })
    const a = await cache.get<{ data: Uint8Array }>('b')
    a!.data[0] = 42
    const b = await cache.get<{ data: Uint8Array }>('b')
    expect([...b!.data]).toEqual([1, 2, 3])
  })

  it('expires on the entry TTL and on the L1 TTL', async () => {
    const cache = createCache({ l1: { ttlMs: 60 } })
    await cache.set('short', 1, { ttlMs: 30 })
    await cache.set('l1cap', 2)
    expect(await cache.get('short')).toBe(1)
    await sleep(80)
    expect(await cache.get('short')).toBeUndefined()
    expect(await cache.get('l1cap')).toBeUndefined()
  })

  it('runs the loader once for 100 concurrent getOrSet on a cold key', async () => {
    const cache = createCache()
    let calls = 0
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        cache.getOrSet('cold', async () => {
          calls++
          await sleep(20)
          return { n: 7 }
        }),
      ),
    )
    expect(calls).toBe(1)
    expect(results.every((r) => r.n === 7)).toBe(true)
    expect(cache.stats().singleFlight.joined).toBe(99)
  })

  it('does not cache undefined and propagates loader errors without a stale value', async () => {
    const cache = createCache()
    expect(await cache.getOrSet('u', () => undefined)).toBeUndefined()
    let calls = 0
    await cache.getOrSet('u', () => {
      calls++
      return 1
    })
    expect(calls).toBe(1)
    await expect(
      cache.getOrSet('e', () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(cache.stats().loader.errors).toBe(1)
  })

  it('refuses values that are not JSON', async () => {
    const cache = createCache()
    await expect(cache.set('f', () => 1)).rejects.toThrow(/JSON/)
  })
})

describe('grace, stale-while-revalidate, soft and hard timeouts', () => {
  it('serves the stale value within grace when the loader fails', async () => {
    const cache = createCache({ graceMs: 10_000 })
    await cache.getOrSet('g', () => 'v1', { ttlMs: 20 })
    await sleep(40)
    const v = await cache.getOrSet(
      'g',
      () => {
        throw new Error('upstream down')
      },
      { ttlMs: 20 },
    )
    expect(v).toBe('v1')
    expect(cache.stats().stale.grace).toBe(1)
  })

  it('does not serve past grace', async () => {
    const cache = createCache({ graceMs: 20 })
    await cache.getOrSet('g', () => 'v1', { ttlMs: 10 })
    await sleep(60)
    await expect(
      cache.getOrSet('g', () => {
        throw new Error('down')
      }),
    ).rejects.toThrow('down')
  })

  it('stale-while-revalidate answers stale at once and refreshes once in the background', async () => {
    const cache = createCache({ graceMs: 10_000, staleWhileRevalidate: true })
    await cache.getOrSet('s', () => 'old', { ttlMs: 10 })
    await sleep(30)
    let calls = 0
    const loader = async () => {
      calls++
      await sleep(20)
      return 'new'
    }
    const answers = await Promise.all([1, 2, 3].map(() => cache.getOrSet('s', loader, { ttlMs: 10_000 })))
    expect(answers).toEqual(['old', 'old', 'old'])
    await cache.flush()
    expect(calls).toBe(1)
    expect(await cache.getOrSet('s', loader)).toBe('new')
  })

  it('soft timeout answers stale when the loader is slow, and the load still lands', async () => {
    const cache = createCache({ graceMs: 10_000, softTimeoutMs: 20 })
    await cache.getOrSet('t', () => 'old', { ttlMs: 10 })
    await sleep(30)
    const v = await cache.getOrSet(
      't',
      async () => {
        await sleep(100)
        return 'new'
      },
      { ttlMs: 60_000 },
    )
    expect(v).toBe('old')
    expect(cache.stats().stale.softTimeout).toBe(1)
    await cache.flush()
    expect(await cache.get('t')).toBe('new')
  })

  it('hard timeout fails a slow cold load with TimeoutError, then the finished load is cached', async () => {
    const cache = createCache({ hardTimeoutMs: 20 })
    const slow = async () => {
      await sleep(80)
      return 'late'
    }
    await expect(cache.getOrSet('h', slow)).rejects.toBeInstanceOf(TimeoutError)
    await cache.flush()
    expect(await cache.get('h')).toBe('late')
  })
})

describe('tiers', () => {
  it('back-fills L2 and L1 from an L3 hit with the remaining lifetime', async () => {
    const l2 = memoryL2('l2')
    const l3 = memoryL2('l3')
    const a = createCache({ prefix: 'p:', l2, l3 })
    await a.set('x', { v: 1 })
    await l2.delete(['p:x'])
    const b = createCache({ prefix: 'p:', l2, l3 })
    const events: CacheEvent[] = []
    b.onEvent((e) => events.push(e))
    const r = await b.lookup('x', () => ({ v: 2 }))
    expect(r).toMatchObject({ value: { v: 1 }, source: 'l3', stale: false })
    await b.flush()
    const [raw2] = await l2.mget(['p:x'])
    const [raw3] = await l3.mget(['p:x'])
    const rec2 = decodeRecord(raw2!)!
    const rec3 = decodeRecord(raw3!)!
    // L2 keeps at most its own cap (1 h) of the 24 h that L3 had left
    expect(rec2.expiresAt - Date.now()).toBeLessThanOrEqual(3_600_000)
    expect(rec2.expiresAt).toBeLessThan(rec3.expiresAt)
    expect((await b.lookup('x', () => ({ v: 3 }))).source).toBe('l1')
    expect(events.some((e) => e.type === 'hit' && e.tier === 'l3')).toBe(true)
  })

  it('never back-fills more lifetime than the source had', async () => {
    const l2 = memoryL2()
    const a = createCache({ l2, l1: { ttlMs: 60_000 } })
    await a.set('short', 1, { ttlMs: 40 })
    const b = createCache({ l2, l1: { ttlMs: 60_000 } })
    expect(await b.get('short')).toBe(1)
    await sleep(60)
    expect(await b.get('short')).toBeUndefined()
  })

  it('compresses large values before L2/L3 and round-trips unicode and bytes', async () => {
    const l2 = memoryL2()
    const cache = createCache({ prefix: 'z:', l2, l1: false })
    const value = {
      text: 'Grüße, 世界! 📈 '.repeat(200),
      bytes: new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256)),
      nested: [{ s: '\u2028\u2029"\\' }],
    }
    await cache.set('big', value)
    const [raw] = await l2.mget(['z:big'])
    const rec = decodeRecord(raw!)!
    expect(rec.encoding).toBe('zb')
    expect(raw!.length).toBeLessThan(JSON.stringify(value).length)
    const got = await cache.get<typeof value>('big')
    expect(got!.text).toBe(value.text)
    expect(got!.bytes).toBeInstanceOf(Uint8Array)
    expect([...got!.bytes]).toEqual([...value.bytes])
    expect(got!.nested).toEqual(value.nested)
    await cache.set('small', { s: 'ü' })
    expect(decodeRecord((await l2.mget(['z:small']))[0]!)!.encoding).toBe('j')
  })

  it('delete, deleteMany and tag delete reach every tier', async () => {
    const l2 = memoryL2()
    const l3 = memoryL2()
    const cache = createCache({ prefix: 'd:', l2, l3 })
    await cache.set('a', 1, { tags: ['sym:AAPL'] })
    await cache.set('b', 2, { tags: ['sym:AAPL', 'daily'] })
    await cache.set('c', 3, { tags: ['sym:MSFT'] })
    await cache.set('d', 4)
    await cache.set('e', 5)
    await cache.deleteByTag('sym:AAPL')
    await cache.delete('d')
    await cache.deleteMany(['e'])
    for (const k of ['a', 'b', 'd', 'e']) expect(await cache.get(k)).toBeUndefined()
    expect(await cache.get('c')).toBe(3)
    expect(await l2.mget(['d:a', 'd:b', 'd:c', 'd:d', 'd:e'])).toEqual([
      null,
      null,
      expect.any(String),
      null,
      null,
    ])
    expect(await l3.mget(['d:a', 'd:b', 'd:c', 'd:d', 'd:e'])).toEqual([
      null,
      null,
      expect.any(String),
      null,
      null,
    ])
  })

  it('namespaces: versions separate keys and clear() drops the whole namespace everywhere', async () => {
    const l2 = memoryL2()
    const cache = createCache({ l2 })
    const v1 = cache.namespace('bars', { version: 1 })
    const v2 = cache.namespace('bars', { version: 2 })
    const other = cache.namespace('symbols')
    await v1.set('AAPL', 'old shape')
    await other.set('AAPL', 'symbol')
    expect(await v2.get('AAPL')).toBeUndefined()
    expect(await v2.getOrSet('AAPL', () => 'new shape')).toBe('new shape')
    expect(await v1.get('AAPL')).toBe('old shape')
    await v1.clear()
    expect(await v1.get('AAPL')).toBeUndefined()
    expect(await v2.get('AAPL')).toBeUndefined()
    expect(await other.get('AAPL')).toBe('symbol')
  })

  it('a caller with nothing stale still gets a value while a background refresh lost the lock', async () => {
    const base = memoryL2()
    // a slow lock keeps the background refresh in flight while the second caller arrives
    const l2 = {
      ...base,
      lock: async (k: string, t: string, ms: number) => {
        await sleep(50)
        return base.lock(k, t, ms)
      },
    }
    const cache = createCache({
      l2,
      graceMs: 60_000,
      staleWhileRevalidate: true,
      lock: { waitMs: 30, pollMs: 5 },
    })
    await cache.set('k', 'old', { ttlMs: 5 })
    await sleep(15)
    await base.lock('sn:#lock:k', 'another-instance', 10_000)
    expect(await cache.getOrSet('k', () => 'new')).toBe('old') // stale at once, refresh in background
    cache.clearLocal()
    await base.delete(['sn:k'])
    expect(await cache.getOrSet('k', () => 'new')).toBe('new')
    await cache.flush()
  })

  it('takes the load lock under the prefix once (`sn:#lock:<key>`), for plain and namespaced keys', async () => {
    const base = memoryL2()
    const locked: string[] = []
    const l2 = {
      ...base,
      lock: (k: string, t: string, ms: number) => {
        locked.push(k)
        return base.lock(k, t, ms)
      },
    }
    const cache = createCache({ l2 })
    await cache.getOrSet('v1:bars:AAPL', () => 1)
    await cache.namespace('quotes').getOrSet('IBM', () => 2)
    expect(locked).toEqual(['sn:#lock:v1:bars:AAPL', 'sn:#lock:quotes:v1:IBM'])
    // the lock is held until the remote write lands, after the answer
    await cache.flush()
    expect(await base.lock('sn:#lock:v1:bars:AAPL', 'other', 1_000)).toBe(true) // released after the load
    await cache.close()
  })

  it('two caches on one L2: cold key loads once across both', async () => {
    const l2 = memoryL2()
    const a = createCache({ l2, lock: { pollMs: 5 } })
    const b = createCache({ l2, lock: { pollMs: 5 } })
    let calls = 0
    const loader = async () => {
      calls++
      await sleep(40)
      return 'v'
    }
    const r = await Promise.all([a.getOrSet('k', loader), b.getOrSet('k', loader)])
    expect(r).toEqual(['v', 'v'])
    expect(calls).toBe(1)
    expect(a.stats().locks.acquired + b.stats().locks.acquired).toBe(1)
  })
})

describe('serialisation safety', () => {
  it('treats an unreadable L2 record as a miss, counts the error and reloads', async () => {
    const l2 = memoryL2()
    const cache = createCache({ prefix: 'x:', l2, l1: false })
    await l2.mset([
      { key: 'x:bad', value: 'not a record', ttlMs: 60_000 },
      { key: 'x:bad2', value: '1,9999999999999,,,0,z,\n!!!not-base64-deflate!!!', ttlMs: 60_000 },
    ])
    expect(await cache.getOrSet('bad', () => 'reloaded')).toBe('reloaded')
    expect(await cache.getOrSet('bad2', () => 'reloaded2')).toBe('reloaded2')
    expect(cache.stats().tiers.l2!.errors).toBeGreaterThanOrEqual(1)
    await cache.flush() // the reloaded value reaches L2 after the answer
    expect(await cache.get('bad')).toBe('reloaded')
  })

  it('JSON from a tier cannot pollute prototypes or run code', async () => {
    const l2 = memoryL2()
    const cache = createCache({ prefix: 'p:', l2, l1: false })
    const payload = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"f":"function(){}"}'
    await l2.mset([{ key: 'p:evil', value: `1,9999999999999,,,0,j,\n${payload}`, ttlMs: 60_000 }])
    const v = await cache.get<Record<string, unknown>>('evil')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(typeof v!.f).toBe('string')
  })
})

describe('chaos: failing remote tiers never fail a request', () => {
  for (const mode of ['throw', 'hang', 'slow'] as const) {
    it(`L2 and L3 ${mode}: reads and writes answer, breakers open then close`, async () => {
      const l2 = withChaos(memoryL2('l2'))
      const l3 = withChaos(memoryL2('l3'))
      const breaker = { failureThreshold: 3, cooldownMs: 50 }
      const cache = createCache({
        l2: { driver: l2, timeoutMs: 20, breaker },
        l3: { driver: l3, timeoutMs: 20, breaker },
        l1: { maxItems: 100 },
      })
      await cache.set('kept', 'in L1 and L3')
      l2.chaos.set(mode, 100)
      l3.chaos.set(mode, 100)
      for (let i = 0; i < 6; i++) expect(await cache.getOrSet(`k${i}`, () => i)).toBe(i)
      await cache.set('during', 'outage')
      expect(await cache.get('during')).toBe('outage')
      expect(await cache.get('kept')).toBe('in L1 and L3')
      const s = cache.stats()
      expect(s.tiers.l2!.breaker!.state).toBe('open')
      expect(s.tiers.l3!.breaker!.state).toBe('open')
      expect(s.tiers.l2!.errors).toBeGreaterThanOrEqual(3)
      expect(s.tiers.l2!.shortCircuits).toBeGreaterThan(0)
      l2.chaos.set('ok')
      l3.chaos.set('ok')
      await sleep(70)
      await cache.set('after', 'recovered')
      await cache.flush()
      expect(cache.stats().tiers.l2!.breaker!.state).toBe('closed')
      expect(cache.stats().tiers.l3!.breaker!.state).toBe('closed')
      // nothing written before the outage was lost from L3
      expect((await l3.mget(['sn:kept']))[0]).toEqual(expect.any(String))
      expect((await l2.mget(['sn:after']))[0]).toEqual(expect.any(String))
    })
  }
})

describe('admission, stats, events', () => {
  it('TinyLFU admission keeps a hot set resident through a scan of cold keys', async () => {
    const l2 = memoryL2()
    const cache = createCache({ l2, l1: { maxItems: 50 } })
    const hot = Array.from({ length: 40 }, (_, i) => `hot${i}`)
    for (let r = 0; r < 5; r++) for (const k of hot) await cache.getOrSet(k, () => k)
    for (let i = 0; i < 500; i++) await cache.getOrSet(`scan${i}`, () => i)
    const before = cache.stats().tiers.l1!.hits
    for (const k of hot) await cache.getOrSet(k, () => k)
    expect(cache.stats().tiers.l1!.hits - before).toBe(hot.length)
    expect(cache.stats().tiers.l1!.rejections).toBeGreaterThan(0)
  })

  it('counts hits, misses, sets, bytes and hit rate per tier and emits events', async () => {
    const l2 = memoryL2()
    const cache = createCache({ l2 })
    const events: CacheEvent['type'][] = []
    cache.onEvent((e) => events.push(e.type))
    await cache.getOrSet('a', () => ({ x: 1 }))
    await cache.getOrSet('a', () => ({ x: 2 }))
    await cache.flush() // a loaded value reaches L2 after the answer
    cache.clearLocal()
    await cache.getOrSet('a', () => ({ x: 3 }))
    const s = cache.stats()
    expect(s.tiers.l1).toMatchObject({ hits: 1, misses: 2, items: 1 })
    expect(s.tiers.l2).toMatchObject({ hits: 1, misses: 1, sets: 1 })
    expect(s.tiers.l2!.bytesWritten).toBeGreaterThan(0)
    expect(s.tiers.l2!.bytesRead).toBeGreaterThan(0)
    expect(s.tiers.l2!.latency.count).toBeGreaterThan(0)
    expect(s.tiers.l1!.hitRate).toBeCloseTo(1 / 3)
    expect(s.loader.calls).toBe(1)
    expect(s.hitRate).toBeCloseTo(2 / 3)
    expect(events).toEqual(expect.arrayContaining(['miss', 'load', 'hit']))
  })
})

const raw = async (l2: ReturnType<typeof memoryL2>, key: string) => (await l2.mget([key]))[0] ?? null

describe('the write path of a miss', () => {
  it('answers a loaded value before the remote tiers have it, then writes them (flush waits)', async () => {
    const base = memoryL2()
    let release = () => {}
    const held = new Promise<void>((r) => {
      release = r
    })
    const l2 = {
      ...base,
      mset: async (entries: Parameters<typeof base.mset>[0]) => {
        await held
        return base.mset(entries)
      },
    }
    const cache = createCache({ l2 })
    // with the write on the answer's path this would wait for `held` forever
    expect(await cache.getOrSet('k', () => ({ v: 1 }))).toEqual({ v: 1 })
    expect(await raw(base, 'sn:k')).toBeNull()
    release()
    await cache.flush()
    expect(decodeRecord((await raw(base, 'sn:k'))!)).toMatchObject({ encoding: 'j' })
    await cache.close()
  })

  it('stores a value that is bytes alone as its bytes (no JSON), deflated when that is smaller, and reads it back', async () => {
    const l2 = memoryL2()
    const cache = createCache({ l2 })
    const noisy = new Uint8Array(randomBytes(4096))
    const repetitive = new Uint8Array(4096).map((_, i) => i % 7)
    await cache.set('noisy', noisy)
    await cache.set('rep', repetitive)
    expect(decodeRecord((await raw(l2, 'sn:noisy'))!)!.encoding).toBe('r')
    expect(decodeRecord((await raw(l2, 'sn:rep'))!)!.encoding).toBe('rz')
    cache.clearLocal()
    const back = await cache.lookup<Uint8Array>('noisy', () => new Uint8Array(0))
    expect(back.source).toBe('l2')
    expect(Object.getPrototypeOf(back.value)).toBe(Uint8Array.prototype)
    expect([...back.value]).toEqual([...noisy])
    expect([...(await cache.get<Uint8Array>('rep'))!]).toEqual([...repetitive])
    await cache.close()
  })
})
