import { createPgDatabase, createPgliteDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { createTestDatabase, describeRemoteDriver, withChaos } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createCache } from './cache.ts'
import { memoryL2 } from './memory-driver.ts'
import { sqlL3 } from './sql.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let pglite: SqlDatabase
let pgdb: SqlDatabase
let dropPg: () => Promise<void>
beforeAll(async () => {
  pglite = await createPgliteDatabase()
  await migrate(pglite)
  const t = await createTestDatabase(inject('pgUrl'), 'cache')
  dropPg = t.drop
  pgdb = await createPgDatabase({ connectionString: t.url })
  await migrate(pgdb)
}, 120_000)
afterAll(async () => {
  await pglite?.close()
  await pgdb?.close()
  await dropPg?.()
})

describeRemoteDriver('sqlL3 on PGlite', async () => ({ driver: sqlL3(pglite, { sweepIntervalMs: 0 }) }))
describeRemoteDriver('sqlL3 on PostgreSQL', async () => ({ driver: sqlL3(pgdb, { sweepIntervalMs: 0 }) }))

describe('sqlL3 on PGlite (no autovacuum)', () => {
  it("vacuums after rewrites when it sweeps, so a rewritten entry's old versions do not pile up", async () => {
    const l3 = sqlL3(pglite, { sweepIntervalMs: 0 })
    // about 270 KB of hex that pglz cannot shrink much: stored out of line, as a history entry is
    const big = (i: number) => ({
      key: 'vac:history',
      value: Array.from({ length: 20_000 }, (_, j) => ((i * 7919 + j * 104_729) % 2 ** 31).toString(16)).join(
        '',
      ),
      ttlMs: 60_000,
    })
    const size = async () =>
      (await pglite.query<{ n: number }>(`select pg_total_relation_size('cache_entries')::int as n`)).rows[0]!
        .n
    const rewrite = async (from: number) => {
      for (let i = from; i < from + 6; i++) await l3.mset([big(i)])
    }
    await rewrite(0)
    const before = await size()
    await rewrite(6) // six more versions, dead at once: without a vacuum they add to the table
    const grown = await size()
    expect(grown).toBeGreaterThan(before)
    await l3.sweep()
    // after the sweep's vacuum the same churn reuses the space it freed: the table grows by a fraction of what
    // it did (the vacuum's free-space and visibility maps), not by six more versions
    await rewrite(12)
    expect((await size()) - grown).toBeLessThan((grown - before) / 4)
    expect((await l3.mget(['vac:history']))[0]).toBe(big(17).value)
  })
})

for (const [name, get] of [
  ['PGlite', () => pglite],
  ['PostgreSQL', () => pgdb],
] as const) {
  describe(`sqlL3 on ${name}`, () => {
    it('sweeps expired rows in the background and deletes them on read', async () => {
      const db = get()
      const l3 = sqlL3(db, { sweepIntervalMs: 0 })
      await l3.mset([
        { key: 'sw:a', value: 'a', ttlMs: 20 },
        { key: 'sw:b', value: 'b', ttlMs: 20 },
        { key: 'sw:c', value: 'c', ttlMs: 60_000 },
      ])
      await sleep(60)
      expect(await l3.mget(['sw:a'])).toEqual([null])
      await sleep(20)
      expect(await l3.sweep()).toBeGreaterThanOrEqual(1)
      const r = await db.query<{ key: string }>(
        "select key from cache_entries where key like 'sw:%' order by key",
      )
      expect(r.rows.map((x) => x.key)).toEqual(['sw:c'])
    })

    it('chaos on L3 (throw, hang, slow): reads answer, the breaker opens, then closes and L3 serves again', async () => {
      const l3 = withChaos(sqlL3(get(), { sweepIntervalMs: 0 }))
      const cache = createCache({
        prefix: `chaos${name}:`,
        l3: { driver: l3, timeoutMs: 50, breaker: { failureThreshold: 2, cooldownMs: 100 } },
      })
      await cache.set('kept', 'v')
      for (const mode of ['throw', 'hang', 'slow'] as const) {
        l3.chaos.set(mode, 300)
        cache.clearLocal()
        for (let i = 0; i < 3; i++) expect(await cache.getOrSet(`${mode}${i}`, () => i)).toBe(i)
        expect(cache.stats().tiers.l3!.breaker!.state).toBe('open')
        l3.chaos.set('ok')
        await sleep(400)
        expect(await cache.get('kept')).toBe('v')
        expect(cache.stats().tiers.l3!.breaker!.state).toBe('closed')
      }
    })

    it('answers the cache when L2 is empty and back-fills it; tag delete clears L3 rows', async () => {
      const l2 = memoryL2()
      const l3 = sqlL3(get(), { sweepIntervalMs: 0 })
      const a = createCache({ prefix: `bf${name}:`, l2, l3 })
      await a.set('bars:AAPL', [{ c: 1.25 }], { tags: ['sym:AAPL'] })
      await l2.delete([`bf${name}:bars:AAPL`])
      const b = createCache({ prefix: `bf${name}:`, l2, l3 })
      expect(await b.lookup('bars:AAPL', () => [])).toMatchObject({ source: 'l3', value: [{ c: 1.25 }] })
      await b.flush()
      expect((await l2.mget([`bf${name}:bars:AAPL`]))[0]).toEqual(expect.any(String))
      await b.deleteByTag('sym:AAPL')
      expect(await l3.mget([`bf${name}:bars:AAPL`])).toEqual([null])
    })
  })
}
