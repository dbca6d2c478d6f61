import { marketHistory, warmHistories } from '@supernova/api'
import { createCache, marketKeys, marketTags, memoryL2 } from '@supernova/cache'
import {
  alignClosesPairwise,
  type Bar,
  commonDates,
  generateUniverseBars,
  NotFoundError,
  SAMPLE_UNIVERSE,
} from '@supernova/core'
import { marketRepository, migrate, PGLITE_HISTORY_CHUNK, type SqlDatabase } from '@supernova/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const cols = (rows: readonly Bar[]) => ({
  dates: rows.map((r) => r.date),
  open: rows.map((r) => r.open),
  high: rows.map((r) => r.high),
  low: rows.map((r) => r.low),
  close: rows.map((r) => r.close),
  volume: rows.map((r) => r.volume),
})
const plain = (h: {
  dates: readonly string[]
  open: ArrayLike<number>
  high: ArrayLike<number>
  low: ArrayLike<number>
  close: ArrayLike<number>
  volume: ArrayLike<number>
}) => ({
  dates: [...h.dates],
  open: Array.from(h.open),
  high: Array.from(h.high),
  low: Array.from(h.low),
  close: Array.from(h.close),
  volume: Array.from(h.volume),
})

/** What `fn` resolves to and the names of the statements it ran on `db`, in order. */
async function named<T>(db: SqlDatabase, fn: () => Promise<T>): Promise<{ value: T; names: string[] }> {
  const names: string[] = []
  const stop = db.observe((e) => names.push(e.name))
  try {
    return { value: await fn(), names }
  } finally {
    stop()
  }
}

/**
 * The market-history read path against one database adapter: columns equal to the row read, one query for many
 * symbols, the cache tiers (binary in L2), invalidation by the importer's tag, unknown symbols, and the two
 * alignment conventions computed the way the routes computed them from rows.
 */
