import { createCache, sqlL3 } from '@supernova/cache'
import { createPgliteDatabase, type SqlExecutor } from '@supernova/db'
import { createComputePool } from '@supernova/queue'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { SETTLE_ROUNDS } from './warm-engines.ts'
import { warmUp } from './warm-up.ts'

describe('warmUp', () => {
  let close: (() => Promise<void>) | undefined
  afterAll(async () => close?.())

  it('runs every analytics route on synthetic data, leaving no row, cache entry, metric or worker thread behind', async () => {
    const db = await createPgliteDatabase()
    const cache = createCache({ l3: sqlL3(db, { sweepIntervalMs: 0 }) })
    const compute = createComputePool()
    const deps = await createTestAppDeps({ db, extra: { cache, compute } })
    close = async () => {
      await compute.close()
      await cache.close()
      await deps.close()
    }
    const count = async () =>
      (
        await db.query<{ n: number }>(
          `select (select count(*) from symbols) + (select count(*) from bars) + (select count(*) from results)
             + (select count(*) from cache_entries) as n`,
        )
      ).rows[0]!.n
    const before = await count()
    const pages = async () =>
      (
        await db.query<{ n: number }>(
          `select sum(pg_relation_size(t::regclass))::int as n
             from unnest(array['symbols', 'bars', 'results', 'cache_entries']) t`,
        )
      ).rows[0]!.n
    const size = await pages()

    const r = await warmUp(deps)

    expect(r.requests).toEqual({ portfolio: 200, basket: 200, backtest: 200, advice: 200, symbol: 200 })
    // the second round read the restart path: its histories and the symbol from the shadow's L3 table
    expect(r.l3Hits).toBeGreaterThanOrEqual(4)
    // and the later rounds ran from L1: each of them reads every symbol's history at least once
    expect(r.l1Hits).toBeGreaterThanOrEqual(4 * 4)
    // nothing the shadow asked for was priced for the compute pool, and the warm-up starts no worker of its own
    expect(compute.stats()).toMatchObject({ completed: 0, failed: 0, busy: 0 })
    // then the engines ran on full-size inputs (ten twelve-year histories) on the event loop
    expect(r.enginesMs).toBeGreaterThan(0)
    // then the engine rounds after pauses, which install what V8 compiled meanwhile before the first request
    expect(r.settleRounds).toBe(SETTLE_ROUNDS)
    expect(r.settleMs).toBeGreaterThan(0)
    await cache.flush()
    expect(await count()).toBe(before)
    // PGlite has no autovacuum: the rolled-back rows' space was vacuumed, so the tables are their size again
    expect(r.vacuumMs).toBeGreaterThan(0)
    expect(await pages()).toBe(size)
    expect(cache.stats().tiers.l1?.sets ?? 0).toBe(0)
    const families = deps.monitor.registry.collect()
    const reads = families.find((f) => f.name === 'market_history_reads_total')
    expect(reads?.samples ?? []).toEqual([])
  }, 120_000)

  it("sends one statement at a time through its transaction's session (pg refuses overlapping queries in pg 9)", async () => {
    const db = await createPgliteDatabase()
    let inFlight = 0
    let most = 0
    const counted = {
      ...db,
      // pg's kind, so the history service reads symbols in parallel as it does on pg
      kind: 'pg' as const,
      transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
        db.transaction((tx) =>
          fn({
            query: async (...args: Parameters<SqlExecutor['query']>) => {
              most = Math.max(most, ++inFlight)
              try {
                return await tx.query(...args)
              } finally {
                inFlight--
              }
            },
          } as SqlExecutor),
        ),
    }
    const deps = await createTestAppDeps({ db: counted })
    try {
      const r = await warmUp(deps)
      expect(r.requests.portfolio).toBe(200)
      expect(most).toBe(1)
    } finally {
      await deps.close()
    }
  }, 120_000)
})
