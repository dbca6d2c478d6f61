import type { SqlDatabase } from '@supernova/db'
import type { SentimentModel, SentimentResult } from './port.ts'
import {
  type SentimentInterval,
  type SentimentItem,
  type SentimentRepository,
  type SentimentStats,
  sentimentRepository,
  toSentimentItem,
} from './store.ts'
import { extractTickers } from './tickers.ts'

/** A text to score and store; without `symbol` the tickers it mentions are used. */
export interface IngestItem {
  text: string
  symbol?: string
  time?: Date
  source?: string
}

export interface SentimentServiceOptions {
  model: SentimentModel & { counters?: object; breakerState?: string }
  db: SqlDatabase
  /** Symbols whose bare mentions count as tickers; default: the `symbols` table, reloaded every 5 minutes. */
  knownSymbols?: () => Promise<Iterable<string>>
}

const KNOWN_TTL_MS = 5 * 60_000

/** What the API needs: score now, score-and-store, history and aggregates. */
export function sentimentService(options: SentimentServiceOptions) {
  const repo: SentimentRepository = sentimentRepository(options.db)
  const loadKnown =
    options.knownSymbols ??
    (async () => {
      const r = await options.db.query<{ symbol: string }>('select symbol from symbols', [], {
        name: 'sentiment.known_symbols',
      })
      return r.rows.map((x) => x.symbol)
    })
  const listeners = new Set<(symbols: readonly string[]) => void>()
  let known: { at: number; set: Set<string> } | undefined
  const knownSymbols = async (): Promise<Set<string>> => {
    if (!known || Date.now() - known.at > KNOWN_TTL_MS) {
      // a missing table or a hiccup means cashtag-only extraction, not a failed request
      const list = await loadKnown().catch(() => [] as string[])
      known = { at: Date.now(), set: new Set(list) }
    }
    return known.set
  }

  return {
    model: options.model,
    score: (texts: readonly string[]) => options.model.score(texts),
    /** Scores items and stores one row per (item, symbol); items naming no symbol are scored but not stored. */
    async ingest(items: readonly IngestItem[]): Promise<{
      results: (SentimentResult & { symbols: string[] })[]
      stored: number
    }> {
      const scored = await options.model.score(items.map((i) => i.text))
      const set = await knownSymbols()
      const rows: SentimentItem[] = []
      const results = items.map((item, i) => {
        const symbols = item.symbol ? [item.symbol.toUpperCase()] : extractTickers(item.text, { known: set })
        for (const symbol of symbols)
          rows.push(toSentimentItem(scored[i]!, item.text, { symbol, time: item.time, source: item.source }))
        return { ...scored[i]!, symbols }
      })
      const stored = await repo.insert(rows)
      if (rows.length > 0) for (const listener of listeners) listener([...new Set(rows.map((r) => r.symbol))])
      return { results, stored }
    },
    /** Calls `listener` with the symbols of each batch of rows this service stored; returns its unsubscribe. */
    onStored(listener: (symbols: readonly string[]) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    history: (q: { symbol: string; from: Date; to: Date; interval: SentimentInterval }) => repo.history(q),
    aggregate: (q: {
      symbols: readonly string[]
      from: Date
      to: Date
    }): Promise<(SentimentStats & { symbol: string })[]> => repo.aggregate(q),
    /** Counters of the model adapter (SageMaker: invocations, fallbacks, breaker...), for metrics. */
    stats(): Record<string, unknown> {
      return {
        model: options.model.name,
        ...(options.model.counters ?? {}),
        ...(options.model.breakerState ? { breakerState: options.model.breakerState } : {}),
      }
    },
  }
}
export type SentimentService = ReturnType<typeof sentimentService>

/**
 * The service's counters in the shape `monitor.addCounterSource()` takes (packages/metrics), so one line in the
 * monitoring wiring exports them: `sentiment_events_total{event="fallbacks"}` and friends.
 */
export function sentimentCounterSource(service: Pick<SentimentService, 'stats'>) {
  return {
    name: 'sentiment_events_total',
    help: 'Sentiment adapter counts: requests, texts, cache hits/misses, invocations, retries, timeouts, fallbacks, breaker opens.',
    label: 'event',
    read(): Record<string, number> {
      const out: Record<string, number> = {}
      for (const [k, v] of Object.entries(service.stats())) if (typeof v === 'number') out[k] = v
      return out
    },
  }
}
