import {
  type Bar,
  type BarColumns,
  epochDayToIso,
  NotFoundError,
  type OhlcvColumns,
  type SymbolInfo,
} from '@supernova/core'
import type { SqlDatabase } from '../port.ts'

export interface BarQuery {
  from?: string
  to?: string
  /** Keyset: only bars strictly after this date. */
  after?: string
  limit?: number
}

export interface SymbolQuery {
  limit: number
  /** Keyset: only symbols sorting after this one. */
  after?: string
  offset?: number
  sector?: string
}

const BAR_COLUMNS = 'date, open, high, low, close, volume'

/** Symbols per history statement on PGlite (ten years of one symbol is about 2,500 rows folded into arrays). */
export const PGLITE_HISTORY_CHUNK = 4

/**
 * The histories of a set of symbols on PGlite (`$1`: their names), one row per known symbol. Each history is read
 * by the (symbol, date) index through a lateral subquery. As one join grouped by symbol, the planner (PGlite keeps
 * no statistics: no autovacuum, so no ANALYZE) chose a hash join over a sequential scan of every symbol's bars: 65
 * ms for 10 histories of 53 stored, and 250 ms once the table had grown, against 25-29 ms this way (a scratch
 * comparison; `npm run bench -- analytics`, readpath, times `historyColumns`).
 */
export const HISTORY_STATEMENT = `select s.symbol, h.x
  from symbols s left join lateral (
    select encode(
      string_agg(float8send(b.open), ''::bytea order by b.date)
      || string_agg(float8send(b.high), ''::bytea order by b.date)
      || string_agg(float8send(b.low), ''::bytea order by b.date)
      || string_agg(float8send(b.close), ''::bytea order by b.date)
      || string_agg(float8send(b.volume), ''::bytea order by b.date)
      || string_agg(int4send(b.date - date '1970-01-01'), ''::bytea order by b.date), 'hex') as x
    from bars b where b.symbol = s.symbol
  ) h on true
  where s.symbol = any($1::text[])`

interface HistoryRow {
  symbol: string
  /** Hex of the packed history: open, high, low, close, volume as big-endian float8, then int4 day numbers. */
  x: string | null
}

// Calendars repeat across symbols: each day number is formatted once per process.
const isoOfDay = new Map<number, string>()

/**
 * Columns of a history packed by the database (`historyColumns` on PGlite): one hex string per symbol that
 * Buffer decodes natively, instead of five text arrays that the driver parses number by number (the slowest part
 * of a cold read, before its parser is compiled).
 */
function unpackHistory(hex: string | null): OhlcvColumns {
  const bytes = hex ? Buffer.from(hex, 'hex') : Buffer.alloc(0)
  const n = bytes.length / 44
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const col = (k: number) => {
    const a = new Float64Array(n)
    for (let i = 0, at = k * n * 8; i < n; i++, at += 8) a[i] = view.getFloat64(at, false)
    return a
  }
  const dates = new Array<string>(n)
  for (let i = 0, at = 40 * n; i < n; i++, at += 4) {
    const day = view.getInt32(at, false)
    let iso = isoOfDay.get(day)
    if (iso === undefined) {
      iso = epochDayToIso(day)
      if (isoOfDay.size < 100_000) isoOfDay.set(day, iso)
    }
    dates[i] = iso
  }
  return { dates, open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4) }
}

