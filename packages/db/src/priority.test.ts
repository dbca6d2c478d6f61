import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPgliteDatabase } from './pglite.ts'
import type { SqlDatabase } from './port.ts'
import { INTERACTIVE_BURST, inBackground, queryPriority } from './priority.ts'

let db: SqlDatabase
beforeAll(async () => {
  db = await createPgliteDatabase()
}, 60_000)
afterAll(async () => db.close())

/** Fires each statement (tagged with its label) without waiting, then returns the labels in completion order. */
async function order(statements: { label: string; background: boolean }[]): Promise<string[]> {
  const done: string[] = []
  const run = ({ label, background }: { label: string; background: boolean }) => {
    const q = () => db.query('select $1::text as label, count(*) from generate_series(1, 2000)', [label])
    return (background ? inBackground(q) : q()).then(() => {
      done.push(label)
    })
  }
  await Promise.all(statements.map(run))
  return done
}

describe('PGlite priority gate', () => {
  it('marks the context of inBackground, and only it', async () => {
    expect(queryPriority()).toBe('interactive')
    await inBackground(async () => {
      await Promise.resolve()
      expect(queryPriority()).toBe('background')
    })
    expect(queryPriority()).toBe('interactive')
  })

  it('serves an interactive statement before background reads queued ahead of it', async () => {
    const background = Array.from({ length: 6 }, (_, i) => ({ label: `b${i}`, background: true }))
    const done = await order([...background, { label: 'request', background: false }])
    // b0 took the free connection; the request, queued after b1..b5, went next
    expect(done).toEqual(['b0', 'request', 'b1', 'b2', 'b3', 'b4', 'b5'])
  })

  it('still gives background work a turn under a stream of requests (no starvation)', async () => {
    const requests = Array.from({ length: INTERACTIVE_BURST * 2 + 1 }, (_, i) => ({
      label: `r${i}`,
      background: false,
    }))
    const done = await order([
      { label: 'first', background: false },
      { label: 'task', background: true },
      ...requests,
    ])
    expect(done.indexOf('task')).toBe(INTERACTIVE_BURST + 1)
    expect(done.filter((l) => l.startsWith('r'))).toEqual(requests.map((r) => r.label))
  })

  it('keeps a transaction whole: other statements wait for it, whatever their lane', async () => {
    await db.query('create table gate_t (n int)')
    const seen: number[] = []
    const tx = db.transaction(async (t) => {
      await t.query('insert into gate_t values (1)')
      await new Promise((r) => setTimeout(r, 20))
      await t.query('insert into gate_t values (2)')
    })
    const read = db.query<{ n: number }>('select count(*)::int as n from gate_t').then((r) => {
      seen.push(r.rows[0]!.n)
    })
    await Promise.all([tx, read])
    expect(seen).toEqual([2])
  })
})
