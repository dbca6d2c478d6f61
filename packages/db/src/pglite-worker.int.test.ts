import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { UnavailableError } from '@supernova/core'
import { afterAll, describe, expect, it } from 'vitest'
import { createPgliteWorkerDatabase } from './pglite-worker.ts'
import type { SqlExecutor } from './port.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-pglite-thread-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('PGlite on a worker thread', () => {
  it('fails the calls in flight when its thread dies (503), then opens the folder again on the next call', async () => {
    const threads: Worker[] = []
    const db = await createPgliteWorkerDatabase({ dataDir: dir, onThread: (w) => threads.push(w) })
    try {
      await db.query('create table kept (n int)')
      await db.query('insert into kept values (1), (2)')
      const timings: string[] = []
      db.observe((e) => timings.push(e.name))
      const inFlight = db.query('select pg_sleep(0.5)')
      await new Promise((r) => setTimeout(r, 50))
      await threads[0]!.terminate()
      await expect(inFlight).rejects.toBeInstanceOf(UnavailableError)
      const after = await db.query<{ n: number }>('select sum(n)::int as n from kept')
      expect(after.rows).toEqual([{ n: 3 }])
      expect(threads).toHaveLength(2)
      const stats = db.threadStats()
      expect(stats.restarts).toBe(1)
      expect(stats.activeMs).toBeGreaterThan(0)
      expect(timings).toContain('select')
      // a thread that dies inside a transaction takes the transaction with it: the rest is refused, not run on
      // the next thread outside any transaction
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into kept values (10)')
          await threads.at(-1)!.terminate()
          await tx.query('insert into kept values (20)')
        }),
      ).rejects.toBeInstanceOf(UnavailableError)
      expect((await db.query<{ n: number }>('select sum(n)::int as n from kept')).rows).toEqual([{ n: 3 }])
    } finally {
      await db.close()
    }
  })

  it('refuses a statement sent through a transaction after it ended (it would land outside it)', async () => {
    const db = await createPgliteWorkerDatabase()
    try {
      await db.query('create table t (n int)')
      let leaked: SqlExecutor | undefined
      await db.transaction(async (tx) => {
        leaked = tx
        await tx.query('insert into t values (1)')
      })
      await expect(leaked!.query('insert into t values (2)')).rejects.toThrow()
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into t values (3)')
          throw new Error('roll back')
        }),
      ).rejects.toThrow('roll back')
      expect((await db.query<{ n: number }>('select n from t order by n')).rows).toEqual([{ n: 1 }])
    } finally {
      await db.close()
    }
  })

  it('reports each statement of a batch under its own name, with the time the thread measured', async () => {
    const db = await createPgliteWorkerDatabase()
    try {
      const seen: { name: string; rows: number; ok: boolean }[] = []
      db.observe((e) => seen.push({ name: e.name, rows: e.rows, ok: e.ok }))
      const r = await db.batch([
        { text: 'select 1 as a union all select 2', name: 'two' },
        { text: 'select 3 as b', name: 'one' },
      ])
      expect(r.map((x) => x.rows)).toEqual([[{ a: 1 }, { a: 2 }], [{ b: 3 }]])
      expect(seen).toEqual([
        { name: 'two', rows: 2, ok: true },
        { name: 'one', rows: 1, ok: true },
      ])
      await expect(db.batch([{ text: 'select * from missing_table' }])).rejects.toThrow(
        'A database statement failed.',
      )
      expect(seen.at(-1)).toMatchObject({ name: 'batch', ok: false })
    } finally {
      await db.close()
    }
  })
})
