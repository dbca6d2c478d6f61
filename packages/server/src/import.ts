import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { marketTags } from '@supernova/cache'
import {
  type Bar,
  barsToColumns,
  type CsvFormat,
  detectFormat,
  parseCsvRecords,
  type Rejection,
  wideRowsToBars,
  yahooRowsToBars,
} from '@supernova/core'
import { marketRepository, type SqlDatabase } from '@supernova/db'

export interface ImportOptions {
  format?: CsvFormat
  /** Yahoo files hold one symbol: taken from here, else from the file name (`nvda-1999-2014.txt` -> NVDA). */
  symbol?: string
  sector?: string
  /** Rescale OHLC by Adj Close / Close when the file has it. */
  adjusted?: boolean
  dryRun?: boolean
  /** Cached market reads to invalidate for each imported symbol (by `marketTags.symbol`, as the API tags them). */
  cache?: { deleteByTag(tags: string | readonly string[]): Promise<void> }
  onProgress?: (done: number, total: number, symbol: string) => void
}

export interface ImportSummary {
  file: string
  format: CsvFormat
  symbols: {
    symbol: string
    bars: number
    first: string | null
    last: string | null
    /** The newest bar's close (published as a tick after the import). */
    lastClose: number | null
  }[]
  imported: number
  rejected: Rejection[]
}

const toColumns = (symbol: string, bars: Bar[]) => ({ symbol, ...barsToColumns(bars) })

/** Imports a Yahoo-style OHLCV CSV or a wide close-price CSV into symbols and bars (upsert), reporting rejects. */
export async function importCsv(
  db: SqlDatabase,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const records = parseCsvRecords(readFileSync(file, 'utf8'))
  const [header, ...rows] = records
  if (!header) throw new Error(`${file} is empty`)
  const format = options.format ?? detectFormat(header)
  const perSymbol = new Map<string, Bar[]>()
  let rejected: Rejection[]
  if (format === 'yahoo') {
    const symbol = (options.symbol ?? basename(file).split(/[-_.]/)[0] ?? '').toUpperCase()
    if (!/^[A-Z0-9][A-Z0-9.-]{0,9}$/.test(symbol))
      throw new Error(`Cannot tell the symbol from the file name '${basename(file)}'; pass --symbol.`)
    const r = yahooRowsToBars(header, rows, { adjusted: options.adjusted })
    perSymbol.set(symbol, r.bars)
    rejected = r.rejected.map((x) => ({ ...x, symbol }))
  } else {
    const r = wideRowsToBars(header, rows)
    for (const [s, bars] of r.bySymbol) perSymbol.set(s, bars)
    rejected = r.rejected
  }
  const repo = marketRepository(db)
  const summary: ImportSummary = { file, format, symbols: [], imported: 0, rejected }
  let done = 0
  for (const [symbol, bars] of perSymbol) {
    if (!options.dryRun && bars.length) {
      const existing = await repo.getSymbol(symbol)
      if (!existing)
        await repo.upsertSymbols([
          { symbol, name: symbol, sector: options.sector ?? 'Imported', exchange: 'IMPORT', currency: 'USD' },
        ])
      // Chunked so one huge file never builds a single enormous statement.
      for (let i = 0; i < bars.length; i += 5_000)
        await repo.upsertBars(toColumns(symbol, bars.slice(i, i + 5_000)))
      // L2 and L3 (shared by every instance) are cleared now; other processes' L1 follows via the bus or its TTL.
      await options.cache?.deleteByTag(marketTags.symbol(symbol))
    }
    summary.symbols.push({
      symbol,
      bars: bars.length,
      first: bars[0]?.date ?? null,
      last: bars.at(-1)?.date ?? null,
      lastClose: bars.at(-1)?.close ?? null,
    })
    summary.imported += bars.length
    options.onProgress?.(++done, perSymbol.size, symbol)
  }
  return summary
}
