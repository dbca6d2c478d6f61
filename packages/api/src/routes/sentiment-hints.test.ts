import { describe, expect, it } from 'vitest'
import { type SentimentAggregates, sentimentHintsFromAggregate } from './sentiment-hints.ts'

/** A store whose aggregate answers from `scores` and counts its queries; `store` tells its listeners. */
function fakeStore(scores: Record<string, number>) {
  const listeners = new Set<(symbols: readonly string[]) => void>()
  let fail = false
  const store = {
    queries: 0,
    async aggregate({ symbols }) {
      store.queries++
      if (fail) throw new Error('database down')
      return symbols.map((symbol) => ({
        symbol,
        count: symbol in scores ? 10 : 0,
        meanScore: scores[symbol] ?? 0,
      }))
    },
    onStored(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    store(symbol: string, score: number) {
      scores[symbol] = score
      for (const l of listeners) l([symbol])
    },
    failing(v: boolean) {
      fail = v
    },
  } satisfies SentimentAggregates & Record<string, unknown>
  return store
}

describe('sentimentHintsFromAggregate', () => {
  it('reads a symbol once per ttl, and again at once after this process stores its rows', async () => {
    let t = 1_000_000
    const store = fakeStore({ AAPL: 0.4 })
    const hints = sentimentHintsFromAggregate(store, { ttlMs: 60_000, now: () => t })
    expect(await hints.hint('AAPL')).toEqual({ score: 0.4, confidence: 0.5, source: 'sentiment 30d' })
    expect(await hints.hint('AAPL')).toMatchObject({ score: 0.4 })
    expect(store.queries).toBe(1)
    // no rows: no hint, memoised as well
    expect(await hints.hint('MSFT')).toBeUndefined()
    expect(await hints.hint('MSFT')).toBeUndefined()
    expect(store.queries).toBe(2)
    store.store('MSFT', -0.6)
    expect(await hints.hint('MSFT')).toMatchObject({ score: -0.6 })
    expect(store.queries).toBe(3)
    t += 60_000
    store.store('ZZZ', 0) // another symbol's rows leave AAPL's hint alone; its age does not
    expect(await hints.hint('AAPL')).toMatchObject({ score: 0.4 })
    expect(store.queries).toBe(4)
    expect(hints.stats()).toEqual({ memo: 2, query: 4, prefetched: 0 })
  })

  it('does not keep a failed read, and reads every time with ttlMs 0', async () => {
    const store = fakeStore({ AAPL: 0.4 })
    const hints = sentimentHintsFromAggregate(store)
    store.failing(true)
    await expect(hints.hint('AAPL')).rejects.toThrow(/database down/)
    store.failing(false)
    expect(await hints.hint('AAPL')).toMatchObject({ score: 0.4 })
    expect(store.queries).toBe(2)
    const uncached = sentimentHintsFromAggregate(store, { ttlMs: 0 })
    await uncached.hint('AAPL')
    await uncached.hint('AAPL')
    expect(store.queries).toBe(4)
  })

  it('prefetches a set of symbols in one query, which later hints reuse (and stores still drop)', async () => {
    const store = fakeStore({ AAPL: 0.4, MSFT: -0.2 })
    const hints = sentimentHintsFromAggregate(store)
    expect(await hints.prefetch(['AAPL', 'MSFT', 'NONE', 'AAPL'])).toBe(3)
    expect(store.queries).toBe(1)
    expect(await hints.hint('AAPL')).toMatchObject({ score: 0.4 })
    expect(await hints.hint('MSFT')).toMatchObject({ score: -0.2 })
    expect(await hints.hint('NONE')).toBeUndefined()
    expect(store.queries).toBe(1)
    store.store('AAPL', 0.9)
    expect(await hints.hint('AAPL')).toMatchObject({ score: 0.9 })
    expect(store.queries).toBe(2)
    expect(hints.stats()).toEqual({ memo: 3, query: 1, prefetched: 3 })
    // nothing to read, or nothing kept: no query
    expect(await hints.prefetch([])).toBe(0)
    expect(await sentimentHintsFromAggregate(store, { ttlMs: 0 }).prefetch(['AAPL'])).toBe(0)
    expect(store.queries).toBe(2)
    // a failed prefetch rejects and keeps nothing
    store.failing(true)
    await expect(hints.prefetch(['MSFT', 'ZZZ'])).rejects.toThrow(/database down/)
    store.failing(false)
    expect(await hints.hint('ZZZ')).toBeUndefined()
    expect(store.queries).toBe(4)
  })

  it('keeps at most maxSymbols hints, dropping the oldest', async () => {
    const store = fakeStore({ A: 0.1, B: 0.2, C: 0.3 })
    const hints = sentimentHintsFromAggregate(store, { maxSymbols: 2 })
    for (const s of ['A', 'B', 'C', 'B']) await hints.hint(s)
    expect(store.queries).toBe(3)
    await hints.hint('A') // dropped when C came in
    expect(store.queries).toBe(4)
  })
})
