import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../migrate.ts'
import { createPgliteDatabase } from '../pglite.ts'
import type { SqlDatabase } from '../port.ts'
import { marketRepository } from './market.ts'
import { seedSampleData } from './seed.ts'

const universe = SAMPLE_UNIVERSE.slice(0, 3)
let db: SqlDatabase

beforeAll(async () => {
  db = await createPgliteDatabase()
  await migrate(db)
})
afterAll(() => db.close())

describe('seedSampleData', () => {
  it('loads symbol by symbol exactly the bars the generator makes for the whole universe at once', async () => {
    const progress: number[] = []
    const r = await seedSampleData(db, (done) => progress.push(done), universe)
    const expected = generateUniverseBars(universe)
    expect(r).toEqual({ symbols: 3, bars: expected.reduce((n, c) => n + c.dates.length, 0) })
    expect(progress).toEqual([1, 2, 3])
    const market = marketRepository(db)
    for (const cols of expected) {
      const rows = await market.getBars(cols.symbol)
      expect(rows.map((b) => b.date)).toEqual(cols.dates)
      expect(rows.map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual(
        cols.dates.map((_, i) => [cols.open[i], cols.high[i], cols.low[i], cols.close[i], cols.volume[i]]),
      )
    }
  })

  it('leaves a database that already has symbols alone', async () => {
    expect(await seedSampleData(db, undefined, universe)).toEqual({ symbols: 0, bars: 0 })
  })
})
