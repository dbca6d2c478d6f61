import { ValidationError } from '../errors.ts'
import type { OhlcvColumns } from '../market/bars.ts'

/** Parses `Date,Open,High,Low,Close[,Adj Close],Volume...` CSV (backtrader and Yahoo layouts) into columns. */
export function parseOhlcvCsv(text: string): OhlcvColumns {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase())
  const col = (name: string) => header.indexOf(name)
  const idx = {
    date: col('date'),
    open: col('open'),
    high: col('high'),
    low: col('low'),
    close: col('close'),
  }
  for (const [k, v] of Object.entries(idx)) if (v < 0) throw new ValidationError(`CSV lacks a ${k} column`)
  const vi = col('volume')
  const n = lines.length - 1
  const out: OhlcvColumns = {
    dates: new Array<string>(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  }
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1]!.split(',')
    out.dates[i] = f[idx.date]!.trim()
    out.open[i] = Number(f[idx.open])
    out.high[i] = Number(f[idx.high])
    out.low[i] = Number(f[idx.low])
    out.close[i] = Number(f[idx.close])
    out.volume[i] = vi >= 0 ? Number(f[vi]) : 0
  }
  return out
}

/** Wide price table (`date,TICKER,...`, blanks before listing) into dates, tickers and NaN-padded columns. */
export function parsePriceTableCsv(text: string): {
  dates: string[]
  tickers: string[]
  series: Float64Array[]
} {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const tickers = (lines[0] ?? '').split(',').slice(1)
  const n = lines.length - 1
  const series = tickers.map(() => new Float64Array(n))
  const dates = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1]!.split(',')
    dates[i] = f[0]!
    for (let j = 0; j < tickers.length; j++) {
      const s = f[j + 1]
      series[j]![i] = s === undefined || s === '' ? Number.NaN : Number(s)
    }
  }
  return { dates, tickers, series }
}
