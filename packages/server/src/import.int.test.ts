import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marketHistory } from '@supernova/api'
import { createCache, marketKeys, marketTags } from '@supernova/cache'
import { createPgliteDatabase, marketRepository, migrate, type SqlDatabase } from '@supernova/db'
import { sharedDataPath } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from './import.ts'

let db: SqlDatabase

beforeAll(async () => {
  db = await createPgliteDatabase()
  await migrate(db)
})
afterAll(() => db.close())

describe('CSV import', () => {
  it("drops the imported symbol's cached history, so the analytics routes see the new bars", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sn-import-'))
    const file = (rows: string[]) => {
      const f = join(dir, 'hist.csv')
      writeFileSync(f, ['Date,Open,High,Low,Close,Adj Close,Volume', ...rows].join('\n'))
      return f
    }
    const cache = createCache()
    const history = marketHistory({ market: marketRepository(db), cache })
    await importCsv(db, file(['2024-01-02,10,11,9,10.5,10.5,100', '2024-01-03,10.5,12,10,11,11,200']), {
      symbol: 'HIST',
      cache,
    })
    expect((await history.read(['HIST'])).series[0]!.dates).toEqual(['2024-01-02', '2024-01-03'])
    expect((await history.read(['HIST'])).sources).toEqual({ l1: 1 })
    await importCsv(db, file(['2024-01-04,11,11.5,10.8,11.2,11.2,300']), { symbol: 'HIST', cache })
    const after = await history.read(['HIST'])
    expect(after.sources).toEqual({ miss: 1 })
    expect(after.series[0]!.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04'])
    expect(Array.from(after.series[0]!.close)).toEqual([10.5, 11, 11.2])
    await cache.close()
  })

  it('imports a Yahoo OHLCV file, naming the symbol from the file', async () => {
    const cache = createCache()
    const nvda = marketKeys.bars({ symbol: 'NVDA', rows: 1001 })
    const orcl = marketKeys.bars({ symbol: 'ORCL', rows: 1001 })
    await cache.set(nvda, ['old'], { tags: marketTags.of('NVDA') })
    await cache.set(orcl, ['other'], { tags: marketTags.of('ORCL') })
    const s = await importCsv(db, sharedDataPath('backtrader', 'nvda-1999-2014.txt'), { cache })
    expect(await cache.get(nvda)).toBeUndefined()
    expect(await cache.get(orcl)).toEqual(['other'])
    await cache.close()
    expect(s.format).toBe('yahoo')
    expect(s.symbols[0]).toMatchObject({ symbol: 'NVDA', first: '1999-01-22' })
    expect(s.imported).toBeGreaterThan(3900)
    const bars = await marketRepository(db).getBars('NVDA', { from: '1999-01-22', to: '1999-01-25' })
    expect(bars).toEqual([
      { date: '1999-01-22', open: 1.75, high: 1.953125, low: 1.552083, close: 1.640625, volume: 67867200 },
      { date: '1999-01-25', open: 1.770833, high: 1.833333, low: 1.640625, close: 1.8125, volume: 12762000 },
    ])
  })

  it('imports a wide close-price file, one symbol per column, and is idempotent', async () => {
    const file = sharedDataPath('pypfopt', 'stock_prices.csv')
    const first = await importCsv(db, file, { sector: 'PyPortfolioOpt' })
    expect(first.format).toBe('wide')
    expect(first.symbols).toHaveLength(20)
    expect(first.symbols.find((x) => x.symbol === 'GOOG')?.first).toBe('2004-08-19')
    const again = await importCsv(db, file)
    expect(again.imported).toBe(first.imported)
    const n = await db.query<{ n: number }>("select count(*)::int4 as n from bars where symbol = 'AAPL'")
    expect(n.rows[0]!.n).toBe(first.symbols.find((x) => x.symbol === 'AAPL')!.bars)
  }, 120_000) // two imports of 20 x 7,000 rows into PGlite: 10-25 s on a quiet machine

  it('reports rejected rows with line numbers and reasons', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sn-import-'))
    const file = join(dir, 'test.csv')
    writeFileSync(
      file,
      'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1,0.2,0.5,1.5,10\nnope,1,1,1,1,1\n',
    )
    const s = await importCsv(db, file, { symbol: 'TST' })
    expect(s.imported).toBe(1)
    expect(s.rejected).toEqual([
      { line: 3, symbol: 'TST', reason: 'high is below open, close or low' },
      { line: 4, symbol: 'TST', reason: "bad date 'nope'" },
    ])
  })
})