function rowsToColumns(rows: readonly Bar[]): OhlcvColumns {
  const n = rows.length
  const c = {
    dates: new Array<string>(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  }
  for (let i = 0; i < n; i++) {
    const r = rows[i]!
    c.dates[i] = r.date
    c.open[i] = r.open
    c.high[i] = r.high
    c.low[i] = r.low
    c.close[i] = r.close
    c.volume[i] = r.volume
  }
  return c
}

/** Market data on the SQL port: symbols and daily bars, with keyset reads for paging and streaming. */
export function marketRepository(db: SqlDatabase) {
  return {
    async listSymbols(q: SymbolQuery): Promise<SymbolInfo[]> {
      const params: unknown[] = []
      const where: string[] = []
      if (q.sector) {
        params.push(q.sector)
        where.push(`sector = $${params.length}`)
      }
      if (q.after) {
        params.push(q.after)
        where.push(`symbol > $${params.length}`)
      }
      params.push(q.limit)
      let sql = `select symbol, name, sector, exchange, currency from symbols ${where.length ? `where ${where.join(' and ')}` : ''} order by symbol limit $${params.length}`
      if (q.offset) {
        params.push(q.offset)
        sql += ` offset $${params.length}`
      }
      return (await db.query<SymbolInfo>(sql, params, { name: 'symbols.list' })).rows
    },

    async getSymbol(symbol: string): Promise<SymbolInfo | undefined> {
      const r = await db.query<SymbolInfo>(
        'select symbol, name, sector, exchange, currency from symbols where symbol = $1',
        [symbol],
        { name: 'symbols.get' },
      )
      return r.rows[0]
    },

    /** Throws NotFoundError listing every symbol of `symbols` that does not exist (one query). */
    async requireSymbols(symbols: readonly string[]): Promise<void> {
      if (symbols.length === 0) return
      const r = await db.query<{ symbol: string }>(
        'select symbol from symbols where symbol = any($1::text[])',
        [symbols],
        {
          name: 'symbols.exist',
        },
      )
      const known = new Set(r.rows.map((x) => x.symbol))
      const missing = symbols.filter((s) => !known.has(s))
      if (missing.length)
        throw new NotFoundError(`Unknown symbol(s): ${missing.join(', ')}.`, { details: { missing } })
    },

    async countSymbols(): Promise<number> {
      const r = await db.query<{ n: number }>('select count(*)::int4 as n from symbols', [], {
        name: 'symbols.count',
      })
      return r.rows[0]?.n ?? 0
    },

    async getBars(symbol: string, q: BarQuery = {}): Promise<Bar[]> {
      const params: unknown[] = [symbol]
      let sql = `select ${BAR_COLUMNS} from bars where symbol = $1`
      if (q.from) {
        params.push(q.from)
        sql += ` and date >= $${params.length}`
      }
      if (q.to) {
        params.push(q.to)
        sql += ` and date <= $${params.length}`
      }
      if (q.after) {
        params.push(q.after)
        sql += ` and date > $${params.length}`
      }
      sql += ' order by date'
      if (q.limit) {
        params.push(q.limit)
        sql += ` limit $${params.length}`
      }
      return (await db.query<Bar>(sql, params, { name: 'bars.range' })).rows
    },

    /**
     * Full histories of many symbols as columns; unknown symbols are absent from the map, a known symbol without
     * bars has empty columns. On PGlite one statement for the set, each column aggregated into an array
     * server-side, so the WASM client parses five arrays and a string per symbol instead of an object per bar (3x
     * faster than the row read). On PostgreSQL (pg, Neon) aggregating is slower than the row read (server-side sort
     * and text-array parsing), so the symbols are read in parallel over the pool, one row query each, and the
     * rows folded into columns. See `npm run bench -- analytics` (readpath).
     */
    async historyColumns(symbols: readonly string[]): Promise<Map<string, OhlcvColumns>> {
      if (db.kind !== 'pglite') {
        const [known, ...all] = await Promise.all([
          db.query<{ symbol: string }>(
            'select symbol from symbols where symbol = any($1::text[])',
            [symbols],
            {
              name: 'symbols.exist',
            },
          ),
          ...symbols.map((s) => this.getBars(s)),
        ])
        const have = new Set(known.rows.map((r) => r.symbol))
        const out = new Map<string, OhlcvColumns>()
        symbols.forEach((s, i) => {
          if (have.has(s)) out.set(s, rowsToColumns(all[i]!))
        })
        return out
      }
      const out = new Map<string, OhlcvColumns>()
      // PGlite is one session: one statement per few symbols keeps each short, and lets waiting request
      // statements (the adapter's priority gate) in between the chunks.
      for (let i = 0; i < symbols.length; i += PGLITE_HISTORY_CHUNK) {
        const chunk = symbols.slice(i, i + PGLITE_HISTORY_CHUNK)
        const r = await db.query<HistoryRow>(HISTORY_STATEMENT, [chunk], { name: 'bars.history' })
        for (const row of r.rows) out.set(row.symbol, unpackHistory(row.x))
      }
      return out
    },

    /** Reads bars of many symbols in keyset-paged chunks: memory stays flat however long the range is. */
    async *streamBars(
      symbols: readonly string[],
      q: { from?: string; to?: string; chunkSize?: number } = {},
    ): AsyncGenerator<Bar & { symbol: string }> {
      const chunk = q.chunkSize ?? 2_000
      for (const symbol of symbols) {
        let after: string | undefined
        for (;;) {
          const rows = await this.getBars(symbol, { from: q.from, to: q.to, after, limit: chunk })
          for (const r of rows) yield { symbol, ...r }
          if (rows.length < chunk) break
          after = rows.at(-1)!.date
        }
      }
    },

    async upsertSymbols(list: readonly SymbolInfo[]): Promise<number> {
      if (list.length === 0) return 0
      const r = await db.query(
        `insert into symbols (symbol, name, sector, exchange, currency)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         on conflict (symbol) do update set name = excluded.name, sector = excluded.sector,
           exchange = excluded.exchange, currency = excluded.currency`,
        [
          list.map((s) => s.symbol),
          list.map((s) => s.name),
          list.map((s) => s.sector),
          list.map((s) => s.exchange),
          list.map((s) => s.currency),
        ],
        { name: 'symbols.upsert' },
      )
      return r.rowCount
    },

    /** Bulk upsert of one symbol's bars in a single statement (arrays unnested server-side). */
    async upsertBars(cols: BarColumns): Promise<number> {
      if (cols.dates.length === 0) return 0
      const r = await db.query(
        `insert into bars (symbol, date, open, high, low, close, volume)
         select $1, * from unnest($2::date[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
         on conflict (symbol, date) do update set open = excluded.open, high = excluded.high, low = excluded.low,
           close = excluded.close, volume = excluded.volume`,
        [
          cols.symbol,
          cols.dates,
          Array.from(cols.open),
          Array.from(cols.high),
          Array.from(cols.low),
          Array.from(cols.close),
          Array.from(cols.volume),
        ],
        { name: 'bars.upsert' },
      )
      return r.rowCount
    },

    async barStats(symbol: string): Promise<{ count: number; first: string | null; last: string | null }> {
      const r = await db.query<{ count: number; first: string | null; last: string | null }>(
        'select count(*)::int4 as count, min(date) as first, max(date) as last from bars where symbol = $1',
        [symbol],
        { name: 'bars.stats' },
      )
      return r.rows[0] ?? { count: 0, first: null, last: null }
    },

    /**
     * Each symbol's newest close (one index probe per symbol); symbols without bars, or unknown, are left out. What
     * the tick simulator starts from, without reading whole histories.
     */
    async latestCloses(symbols: readonly string[]): Promise<Map<string, number>> {
      if (symbols.length === 0) return new Map()
      const r = await db.query<{ symbol: string; close: number }>(
        `select s.symbol, b.close from unnest($1::text[]) as s(symbol)
         cross join lateral (select close from bars where bars.symbol = s.symbol order by date desc limit 1) b`,
        [symbols],
        { name: 'bars.latest_close' },
      )
      return new Map(r.rows.map((x) => [x.symbol, Number(x.close)]))
    },
  }
}

export type MarketRepository = ReturnType<typeof marketRepository>
