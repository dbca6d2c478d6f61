import { parse } from 'csv-parse/sync'
import type { Bar } from './bars.ts'
import { barProblem, isIsoDate } from './bars.ts'

/** One input row that was not imported, and why. */
export interface Rejection {
  line: number
  symbol?: string
  reason: string
}

export type CsvFormat = 'yahoo' | 'wide'

/**
 * The one CSV reader (csv-parse): records as trimmed strings, blank lines skipped, ragged rows kept so the row
 * converters can reject them with a line number. The importer and the test fixtures both read through it.
 */
export function parseCsvRecords(text: string): string[][] {
  return parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
}

const num = (v: string | undefined) =>
  v === undefined || v.trim() === '' || v === 'null' ? Number.NaN : Number(v)

/** Normalises the date forms seen in CSV exports (YYYY-MM-DD, YYYY/MM/DD, YYYY-MM-DD hh:mm:ss) to YYYY-MM-DD. */
export function normaliseDate(v: string): string | undefined {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$/.exec(v.trim())
  if (!m) return undefined
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return isIsoDate(d) ? d : undefined
}

/** Detects the layout from the header: Yahoo OHLCV (Date,Open,High,Low,Close[,Adj Close],Volume) or wide closes (date + one column per ticker). */
export function detectFormat(header: readonly string[]): CsvFormat {
  const h = header.map((x) => x.trim().toLowerCase())
  return ['open', 'high', 'low', 'close'].every((k) => h.includes(k)) ? 'yahoo' : 'wide'
}

/**
 * Converts Yahoo-style rows to bars. Rows with missing or inconsistent values are rejected with a reason;
 * `adjusted` rescales OHLC by Adj Close / Close when that column exists.
 */
export function yahooRowsToBars(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { adjusted?: boolean; firstLine?: number } = {},
): { bars: Bar[]; rejected: Rejection[] } {
  const h = header.map((x) => x.trim().toLowerCase())
  const col = (name: string) => h.indexOf(name)
  const iDate = col('date')
  const [iO, iH, iL, iC, iV, iA] = [
    col('open'),
    col('high'),
    col('low'),
    col('close'),
    col('volume'),
    col('adj close'),
  ]
  const bars: Bar[] = []
  const rejected: Rejection[] = []
  const seen = new Set<string>()
  for (const [k, r] of rows.entries()) {
    const line = (options.firstLine ?? 2) + k
    const date = normaliseDate(r[iDate] ?? '')
    if (!date) {
      rejected.push({ line, reason: `bad date '${r[iDate] ?? ''}'` })
      continue
    }
    if (seen.has(date)) {
      rejected.push({ line, reason: `duplicate date ${date}` })
      continue
    }
    let bar: Bar = {
      date,
      open: num(r[iO]),
      high: num(r[iH]),
      low: num(r[iL]),
      close: num(r[iC]),
      volume: iV >= 0 ? num(r[iV]) : 0,
    }
    if (options.adjusted && iA >= 0) {
      const f = num(r[iA]) / bar.close
      if (Number.isFinite(f) && f > 0)
        bar = { ...bar, open: bar.open * f, high: bar.high * f, low: bar.low * f, close: bar.close * f }
    }
    const problem = barProblem(bar)
    if (problem) {
      rejected.push({ line, reason: problem })
      continue
    }
    seen.add(date)
    bars.push(bar)
  }
  bars.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return { bars, rejected }
}

/**
 * Converts a wide close-price table (date, then one column per ticker) to bars per ticker; open = high = low =
 * close and volume 0, since only closes are known. Blank cells (before a listing) are skipped, not rejected.
 */
export function wideRowsToBars(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { firstLine?: number } = {},
): { bySymbol: Map<string, Bar[]>; rejected: Rejection[] } {
  const tickers = header.slice(1).map((t) => t.trim().toUpperCase())
  const bySymbol = new Map<string, Bar[]>(tickers.map((t) => [t, []]))
  const rejected: Rejection[] = []
  for (const [k, r] of rows.entries()) {
    const line = (options.firstLine ?? 2) + k
    const date = normaliseDate(r[0] ?? '')
    if (!date) {
      rejected.push({ line, reason: `bad date '${r[0] ?? ''}'` })
      continue
    }
    for (const [j, t] of tickers.entries()) {
      const raw = r[j + 1]
      if (raw === undefined || raw.trim() === '') continue
      const close = num(raw)
      if (!Number.isFinite(close) || close <= 0) {
        rejected.push({ line, symbol: t, reason: `close '${raw}' is not a positive number` })
        continue
      }
      bySymbol.get(t)!.push({ date, open: close, high: close, low: close, close, volume: 0 })
    }
  }
  return { bySymbol, rejected }
}
