import { createHash } from 'node:crypto'
import type { SqlDatabase } from '@supernova/db'
import type { SentimentLabel, SentimentResult } from './port.ts'

/** One scored text attributed to one symbol. */
export interface SentimentItem {
  symbol: string
  time: Date
  source: string
  textHash: string
  label: SentimentLabel
  score: number
  model: string
  fallback?: boolean
}

/** Label counts and mean score over a set of items. */
export interface SentimentStats {
  count: number
  meanScore: number
  positive: number
  negative: number
  neutral: number
}

export type SentimentInterval = 'hour' | 'day'

/** Content hash stored instead of the text (the table never holds third-party text). */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32)

/** Builds the row for a scored text. */
export function toSentimentItem(
  r: SentimentResult,
  text: string,
  at: { symbol: string; time?: Date; source?: string },
): SentimentItem {
  return {
    symbol: at.symbol,
    time: at.time ?? new Date(),
    source: at.source ?? 'api',
    textHash: textHash(text),
    label: r.label,
    score: Math.max(-1, Math.min(1, r.score)),
    model: r.model,
    fallback: r.fallback ?? false,
  }
}

const STATS = `count(*)::int8 as count, coalesce(avg(score), 0)::float8 as "meanScore",
  count(*) filter (where label = 'positive')::int8 as positive,
  count(*) filter (where label = 'negative')::int8 as negative,
  count(*) filter (where label = 'neutral')::int8 as neutral`

/** Sentiment rows and the history/aggregate queries the API serves. */
export function sentimentRepository(db: SqlDatabase) {
  return {
    /** Inserts items in one statement; duplicates (same symbol, source, text, time) are ignored. Returns rows added. */
    async insert(items: readonly SentimentItem[]): Promise<number> {
      if (items.length === 0) return 0
      const r = await db.query(
        `insert into sentiment_items (symbol, ts, source, text_hash, label, score, model, fallback)
         select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::boolean[])
         on conflict do nothing`,
        [
          items.map((i) => i.symbol),
          items.map((i) => i.time.toISOString()),
          items.map((i) => i.source),
          items.map((i) => i.textHash),
          items.map((i) => i.label),
          items.map((i) => i.score),
          items.map((i) => i.model),
          items.map((i) => i.fallback ?? false),
        ],
        { name: 'sentiment.insert' },
      )
      return r.rowCount
    },

    /** Per-bucket stats for one symbol in [from, to), buckets in UTC, oldest first; empty buckets are omitted. */
    async history(q: {
      symbol: string
      from: Date
      to: Date
      interval: SentimentInterval
    }): Promise<(SentimentStats & { bucket: Date })[]> {
      const r = await db.query<SentimentStats & { bucket: Date }>(
        `select date_trunc($4, ts, 'UTC') as bucket, ${STATS}
         from sentiment_items where symbol = $1 and ts >= $2 and ts < $3
         group by 1 order by 1`,
        [q.symbol, q.from.toISOString(), q.to.toISOString(), q.interval],
        { name: 'sentiment.history' },
      )
      return r.rows
    },

    /** Stats per symbol over [from, to); symbols with no items come back with zero counts. */
    async aggregate(q: {
      symbols: readonly string[]
      from: Date
      to: Date
    }): Promise<(SentimentStats & { symbol: string })[]> {
      const r = await db.query<SentimentStats & { symbol: string }>(
        `select s.symbol, ${STATS.replaceAll('count(*)', 'count(i.id)')}
         from unnest($1::text[]) as s(symbol)
         left join sentiment_items i on i.symbol = s.symbol and i.ts >= $2 and i.ts < $3
         group by s.symbol order by s.symbol`,
        [q.symbols, q.from.toISOString(), q.to.toISOString()],
        { name: 'sentiment.aggregate' },
      )
      return r.rows
    },
  }
}
export type SentimentRepository = ReturnType<typeof sentimentRepository>
