/**
 * `npm run bench -- cache`: our tiered cache next to bentocache 1.6 and cache-manager 7.2 in one process, on the
 * rows of issue 7 (148-byte JSON values, 5,000-item L1, a local redis-server started here), plus floors
 * (raw lru-cache / ioredis), and the Zipf hit-rate simulation (plain LRU vs ours vs a perfect cache).
 * Medians over repeats; contenders interleaved within each repeat so drift hits them alike.
 */

import KeyvRedis from '@keyv/redis'
import { createCache, memoryL2, redisL2 } from '@supernova/cache'
import { mulberry32 } from '@supernova/core'
import { startRedis } from '@supernova/testing'
import { BentoCache, bentostore } from 'bentocache'
import { memoryDriver } from 'bentocache/drivers/memory'
import { redisDriver } from 'bentocache/drivers/redis'
import { createCache as createCacheManager } from 'cache-manager'
import { Redis } from 'ioredis'
import { Keyv } from 'keyv'
import { LRUCache } from 'lru-cache'
import { median, opsPerSec, report, round } from './lib.ts'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5)
const L1_MS = 200
const L2_MS = 300
const quick = process.argv.includes('--quick')
const onlyRows = process.argv
  .find((a) => a.startsWith('--rows='))
  ?.slice(7)
  .split(',')
const gc = (globalThis as { gc?: () => void }).gc

/** A 148-byte JSON value (a quote with a few fields), as in the table. */
const VALUE = {
  symbol: 'AAPL',
  date: '2026-11-27',
  open: 189.51,
  high: 191.2,
  low: 188.73,
  close: 190.64,
  volume: 51234567,
  vwap: 190.02,
  source: 'synthetic-01',
}
const JSON_VALUE = JSON.stringify(VALUE)
const KEYS = Array.from({ length: 1000 }, (_, i) => `quote:${i}`)

type Op = () => Promise<unknown> | unknown

/** ops/s with `inflight` concurrent loops for `ms`. */
async function concurrentOps(
  op: (i: number) => Promise<unknown>,
  inflight: number,
  ms: number,
): Promise<number> {
  let n = 0
  const start = performance.now()
  const end = start + ms
  const worker = async (w: number) => {
    let i = w
    while (performance.now() < end) {
      await op(i)
      i += inflight
      n++
    }
  }
  await Promise.all(Array.from({ length: inflight }, (_, w) => worker(w)))
  return (n * 1000) / (performance.now() - start)
}

/** 1M Zipf(s) draws over n keys (rank 0 most popular) by inverse CDF. */
function zipfStream(n: number, s: number, count: number, seed: number): Int32Array {
  const cdf = new Float64Array(n)
  let acc = 0
  for (let i = 0; i < n; i++) {
    acc += 1 / (i + 1) ** s
    cdf[i] = acc
  }
  for (let i = 0; i < n; i++) cdf[i]! /= acc
  const rnd = mulberry32(seed)
  const out = new Int32Array(count)
  for (let j = 0; j < count; j++) {
    const u = rnd()
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cdf[mid]! < u) lo = mid + 1
      else hi = mid
    }
    // scatter ranks over the key space so that popularity is not correlated with key order
    out[j] = Math.imul(lo, 2654435761) >>> 0
  }
  return out
}

async function hitRates(s: number): Promise<{ lru: number; ours: number; perfect: number }> {
  const N = 100_000
  const REQUESTS = quick ? 200_000 : 1_000_000
  const SIZE = 5_000
  const stream = zipfStream(N, s, REQUESTS, 42)
  // plain LRU of the same size
  const lru = new LRUCache<number, number>({ max: SIZE })
  let lruHits = 0
  for (let j = 0; j < stream.length; j++) {
    const k = stream[j]!
    if (lru.get(k) !== undefined) lruHits++
    else lru.set(k, 1)
  }
  // ours: the real cache (L1 with TinyLFU admission) over an in-process lower tier; L1 hit rate from stats()
  const cache = createCache({ l1: { maxItems: SIZE }, l2: memoryL2(), lock: false })
  const loader = () => 1
  for (let j = 0; j < stream.length; j++) {
    const p = cache.getOrSet(`k${stream[j]}`, loader)
    if (p instanceof Promise) await p
  }
  const ours = cache.stats().tiers.l1!.hitRate
  // perfect: a static cache of the SIZE most popular keys (the best any policy can do on an i.i.d. stream)
  const counts = new Map<number, number>()
  for (let j = 0; j < stream.length; j++) counts.set(stream[j]!, (counts.get(stream[j]!) ?? 0) + 1)
  const top = [...counts.values()].sort((a, b) => b - a).slice(0, SIZE)
  const perfect = top.reduce((a, b) => a + b, 0) / stream.length
  return { lru: lruHits / stream.length, ours, perfect }
}

