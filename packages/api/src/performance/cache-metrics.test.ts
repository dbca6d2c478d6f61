import { createCache } from '@supernova/cache'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

describe('/performance/metrics/cache with the real tiered cache', () => {
  let deps: Awaited<ReturnType<typeof createTestAppDeps>>
  let cache: ReturnType<typeof createCache>
  beforeAll(async () => {
    cache = createCache({})
    deps = await createTestAppDeps({ extra: { cache } })
  }, 120_000)
  afterAll(async () => {
    await cache.close()
    await deps.close()
  })

  it('reports L1 hits and misses from the cache stats of market-data reads', async () => {
    const app = createApp(deps) // its own unstarted monitor, wired to this cache by createTestAppDeps
    const url = '/v1/symbols/AAPL/bars?from=2023-01-01&to=2023-03-31&limit=20'
    for (let i = 0; i < 4; i++) expect((await app.request(url)).status).toBe(200)
    const res = await app.request('/performance/metrics/cache?window=1m')
    const body = (await res.json()) as {
      overall: { hits: number; lookups: number; hitRate: number }
      tiers: { cache: string; tier: string; hits: number; misses: number }[]
    }
    const l1 = body.tiers.find((t) => t.tier === 'l1')!
    expect(l1.hits).toBe(3)
    // the history's miss, and the list of recently read symbols (market-history/recent.ts), read once per process
    // before its first write
    expect(l1.misses).toBe(2)
    expect(body.overall).toMatchObject({ hits: 3, lookups: 5, hitRate: 0.6 })
    const prom = await (await app.request('/metrics')).text()
    expect(prom).toMatch(/^cache_events_total\{cache="cache",tier="l1",event="hits"\} 3$/m)
  })
})
