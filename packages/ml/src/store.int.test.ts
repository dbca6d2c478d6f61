import { createPgDatabase, createPgliteDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { createTestDatabase } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type SentimentItem, sentimentRepository, textHash } from './store.ts'

const at = (iso: string) => new Date(iso)
const item = (
  symbol: string,
  time: string,
  label: SentimentItem['label'],
  score: number,
  text: string,
): SentimentItem => ({
  symbol,
  time: at(time),
  source: 'test',
  textHash: textHash(text),
  label,
  score,
  model: 'local:test',
})

const ITEMS: SentimentItem[] = [
  item('TSLA', '2024-03-01T09:10:00Z', 'positive', 0.8, 'a'),
  item('TSLA', '2024-03-01T09:50:00Z', 'negative', -0.6, 'b'),
  item('TSLA', '2024-03-01T10:05:00Z', 'neutral', 0.1, 'c'),
  item('TSLA', '2024-03-02T23:59:59Z', 'positive', 0.5, 'd'),
  item('AAPL', '2024-03-01T09:30:00Z', 'negative', -0.9, 'e'),
  item('AAPL', '2024-03-05T00:00:00Z', 'positive', 0.9, 'outside the range'),
]

function describeStore(name: string, open: () => Promise<{ db: SqlDatabase; close(): Promise<void> }>) {
  describe(`sentiment storage on ${name}`, () => {
    let db: SqlDatabase
    let close: () => Promise<void>
    beforeAll(async () => {
      ;({ db, close } = await open())
      await migrate(db)
    })
    afterAll(async () => close?.())

    it('inserts items once (re-ingest is a no-op)', async () => {
      const repo = sentimentRepository(db)
      expect(await repo.insert(ITEMS)).toBe(ITEMS.length)
      expect(await repo.insert(ITEMS.slice(0, 2))).toBe(0)
      expect(await repo.insert([])).toBe(0)
    })

    it('answers hourly and daily history per symbol in UTC buckets', async () => {
      const repo = sentimentRepository(db)
      const hourly = await repo.history({
        symbol: 'TSLA',
        from: at('2024-03-01T00:00:00Z'),
        to: at('2024-03-03T00:00:00Z'),
        interval: 'hour',
      })
      expect(hourly.map((h) => h.bucket.toISOString())).toEqual([
        '2024-03-01T09:00:00.000Z',
        '2024-03-01T10:00:00.000Z',
        '2024-03-02T23:00:00.000Z',
      ])
      expect(hourly[0]).toMatchObject({ count: 2, positive: 1, negative: 1, neutral: 0 })
      expect(hourly[0]!.meanScore).toBeCloseTo(0.1, 10)
      const daily = await repo.history({
        symbol: 'TSLA',
        from: at('2024-03-01T00:00:00Z'),
        to: at('2024-03-03T00:00:00Z'),
        interval: 'day',
      })
      expect(daily).toHaveLength(2)
      expect(daily[0]).toMatchObject({ count: 3, positive: 1, negative: 1, neutral: 1 })
      expect(daily[0]!.meanScore).toBeCloseTo(0.1, 10)
      expect(daily[1]).toMatchObject({ count: 1, positive: 1 })
    })

    it('aggregates several symbols over a range, including symbols with no items', async () => {
      const repo = sentimentRepository(db)
      const agg = await repo.aggregate({
        symbols: ['TSLA', 'AAPL', 'NONE'],
        from: at('2024-03-01T00:00:00Z'),
        to: at('2024-03-04T00:00:00Z'),
      })
      expect(agg.map((a) => a.symbol)).toEqual(['AAPL', 'NONE', 'TSLA'])
      expect(agg[0]).toMatchObject({ count: 1, negative: 1, positive: 0 })
      expect(agg[0]!.meanScore).toBeCloseTo(-0.9, 10)
      expect(agg[1]).toMatchObject({ count: 0, meanScore: 0, positive: 0, negative: 0, neutral: 0 })
      expect(agg[2]).toMatchObject({ count: 4, positive: 2, negative: 1, neutral: 1 })
      expect(agg[2]!.meanScore).toBeCloseTo(0.2, 10)
    })
  })
}

describeStore('PGlite', async () => {
  const db = await createPgliteDatabase()
  return { db, close: () => db.close() }
})

describeStore('PostgreSQL', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'ml_sentiment')
  const db = await createPgDatabase({ connectionString: t.url })
  return {
    db,
    async close() {
      await db.close()
      await t.drop()
    },
  }
})
