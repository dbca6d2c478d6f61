import type { Migration, SqlDatabase } from '@supernova/db'
import { migrate } from '@supernova/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** The SQL port's contract, run against every adapter; `make` returns a connected database on an empty schema. */
export function describeSqlDatabase(
  name: string,
  make: () => Promise<{ db: SqlDatabase; cleanup?: () => Promise<void> }>,
) {
  describe(`SQL port contract: ${name}`, () => {
    let db: SqlDatabase
    let cleanup: (() => Promise<void>) | undefined

    beforeAll(async () => {
      ;({ db, cleanup } = await make())
      await db.query(
        'create table if not exists contract_items (id int4 primary key, name text not null unique, parent int4 references contract_items(id))',
      )
    })
    afterAll(async () => {
      await db?.close()
      await cleanup?.()
    })

    it('round-trips parameters and normalises types the same way everywhere', async () => {
      const r = await db.query<Record<string, unknown>>(
        `select $1::int4 as i, $2::int8 as big, $3::float8 as f, $4::numeric as n, $5::text as t, $6::bool as b,
                $7::jsonb as j, $8::timestamptz as ts, $9::date as d, null::text as nothing`,
        [
          42,
          9007199254740991,
          1.5,
          '12.25',
          'héllo ✓',
          true,
          JSON.stringify({ a: [1, 'x'] }),
          '2024-01-02T03:04:05.678Z',
          '2024-02-29',
        ],
      )
      const row = r.rows[0]!
      expect(row.i).toBe(42)
      expect(row.big).toBe(9007199254740991)
      expect(row.f).toBe(1.5)
      expect(row.n).toBe(12.25)
      expect(row.t).toBe('héllo ✓')
      expect(row.b).toBe(true)
      expect(row.j).toEqual({ a: [1, 'x'] })
      expect(row.ts).toBeInstanceOf(Date)
      expect((row.ts as Date).toISOString()).toBe('2024-01-02T03:04:05.678Z')
      expect(row.d).toBe('2024-02-29')
      expect(row.nothing).toBeNull()
      expect(r.rowCount).toBe(1)
    })

    it('reports affected rows for writes', async () => {
      const ins = await db.query('insert into contract_items (id, name) values ($1, $2), ($3, $4)', [
        1,
        'a',
        2,
        'b',
      ])
      expect(ins.rowCount).toBe(2)
      const upd = await db.query('update contract_items set name = name || $1 where id <= $2', ['!', 2])
      expect(upd.rowCount).toBe(2)
      const sel = await db.query<{ id: number; name: string }>(
        'select id, name from contract_items order by id',
      )
      expect(sel.rows).toEqual([
        { id: 1, name: 'a!' },
        { id: 2, name: 'b!' },
      ])
    })

    it('maps a unique violation to a conflict, a missing reference to a conflict, a null to a validation error', async () => {
      await expect(
        db.query('insert into contract_items (id, name) values (10, $1)', ['a!']),
      ).rejects.toMatchObject({
        code: 'conflict',
      })
      await expect(
        db.query('insert into contract_items (id, name, parent) values (11, $1, 999)', ['zz']),
      ).rejects.toMatchObject({
        code: 'conflict',
      })
      await expect(db.query('insert into contract_items (id, name) values (12, null)')).rejects.toMatchObject(
        {
          code: 'validation_error',
        },
      )
      await expect(db.query('selec nonsense')).rejects.toMatchObject({ code: 'internal_error' })
    })

    it('runs a batch atomically: a failing statement rolls back the earlier ones', async () => {
      const ok = await db.batch([
        { text: 'insert into contract_items (id, name) values ($1, $2)', params: [20, 'batch-1'] },
        { text: 'select count(*)::int4 as n from contract_items where id = $1', params: [20] },
      ])
      expect(ok).toHaveLength(2)
      expect(ok[1]!.rows[0]).toEqual({ n: 1 })
      await expect(
        db.batch([
          { text: 'insert into contract_items (id, name) values ($1, $2)', params: [21, 'batch-2'] },
          { text: 'insert into contract_items (id, name) values ($1, $2)', params: [22, 'batch-1'] },
        ]),
      ).rejects.toMatchObject({ code: 'conflict' })
      const after = await db.query('select id from contract_items where id = 21')
      expect(after.rows).toHaveLength(0)
    })

    it('supports interactive transactions exactly where the adapter has a session', async () => {
      if (!db.interactive) {
        await expect(db.transaction(async () => 1)).rejects.toThrow(/interactive/)
        return
      }
      const v = await db.transaction(async (tx) => {
        await tx.query('insert into contract_items (id, name) values (30, $1)', ['tx-1'])
        const r = await tx.query<{ n: number }>(
          'select count(*)::int4 as n from contract_items where id = 30',
        )
        return r.rows[0]!.n
      })
      expect(v).toBe(1)
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into contract_items (id, name) values (31, $1)', ['tx-2'])
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect((await db.query('select 1 from contract_items where id = 31')).rows).toHaveLength(0)
    })

    it('tells observers the statement name, duration and outcome', async () => {
      const seen: { name: string; ok: boolean; rows: number; durationMs: number }[] = []
      const off = db.observe((e) => seen.push(e))
      await db.query('select id from contract_items where id = $1', [1], { name: 'contract.get' })
      await db.query('select * from no_such_table').catch(() => {})
      off()
      await db.query('select 1')
      expect(seen).toHaveLength(2)
      expect(seen[0]).toMatchObject({ name: 'contract.get', ok: true, rows: 1 })
      expect(seen[0]!.durationMs).toBeGreaterThanOrEqual(0)
      expect(seen[1]).toMatchObject({ name: 'select no_such_table', ok: false })
      await expect(db.ping()).resolves.toBeUndefined()
    })

    it('applies migrations once, even when two runs race, and records them', async () => {
      const migrations: Migration[] = [
        {
          version: 1,
          name: 'one',
          sql: 'create table contract_m1 (x int4); insert into contract_m1 values (1);',
        },
        { version: 2, name: 'two', sql: "create table contract_m2 (y text default 'it''s');" },
      ]
      const [a, b] = await Promise.all([migrate(db, migrations), migrate(db, migrations)])
      expect([...a, ...b].sort()).toEqual([1, 2])
      expect(await migrate(db, migrations)).toEqual([])
      const rows = await db.query<{ version: number; name: string }>(
        'select version, name from schema_migrations order by version',
      )
      expect(rows.rows.map((r) => r.version)).toEqual([1, 2])
      expect((await db.query('select x from contract_m1')).rows).toEqual([{ x: 1 }])
      await expect(
        migrate(db, [{ ...migrations[0]!, sql: 'create table changed (z int4)' }]),
      ).rejects.toThrow(/changed after it was applied/)
    })
  })
}
