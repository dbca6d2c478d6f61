/** Daily OHLCV bar as stored and served. */
export interface Bar {
  date: string
  open: number
  high: number
  low: number
  close: number
  volume: number
}

/** Column-oriented bars: what the engines and bulk inserts want (no per-bar objects). */
export interface OhlcvColumns {
  dates: string[]
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
}

/** One symbol's bars as columns. */
export interface BarColumns extends OhlcvColumns {
  symbol: string
}

/** Bar objects (API bodies, repository rows) to columns, in the order given. */
export function barsToColumns(bars: readonly Bar[]): OhlcvColumns {
  return {
    dates: bars.map((b) => b.date),
    open: Float64Array.from(bars, (b) => b.open),
    high: Float64Array.from(bars, (b) => b.high),
    low: Float64Array.from(bars, (b) => b.low),
    close: Float64Array.from(bars, (b) => b.close),
    volume: Float64Array.from(bars, (b) => b.volume),
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Checks one bar's internal consistency; returns the reason it is rejected, or undefined when it is fine. */
export function barProblem(b: Bar): string | undefined {
  if (!isIsoDate(b.date)) return `bad date '${b.date}'`
  for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) {
    const v = b[k]
    if (!Number.isFinite(v)) return `${k} is not a number`
    if (v < 0) return `${k} is negative`
  }
  if (b.close <= 0) return 'close must be positive'
  if (b.high < Math.max(b.open, b.close, b.low) - 1e-9) return 'high is below open, close or low'
  if (b.low > Math.min(b.open, b.close, b.high) + 1e-9) return 'low is above open, close or high'
  return undefined
}
