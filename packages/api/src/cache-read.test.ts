import { createCache, marketTags, sqlL3 } from '@supernova/cache'
import { createPgliteDatabase } from '@supernova/db'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.ts'
import { marketWarmer } from './cache-read.ts'

describe('market data through the tiered cache', () => {
  let deps: Awaited<ReturnType<typeof createTestAppDeps>>
  let cache: ReturnType<typeof createCache>
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    const db = await createPgliteDatabase()
    cache = createCache({ l3: sqlL3(db, { sweepIntervalMs: 0 }) })
    deps = await createTestAppDeps({ db, extra: { cache } })
    app = createApp(deps)
  }, 120_000)
  afterAll(async () => {
    await cache.close()
    await deps.close()
  })

  const source = (res: Response) =>
    /cache;desc="(\w+)";dur=[\d.]+/.exec(res.headers.get('server-timing') ?? '')?.[1]

  it('answers bars from the loader, then L1, then L3 after L1 is dropped, with the same body', async () => {
    const url = '/v1/symbols/AAPL/bars?from=2023-01-01&to=2023-03-31&limit=20'
    const first = await app.request(url)
    expect(first.status).toBe(200)
    expect(source(first)).toBe('miss')
    const body = await first.json()
    const second = await app.request(url)
    expect(source(second)).toBe('l1')
    expect(await second.json()).toEqual(body)
    cache.clearLocal()
    const third = await app.request(url)
    expect(source(third)).toBe('l3')
    expect(await third.json()).toEqual(body)
  })

  it('caches the symbol detail, keys pages by cursor, and never caches an unknown symbol', async () => {
    expect(source(await app.request('/v1/symbols/MSFT'))).toBe('miss')
    expect(source(await app.request('/v1/symbols/MSFT'))).toBe('l1')
    const page1 = (await (await app.request('/v1/symbols/MSFT/bars?limit=5')).json()) as {
      next_cursor: string
      data: { date: string }[]
    }
    const next = await app.request(
      `/v1/symbols/MSFT/bars?limit=5&cursor=${encodeURIComponent(page1.next_cursor)}`,
    )
    expect(source(next)).toBe('miss')
    const page2 = (await next.json()) as { data: { date: string }[] }
    expect(page2.data[0]!.date > page1.data.at(-1)!.date).toBe(true)
    expect((await app.request('/v1/symbols/NOPE')).status).toBe(404)
    expect(source(await app.request('/v1/symbols/NOPE'))).toBe('miss')
  })

  it('a tag delete for a symbol makes its next read go back to the database', async () => {
    const url = '/v1/symbols/KO/bars?limit=3'
    await app.request(url)
    expect(source(await app.request(url))).toBe('l1')
    await cache.deleteByTag(marketTags.symbol('KO'))
    expect(source(await app.request(url))).toBe('miss')
  })

  it('the market warmer makes the default bars page an L1 hit from the first request', async () => {
    cache.addWarmer(marketWarmer(deps.market, { count: 3 }))
    const [result] = await cache.startWarmers()
    expect(result).toMatchObject({ name: 'market-bars', loaded: 3, failed: 0 })
    const first = (await deps.market.listSymbols({ limit: 1 }))[0]!.symbol
    const res = await app.request(`/v1/symbols/${first}/bars`)
    expect(res.status).toBe(200)
    expect(source(res)).toBe('l1')
    expect(((await res.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0)
  })

  it('feeds the cache counters that /performance/metrics/cache reports', async () => {
    const stats = cache.stats()
    expect(stats.tiers.l1!.hits).toBeGreaterThan(0)
    expect(stats.tiers.l3!.hits).toBeGreaterThan(0)
    const res = await app.request('/performance/metrics/cache')
    expect(res.status).toBe(200)
    const json = (await res.json()) as { tiers: { tier: string }[] }
    expect(json.tiers.map((t) => t.tier)).toEqual(expect.arrayContaining(['l1', 'l3']))
  })
})
