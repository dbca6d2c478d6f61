/**
 * Market history in columns and the alignment conventions of its consumers. Each symbol's history is one
 * `OhlcvColumns` in increasing date order; range reads are views (no copy), and aligning several symbols is a merge
 * of sorted date indexes rather than sets and sorts. See docs/analytics.md ("Market history").
 */
import type { Bar, OhlcvColumns } from './bars.ts'

/** First index whose date is >= `date` (dates sorted, ISO strings compare as dates). */
function lowerBound(dates: readonly string[], date: string): number {
  let lo = 0
  let hi = dates.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (dates[mid]! < date) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The bars of `h` with `from <= date <= to` (bounds optional). The price columns are views on the same memory, so
 * a cached history serves any range without copying; callers must not write into them.
 */
export function sliceHistory(h: OhlcvColumns, from?: string, to?: string): OhlcvColumns {
  const a = from ? lowerBound(h.dates, from) : 0
  const b = to ? lowerBound(h.dates, `${to}\u0000`) : h.dates.length
  if (a === 0 && b === h.dates.length) return h
  const end = Math.max(a, b)
  return {
    dates: h.dates.slice(a, end),
    open: h.open.subarray(a, end),
    high: h.high.subarray(a, end),
    low: h.low.subarray(a, end),
    close: h.close.subarray(a, end),
    volume: h.volume.subarray(a, end),
  }
}

/**
 * Up to `count` bars of `h` as objects, starting at the first date after `after` (a keyset page: the bars route
 * serves its pages from the cached history columns this way instead of a database read per page).
 */
export function barsAfter(h: OhlcvColumns, after: string | undefined, count: number): Bar[] {
  const a = after === undefined ? 0 : lowerBound(h.dates, `${after}\u0000`)
  const end = Math.min(h.dates.length, a + Math.max(0, count))
  const out: Bar[] = new Array(end - a)
  for (let i = a; i < end; i++)
    out[i - a] = {
      date: h.dates[i]!,
      open: h.open[i]!,
      high: h.high[i]!,
      low: h.low[i]!,
      close: h.close[i]!,
      volume: h.volume[i]!,
    }
  return out
}

/**
 * What the calendar merges compare, per series: the day numbers where every series has them (cached histories and
 * what the compute wire rebuilds carry theirs), else the ISO date strings (which sort the same way), and whether
 * they are all one calendar (then no merge is needed).
 */
function calendarKeys(dates: readonly (readonly string[])[]): {
  keys: readonly ArrayLike<number | string>[]
  days: Int32Array[] | undefined
  shared: boolean
} {
  const days = dates.map(knownDays)
  if (!days.every((d) => d !== undefined)) return { keys: dates, days: undefined, shared: false }
  const d0 = days[0]!
  return { keys: days, days, shared: days.every((d) => d === d0 || sameDays(d, d0)) }
}

/**
 * Closes on the union of every series' dates, for estimators that work pairwise (sample covariance and
 * `sampleCorr` use the days both series have): NaN before a series starts, and a day a series skips after it has
 * started carries its last close forward (a missing quote is no move, not a missing observation). Series that share
 * one calendar (by their day numbers) take it whole.
 */
export function alignClosesPairwise(series: readonly OhlcvColumns[]): {
  dates: string[]
  closes: Float64Array[]
} {
  const k = series.length
  if (k === 0) return { dates: [], closes: [] }
  const { keys, days, shared } = calendarKeys(series.map((s) => s.dates))
  if (shared) {
    const dates = series[0]!.dates.slice()
    rememberDays(dates, days![0]!)
    return { dates, closes: series.map((s) => Float64Array.from(s.close)) }
  }
  const pos = new Int32Array(k)
  const dates: string[] = []
  const union: (number | string)[] = []
  // k-way merge of sorted date indexes: O(total x k) with k small, no set and no sort
  for (;;) {
    let next: number | string | undefined
    let from = -1
    for (let j = 0; j < k; j++) {
      const d = keys[j]![pos[j]!]
      if (d !== undefined && (next === undefined || d < next)) {
        next = d
        from = j
      }
    }
    if (next === undefined) break
    union.push(next)
    dates.push(series[from]!.dates[pos[from]!]!)
    for (let j = 0; j < k; j++) if (keys[j]![pos[j]!] === next) pos[j]!++
  }
  if (days) rememberDays(dates, Int32Array.from(union as number[]))
  const n = dates.length
  const closes = series.map((s, j) => {
    const own = keys[j]!
    const col = new Float64Array(n)
    let p = 0
    let last = Number.NaN
    for (let i = 0; i < n; i++) {
      if (own[p] === union[i]) last = s.close[p++]!
      col[i] = last
    }
    return col
  })
  return { dates, closes }
}

/**
 * The dates every series has (their intersection) and, per series, the index of each of those dates in it: the
 * basket engine's convention (it trades only on days every member is quoted, so nothing is filled in). Members that
 * share one calendar (by their day numbers: the usual case) take it whole: the dates are the first member's own
 * array (so what is memoised per dates array, a curve's JSON prefixes and stored day steps, is reused by every
 * basket over those histories); the dates and index arrays are read only.
 */
export function commonDates(seriesDates: readonly (readonly string[])[]): {
  dates: readonly string[]
  index: Int32Array[]
} {
  const k = seriesDates.length
  if (k === 0) return { dates: [], index: [] }
  const first = seriesDates[0]!
  const { keys, days, shared } = calendarKeys(seriesDates)
  if (shared) {
    const all = new Int32Array(first.length)
    for (let i = 0; i < all.length; i++) all[i] = i
    rememberDays(first, days![0]!)
    return { dates: first, index: seriesDates.map(() => all) }
  }
  const k0 = keys[0]!
  const hits = seriesDates.map(() => new Int32Array(first.length))
  const pos = new Int32Array(k)
  let n = 0
  outer: for (let i = 0; i < first.length; i++) {
    const d = k0[i]!
    for (let j = 1; j < k; j++) {
      const s = keys[j]!
      let p = pos[j]!
      while (p < s.length && s[p]! < d) p++
      pos[j] = p
      if (s[p] !== d) continue outer
    }
    hits[0]![n] = i
    for (let j = 1; j < k; j++) hits[j]![n] = pos[j]!
    n++
  }
  const index = hits.map((h) => h.slice(0, n))
  const dates = Array.from(index[0]!, (i) => first[i]!)
  if (days)
    rememberDays(
      dates,
      index[0]!.map((i) => days[0]![i]!),
    )
  return { dates, index }
}

/** Whether two day-number arrays hold the same days. */
export function sameDays(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const DAY_MS = 86_400_000

/** Days since 1970-01-01 of an ISO date (the compact date index of cached histories). */
export function isoToEpochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** ISO date of a day number (inverse of `isoToEpochDay`), without a Date object per call. */
export function epochDayToIso(day: number): string {
  // civil_from_days (H. Hinnant), exact for the proleptic Gregorian calendar
  const z = day + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return `${y}-${pad2(m)}-${pad2(d)}`
}

// Day numbers already known for a dates array: a decoded history has them (its dates were formatted from them),
// so code that needs day numbers (the compute wire) does not parse 3,000 date strings again.
const daysOfDates = new WeakMap<readonly string[], Int32Array>()

/** Records that `days[i]` is the day number of `dates[i]` for every i (both read only from then on). */
export function rememberDays(dates: readonly string[], days: Int32Array): void {
  if (days.length === dates.length) daysOfDates.set(dates, days)
}

/** The day numbers recorded for `dates` by `rememberDays`, if any. */
export function knownDays(dates: readonly string[]): Int32Array | undefined {
  return daysOfDates.get(dates)
}

// Calendars repeat across symbols, requests and stored results: a day number is formatted once per thread.
const isoOfDay = new Map<number, string>()

/** `epochDayToIso` through a bounded memo (100,000 days), for the hot paths that format whole calendars. */
export function epochDayToIsoCached(day: number): string {
  let s = isoOfDay.get(day)
  if (s === undefined) {
    s = epochDayToIso(day)
    if (isoOfDay.size < 100_000) isoOfDay.set(day, s)
  }
  return s
}