export function describeMarketHistory(
  name: string,
  open: () => Promise<{ db: SqlDatabase; close(): Promise<void> }>,
): void {
  describe(`market history (${name})`, () => {
    let db: SqlDatabase
    let close: () => Promise<void>
    const universe = SAMPLE_UNIVERSE.slice(0, 4)
    const [a, b, c, empty] = universe.map((s) => s.symbol) as [string, string, string, string]

    beforeAll(async () => {
      ;({ db, close } = await open())
      await migrate(db)
      const market = marketRepository(db)
      await market.upsertSymbols(universe)
      const [ha, hb, hc] = generateUniverseBars(universe.slice(0, 3), {
        from: '2021-01-04',
        to: '2022-06-30',
      })
      await market.upsertBars(ha!)
      // b starts later; c misses every fifth day (gaps after its start)
      const startB = hb!.dates.indexOf('2021-03-01')
      await market.upsertBars({
        symbol: hb!.symbol,
        dates: hb!.dates.slice(startB),
        open: hb!.open.slice(startB),
        high: hb!.high.slice(startB),
        low: hb!.low.slice(startB),
        close: hb!.close.slice(startB),
        volume: hb!.volume.slice(startB),
      })
      const keep = hc!.dates.map((_, i) => i).filter((i) => i % 5 !== 3)
      const pick = (x: Float64Array) => Float64Array.from(keep, (i) => x[i]!)
      await market.upsertBars({
        symbol: hc!.symbol,
        dates: keep.map((i) => hc!.dates[i]!),
        open: pick(hc!.open),
        high: pick(hc!.high),
        low: pick(hc!.low),
        close: pick(hc!.close),
        volume: pick(hc!.volume),
      })
    })
    afterAll(async () => {
      await close?.()
    })

    it('reads many symbols at once (one query per chunk of symbols on PGlite), as columns equal to the row read', async () => {
      const market = marketRepository(db)
      const { value: got, names } = await named(db, () => market.historyColumns([a, b, c, empty, 'NOPE']))
      // PGlite: one aggregated statement per chunk of symbols; PostgreSQL: the existence check and one row read per
      // symbol, in parallel
      if (db.kind === 'pglite')
        expect(names).toEqual(Array(Math.ceil(5 / PGLITE_HISTORY_CHUNK)).fill('bars.history'))
      else expect(names.sort()).toEqual([...Array(5).fill('bars.range'), 'symbols.exist'])
      expect([...got.keys()].sort()).toEqual([a, b, c, empty].sort())
      for (const s of [a, b, c, empty])
        expect(plain(got.get(s)!)).toEqual(cols(await market.getBars(s, { limit: 50_000 })))
      expect(got.get(empty)!.dates).toEqual([])
    })

    it('serves ranges from L1, L2 (binary) and the database with the same columns', async () => {
      const market = marketRepository(db)
      const cache = createCache({ l2: memoryL2() })
      const history = marketHistory({ market, cache })
      const range = { from: '2021-02-15', to: '2022-01-31' }
      const first = await history.read([a, b, c], range)
      expect(first.sources).toEqual({ miss: 3 })
      const second = await history.read([a, b, c], range)
      expect(second.sources).toEqual({ l1: 3 })
      cache.clearLocal()
      const fromL2 = await marketHistory({ market, cache }).read([a, b, c], range)
      expect(fromL2.sources).toEqual({ l2: 3 })
      for (const [i, s] of [a, b, c].entries()) {
        const rows = cols(await market.getBars(s, { ...range, limit: 50_000 }))
        for (const r of [first, second, fromL2]) {
          expect(r.series[i]!.symbol).toBe(s)
          expect(plain(r.series[i]!)).toEqual(rows)
          // shared memory: a compute worker gets views on the same bytes, not a copy per job
          expect(r.series[i]!.close.buffer).toBeInstanceOf(SharedArrayBuffer)
        }
      }
      await cache.close()
    })

    it('preloads the symbols read before a restart first, then listed ones, skipping symbols that are gone', async () => {
      const market = marketRepository(db)
      const cache = createCache({ l2: memoryL2() })
      await cache.set(marketKeys.recentHistories(), [c, 'GONE'])
      const history = marketHistory({ market, cache })
      expect(await warmHistories(history, market, 3)).toEqual({ recent: 1, listed: 2 })
      // a preload is not a use
      expect(await history.recent()).toEqual([c, 'GONE'])
      const listed = (await market.listSymbols({ limit: 4 }))
        .map((s) => s.symbol)
        .filter((s) => s !== c)
        .slice(0, 2)
      const read = await history.read([c, ...listed])
      expect(read.sources).toEqual({ l1: 3 })
      expect(await history.recent()).toEqual([...listed].reverse().concat([c, 'GONE']))
      await cache.close()
    })

    it('sees an import once the importer invalidates the symbol tag, and keeps the others', async () => {
      const market = marketRepository(db)
      const cache = createCache()
      const history = marketHistory({ market, cache })
      const before = await history.read([a, b])
      const last = before.series[0]!.dates.at(-1)!
      await market.upsertBars({
        symbol: a,
        dates: ['2022-07-01'],
        open: Float64Array.of(10),
        high: Float64Array.of(12),
        low: Float64Array.of(9),
        close: Float64Array.of(11),
        volume: Float64Array.of(1000),
      })
      // the importer's invalidation (packages/server import.ts): tag sym:SYMBOL
      await cache.deleteByTag(marketTags.symbol(a))
      const after = await history.read([a, b])
      expect(after.sources).toEqual({ miss: 1, l1: 1 })
      expect(last < '2022-07-01').toBe(true)
      expect(after.series[0]!.dates.at(-1)).toBe('2022-07-01')
      expect(after.series[0]!.close.at(-1)).toBe(11)
      expect(plain(after.series[1]!)).toEqual(plain(before.series[1]!))
      await history.invalidate([a])
      expect((await history.read([a])).sources).toEqual({ miss: 1 })
      await cache.close()
    })

    it('reads each symbol’s newest close without its history, leaving out unknown symbols and empty ones', async () => {
      const market = marketRepository(db)
      const { value: got, names } = await named(db, () => market.latestCloses([a, b, c, empty, 'NOPE']))
      expect(names).toEqual(['bars.latest_close'])
      expect([...got.keys()].sort()).toEqual([a, b, c].sort())
      for (const s of [a, b, c]) expect(got.get(s)).toBe((await market.getBars(s, {})).at(-1)!.close)
      expect(await market.latestCloses([])).toEqual(new Map())
    })

    it('names every unknown symbol and answers empty columns for a symbol without bars', async () => {
      const history = marketHistory({ market: marketRepository(db) })
      await expect(history.read([a, 'NOPE1', 'NOPE2'])).rejects.toThrow(NotFoundError)
      await expect(history.read([a, 'NOPE1', 'NOPE2'])).rejects.toThrow(/NOPE1, NOPE2/)
      const r = await history.read([empty])
      expect(r.sources).toEqual({ db: 1 })
      expect(r.series[0]!.dates).toEqual([])
    })

    it('aligns as the routes did from rows: pairwise union with carry-forward, and common dates', async () => {
      const market = marketRepository(db)
      const { series } = await marketHistory({ market }).read([a, b, c])
      const all = await Promise.all([a, b, c].map((s) => market.getBars(s, { limit: 50_000 })))
      // the portfolio route's former alignment, verbatim
      const dates = [...new Set(all.flatMap((rows) => rows.map((r) => r.date)))].sort()
      const at = new Map(dates.map((d, i) => [d, i]))
      const prices = all.map((rows) => {
        const col = new Float64Array(dates.length).fill(Number.NaN)
        for (const r of rows) col[at.get(r.date)!] = r.close
        for (let i = 1; i < col.length; i++)
          if (Number.isNaN(col[i]!) && !Number.isNaN(col[i - 1]!)) col[i] = col[i - 1]!
        return col
      })
      const aligned = alignClosesPairwise(series)
      expect(aligned.dates).toEqual(dates)
      expect(aligned.closes.map((x) => Array.from(x))).toEqual(prices.map((x) => Array.from(x)))
      // the basket engine's former alignment, verbatim
      const sets = all.map((rows) => new Set(rows.map((r) => r.date)))
      const common = all[0]!.map((r) => r.date).filter((d) => sets.every((s) => s.has(d)))
      expect(commonDates(series.map((s) => s.dates)).dates).toEqual(common)
    })
  })
}
