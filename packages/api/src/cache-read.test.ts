import { createCache, marketKeys, marketTags, sqlL3 } from '@supernova/cache'
import { createPgliteDatabase } from '@supernova/db'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.ts'
import { historyOf } from './market-history/context.ts'
import { marketHistory, warmHistories } from './market-history/service.ts'
import { preloadSymbolDetails } from './routes/symbol-detail.ts'

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
  // The bars route reads the symbol's cached history: `history;desc="l1:1"` names the tier.
  const historySource = (res: Response) =>
    /history;desc="(\w+):1";dur=[\d.]+/.exec(res.headers.get('server-timing') ?? '')?.[1]

  it('answers bars from the history columns: loaded once, then L1, then L3 after L1 is dropped, same body', async () => {
    const url = '/v1/symbols/AAPL/bars?from=2023-01-01&to=2023-03-31&limit=20'
    const first = await app.request(url)
    expect(first.status).toBe(200)
    expect(historySource(first)).toBe('miss')
    const body = await first.json()
    // the page equals the database's rows for the range
    expect(body.data).toEqual(
      await deps.market.getBars('AAPL', { from: '2023-01-01', to: '2023-03-31', limit: 20 }),
    )
    const second = await app.request(url)
    expect(historySource(second)).toBe('l1')
    expect(await second.json()).toEqual(body)
    // another range of the same symbol is a slice of the same columns, not another load
    const other = await app.request('/v1/symbols/AAPL/bars?from=2020-06-01&to=2020-06-30')
    expect(historySource(other)).toBe('l1')
    expect(((await other.json()) as { data: { date: string }[] }).data.map((b) => b.date)).toEqual(
      (await deps.market.getBars('AAPL', { from: '2020-06-01', to: '2020-06-30' })).map((b) => b.date),
    )
    await cache.flush() // a loaded history reaches L3 after the answer
    cache.clearLocal()
    const third = await app.request(url)
    expect(historySource(third)).toBe('l3')
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
    expect(historySource(next)).toBe('l1')
    const page2 = (await next.json()) as { data: { date: string }[] }
    const ten = (await deps.market.getBars('MSFT', { limit: 10 })).map((b) => b.date)
    expect([...page1.data, ...page2.data].map((b) => b.date)).toEqual(ten)
    expect((await app.request('/v1/symbols/NOPE')).status).toBe(404)
    expect(source(await app.request('/v1/symbols/NOPE'))).toBe('miss')
  })

  it('a tag delete for a symbol makes its next read go back to the database', async () => {
    const url = '/v1/symbols/KO/bars?limit=3'
    await app.request(url)
    expect(historySource(await app.request(url))).toBe('l1')
    await cache.deleteByTag(marketTags.symbol('KO'))
    expect(historySource(await app.request(url))).toBe('miss')
  })

  it('an unknown symbol is a 404, a known one with no bars in the range an empty page', async () => {
    const unknown = await app.request('/v1/symbols/NOPE/bars')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("'NOPE'")
    const empty = await app.request('/v1/symbols/KO/bars?from=1990-01-01&to=1990-12-31')
    expect(empty.status).toBe(200)
    expect(((await empty.json()) as { data: unknown[] }).data).toEqual([])
  })

  it('the start-up history preload makes the default bars page an L1 hit from the first request', async () => {
    // a restart with nothing read before it: L1 empty, no list of recently read symbols, a new service
    await cache.delete(marketKeys.recentHistories())
    cache.clearLocal()
    const restarted = marketHistory({ market: deps.market, cache })
    expect(await warmHistories(restarted, deps.market, 3)).toEqual({ recent: 0, listed: 3 })
    const first = (await deps.market.listSymbols({ limit: 1 }))[0]!.symbol
    const res = await app.request(`/v1/symbols/${first}/bars`)
    expect(res.status).toBe(200)
    expect(historySource(res)).toBe('l1')
    expect(((await res.json()) as { data: unknown[] }).data).toEqual(
      await deps.market.getBars(first, { limit: 1000 }),
    )
  })

  it("a symbol's detail counts as a read: after a restart the preload has it in L1", async () => {
    await cache.delete(marketKeys.recentHistories())
    const history = historyOf(deps)
    const symbol = (await deps.market.listSymbols({ limit: 100 })).at(-1)!.symbol
    const res = await app.request(`/v1/symbols/${symbol}`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect((await history.recent())[0]).toBe(symbol)
    // a restart: L1 empty; the preload reads the details of the symbols read last (from L3 here)
    cache.clearLocal()
    expect(await preloadSymbolDetails(cache, deps.market, await history.recent())).toBeGreaterThanOrEqual(1)
    const again = await app.request(`/v1/symbols/${symbol}`)
    expect(source(again)).toBe('l1')
    expect(await again.json()).toEqual(body)
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
