import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { barsToColumns, type OhlcvColumns, parseCsvRecords, yahooRowsToBars } from '@supernova/core'

// packages/testing/src -> the repository root; the shared reference data sits beside the repository.
const repoRoot = resolve(import.meta.dirname, '../../..')

/** Path of a file in the shared reference data (`../shared/data` from the repository root). */
export function sharedDataPath(...parts: string[]): string {
  const root = join(repoRoot, '..', 'shared', 'data')
  if (!existsSync(root))
    throw new Error(`shared reference data not found at ${root} (expected beside the repository)`)
  return join(root, ...parts)
}

/** A fixture's CSV records, read through the importer's parser. */
function readRecords(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsvRecords(readFileSync(file, 'utf8'))
  if (!header) throw new Error(`${file} is empty`)
  return { header, rows }
}

/**
 * An OHLCV fixture (backtrader and Yahoo layouts, `backtrader/nvda-1999-2014.txt`) as columns, converted by the
 * importer's row converter; a rejected row fails loudly, since reference figures assume every bar is kept.
 */
export function readOhlcvFixture(...parts: string[]): OhlcvColumns {
  const file = sharedDataPath(...parts)
  const { header, rows } = readRecords(file)
  const { bars, rejected } = yahooRowsToBars(header, rows)
  if (rejected.length)
    throw new Error(`${file}: ${rejected.length} rows rejected, first: ${rejected[0]!.reason}`)
  return barsToColumns(bars)
}

/** A wide price-table fixture (`date,TICKER,...`, blanks before listing) as dates, tickers and NaN-padded columns. */
export function readPriceTableFixture(...parts: string[]): {
  dates: string[]
  tickers: string[]
  series: Float64Array[]
} {
  const { header, rows } = readRecords(sharedDataPath(...parts))
  const tickers = header.slice(1)
  const series = tickers.map(() => new Float64Array(rows.length))
  const dates = rows.map((r, i) => {
    for (let j = 0; j < tickers.length; j++) {
      const s = r[j + 1]
      series[j]![i] = s === undefined || s === '' ? Number.NaN : Number(s)
    }
    return r[0]!
  })
  return { dates, tickers, series }
}
