import { createPgliteDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localSentiment } from './local.ts'
import { sentimentCounterSource, sentimentService } from './service.ts'

describe('sentimentService', () => {
  let db: SqlDatabase
  beforeAll(async () => {
    db = await createPgliteDatabase()
    await migrate(db)
  })
  afterAll(() => db.close())

  it('stores one row per mentioned symbol and exposes counters for metrics', async () => {
    const s = sentimentService({ model: localSentiment(), db, knownSymbols: async () => ['NVDA'] })
    const { results, stored } = await s.ingest([
      { text: '$AMD and NVDA shares jump after strong results', time: new Date('2024-01-02T10:00:00Z') },
      { text: 'No tickers here', time: new Date('2024-01-02T10:00:00Z') },
    ])
    expect(results.map((r) => r.symbols)).toEqual([['AMD', 'NVDA'], []])
    expect(stored).toBe(2)
    const agg = await s.aggregate({
      symbols: ['AMD', 'NVDA'],
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2024-01-03T00:00:00Z'),
    })
    expect(agg.map((a) => [a.symbol, a.count, a.positive])).toEqual([
      ['AMD', 1, 1],
      ['NVDA', 1, 1],
    ])
    const source = sentimentCounterSource(s)
    expect(source.name).toBe('sentiment_events_total')
    expect(source.read()).toEqual({ requests: 1, texts: 2 })
  })
})
