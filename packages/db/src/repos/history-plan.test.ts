import { SAMPLE_UNIVERSE } from '@supernova/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../migrate.ts'
import { createPgliteDatabase } from '../pglite.ts'
import type { SqlDatabase } from '../port.ts'
import { HISTORY_STATEMENT, marketRepository } from './market.ts'
import { seedSampleData } from './seed.ts'

let db: SqlDatabase

beforeAll(async () => {
  db = await createPgliteDatabase()
  await migrate(db)
  // the sample universe (53 symbols x 12 years): a table where scanning every bar costs what it does in use
  await seedSampleData(db)
}, 120_000)
afterAll(() => db.close())

describe('the history read on PGlite', () => {
  it('reads each history by the (symbol, date) index, not by scanning every bar', async () => {
    const four = SAMPLE_UNIVERSE.slice(0, 4).map((s) => s.symbol)
    const plan = await db.query<{ 'QUERY PLAN': string }>(`explain ${HISTORY_STATEMENT}`, [four])
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n')
    expect(text).toMatch(/bars_pkey/)
    expect(text).not.toMatch(/Seq Scan on bars/)
  })

  it('answers the histories it read that way: known symbols, empty columns for one without bars', async () => {
    await db.query(
      `insert into symbols (symbol, name, sector, exchange, currency) values ('NOBARS', 'none', 'Energy', 'X', 'USD')`,
    )
    const market = marketRepository(db)
    const [a, b] = SAMPLE_UNIVERSE.map((s) => s.symbol)
    const got = await market.historyColumns([a!, 'NOBARS', 'UNKNOWN', b!])
    expect([...got.keys()].sort()).toEqual([a!, b!, 'NOBARS'].sort())
    expect(got.get('NOBARS')!.dates).toEqual([])
    const rows = await market.getBars(a!)
    const cols = got.get(a!)!
    expect(cols.dates).toEqual(rows.map((r) => r.date))
    expect(Array.from(cols.close)).toEqual(rows.map((r) => r.close))
  })
})
