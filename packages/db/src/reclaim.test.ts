import { afterAll, describe, expect, it } from 'vitest'
import { createPgliteDatabase } from './index.ts'
import type { SqlDatabase } from './port.ts'
import { reclaimDeadRows, runsNoAutovacuum } from './reclaim.ts'

describe('reclaimDeadRows', () => {
  let db: SqlDatabase | undefined
  afterAll(async () => db?.close())
  const vacuums = async () =>
    (
      await db!.query<{ n: number }>(
        `select vacuum_count::int as n from pg_stat_user_tables where relname = 'churned'`,
      )
    ).rows[0]?.n ?? 0

  it('vacuums on PGlite, which runs no autovacuum, and does nothing where PostgreSQL would', async () => {
    db = await createPgliteDatabase()
    await db.query('create table churned (x int)')
    await db.query('insert into churned select generate_series(1, 100)')
    await db.query('delete from churned where x > 10')
    expect(runsNoAutovacuum(db)).toBe(true)
    expect(await reclaimDeadRows(db, ['churned'], 'test.vacuum')).toBeGreaterThan(0)
    expect(await vacuums()).toBe(1)
    // the same database seen as a PostgreSQL adapter: autovacuum's job, no statement
    const asPg = { ...db, kind: 'pg' } as SqlDatabase
    expect(runsNoAutovacuum(asPg)).toBe(false)
    expect(await reclaimDeadRows(asPg, ['churned'], 'test.vacuum')).toBe(0)
    expect(await vacuums()).toBe(1)
  })
})