async function main() {
  const redis = await startRedis()
  const host = '127.0.0.1'
  const port = redis.port
  try {
    // ---- contenders ----
    const oursL1 = createCache({ prefix: 'o1:', l1: { maxItems: 5000 } })
    const oursL2 = createCache({ prefix: 'o2:', l1: false, l2: redisL2({ url: redis.url }), lock: false })
    const oursTiered = createCache({ prefix: 'o3:', l1: { maxItems: 5000 }, l2: redisL2({ url: redis.url }) })

    const bentoL1 = new BentoCache({
      default: 'c',
      stores: { c: bentostore().useL1Layer(memoryDriver({ maxItems: 5000 })) },
    })
    const bentoL2 = new BentoCache({
      default: 'c',
      prefix: 'b2',
      stores: { c: bentostore().useL2Layer(redisDriver({ connection: { host, port } })) },
    })
    const bentoTiered = new BentoCache({
      default: 'c',
      prefix: 'b3',
      stores: {
        c: bentostore()
          .useL1Layer(memoryDriver({ maxItems: 5000 }))
          .useL2Layer(redisDriver({ connection: { host, port } })),
      },
    })

    const cmL1 = createCacheManager({
      stores: [new Keyv({ store: new LRUCache<string, object>({ max: 5000 }) })],
    })
    const cmL2 = createCacheManager({
      stores: [new Keyv({ store: new KeyvRedis(redis.url), namespace: 'm2' })],
    })
    const cmTiered = createCacheManager({
      stores: [
        new Keyv({ store: new LRUCache<string, object>({ max: 5000 }) }),
        new Keyv({ store: new KeyvRedis(redis.url), namespace: 'm3' }),
      ],
    })

    const raw = new Redis(redis.url)
    const lruFloor = new LRUCache<string, string>({ max: 5000 })
    const lruObj = new LRUCache<string, object>({ max: 5000 })

    // ---- fill ----
    for (const k of KEYS) {
      await oursL1.set(k, VALUE)
      await oursL2.set(k, VALUE)
      await bentoL1.set({ key: k, value: VALUE })
      await bentoL2.set({ key: k, value: VALUE })
      await cmL1.set(k, VALUE)
      await cmL2.set(k, VALUE)
      await raw.set(`raw:${k}`, JSON_VALUE)
      lruFloor.set(k, JSON_VALUE)
      lruObj.set(k, VALUE)
    }
    const loader = () => VALUE
    let ki = 0
    const nextKey = () => KEYS[ki++ % KEYS.length]!
    const asyncLru = async (k: string) => lruObj.get(k)

    const rows: Record<string, Record<string, Op | ((i: number) => Promise<unknown>)>> = {
      l1_get: {
        ours: () => oursL1.get(nextKey()),
        bentocache: () => bentoL1.get({ key: nextKey() }),
        cache_manager: () => cmL1.get(nextKey()),
        floor_lru_json_parse: () => JSON.parse(lruFloor.get(nextKey())!),
        floor_lru_async: () => asyncLru(nextKey()),
      },
      l1_getOrSet: {
        ours: () => oursL1.getOrSet(nextKey(), loader),
        bentocache: () => bentoL1.getOrSet({ key: nextKey(), factory: loader }),
        cache_manager: () => cmL1.wrap(nextKey(), async () => VALUE),
      },
      l2_get_1: {
        ours: () => oursL2.get(nextKey()),
        bentocache: () => bentoL2.get({ key: nextKey() }),
        cache_manager: () => cmL2.get(nextKey()),
        floor_ioredis_get: () => raw.get(`raw:${nextKey()}`),
      },
      l2_get_32: {
        ours: (i: number) => oursL2.get(KEYS[i % KEYS.length]!),
        bentocache: (i: number) => bentoL2.get({ key: KEYS[i % KEYS.length]! }),
        cache_manager: (i: number) => cmL2.get(KEYS[i % KEYS.length]!),
        floor_ioredis_get: (i: number) => raw.get(`raw:${KEYS[i % KEYS.length]!}`),
      },
      tiered_set_32: {
        ours: (i: number) => oursTiered.set(KEYS[i % KEYS.length]!, VALUE),
        bentocache: (i: number) => bentoTiered.set({ key: KEYS[i % KEYS.length]!, value: VALUE }),
        cache_manager: (i: number) => cmTiered.set(KEYS[i % KEYS.length]!, VALUE),
        floor_ioredis_set: (i: number) => raw.set(`raw:${KEYS[i % KEYS.length]!}`, JSON_VALUE),
      },
    }

    // sanity: every contender returns the value on its hit rows
    const check = [
      await oursL1.get(KEYS[0]!),
      await oursL2.get(KEYS[0]!),
      await bentoL1.get({ key: KEYS[0]! }),
      await bentoL2.get({ key: KEYS[0]! }),
      await cmL1.get(KEYS[0]!),
      await cmL2.get(KEYS[0]!),
    ]
    for (const v of check)
      if (JSON.stringify(v) !== JSON_VALUE) throw new Error(`bad hit value ${JSON.stringify(v)}`)

    const samples: Record<string, Record<string, number[]>> = {}
    for (let r = -1; r < REPEATS; r++) {
      for (const [row, contenders] of Object.entries(rows)) {
        if (onlyRows && !onlyRows.includes(row)) continue
        samples[row] ??= {}
        // rotate the order each repeat, and start each measurement from a collected heap and a quiet loop
        const entries = Object.entries(contenders)
        const rot = ((r % entries.length) + entries.length) % entries.length
        for (const [name, op] of [...entries.slice(rot), ...entries.slice(0, rot)]) {
          gc?.()
          await new Promise((res) => setTimeout(res, 20))
          let v: number
          if (row.endsWith('_32')) v = await concurrentOps(op as (i: number) => Promise<unknown>, 32, L2_MS)
          else if (row.startsWith('l2'))
            v = await concurrentOps(op as (i: number) => Promise<unknown>, 1, L2_MS)
          else v = await opsPerSec(op as Op, L1_MS)
          if (r >= 0) {
            const list = samples[row]![name] ?? []
            list.push(v)
            samples[row]![name] = list
          }
        }
      }
      console.error(`repeat ${r + 1}/${REPEATS} done`)
    }

    const medianOps: Record<string, Record<string, number>> = {}
    const ratios: Record<string, number> = {}
    for (const [row, byName] of Object.entries(samples)) {
      medianOps[row] = {}
      for (const [name, xs] of Object.entries(byName)) medianOps[row]![name] = Math.round(median(xs))
      const m = medianOps[row]!
      for (const [name, v] of Object.entries(m)) {
        if (name === 'ours') continue
        ratios[`${row}.ours_vs_${name}`] = round(m.ours! / v, 2)
      }
    }

    // ---- Zipf hit rates ----
    const hit: Record<string, Record<string, number>> = {}
    for (const s of onlyRows ? [] : [0.8, 1.0, 1.2]) {
      const h = await hitRates(s)
      hit[`s=${s}`] = { lru: round(h.lru, 4), ours: round(h.ours, 4), perfect: round(h.perfect, 4) }
      ratios[`hit_rate_s${s}.ours_vs_lru`] = round(h.ours / h.lru, 3)
      ratios[`hit_rate_s${s}.ours_vs_perfect`] = round(h.ours / h.perfect, 3)
    }

    const goals = {
      l1_get_at_least_1M_ops: (medianOps.l1_get?.ours ?? 0) >= 1_000_000,
      l2_get_32_at_least_raw_ioredis:
        (medianOps.l2_get_32?.ours ?? 0) >=
        (medianOps.l2_get_32?.floor_ioredis_get ?? Number.POSITIVE_INFINITY),
      tiered_set_32_at_least_raw_ioredis:
        (medianOps.tiered_set_32?.ours ?? 0) >=
        (medianOps.tiered_set_32?.floor_ioredis_set ?? Number.POSITIVE_INFINITY),
      never_slower_than_either_library: Object.entries(ratios)
        .filter(([k]) => /ours_vs_(bentocache|cache_manager)$/.test(k))
        .every(([, v]) => v >= 1),
      hit_rate_s1_at_least_72pct: (hit['s=1']?.ours ?? 0) >= 0.72,
      beats_lru_at_every_s: Object.values(hit).every((h) => h.ours! > h.lru!),
    }

    await Promise.all([oursL1.close(), oursL2.close(), oursTiered.close()])
    await Promise.all([bentoL1.disconnect(), bentoL2.disconnect(), bentoTiered.disconnect()])
    await Promise.all([cmL1.disconnect(), cmL2.disconnect(), cmTiered.disconnect()])
    await raw.quit()

    report({
      name: 'cache',
      medians: {
        ...medianOps,
        ...Object.fromEntries(Object.entries(hit).map(([k, v]) => [`hit_rate_${k}`, v])),
      },
      ratios,
      goals,
      unit: 'ops/s (hit_rate: fraction of 1M Zipf requests over 100k keys, 5,000-item cache)',
      repeats: REPEATS,
      value_bytes: JSON_VALUE.length,
      node: process.version,
    })
  } finally {
    await redis.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
