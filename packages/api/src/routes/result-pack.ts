/**
 * The stored form of an analytics result. A backtest's answer is mostly its equity curve (one `{date, value}` per
 * bar, 3,000 for twelve years) and the closes kept for its report; as JSON objects they make the `jsonb` insert
 * parse thousands of tokens on the write path. Stored, top-level series become two strings instead: the curve as
 * `{"$equity": {"start": "2013-01-02", "steps": "1113111...", "values": <base64 float64>}}` (calendar dates as the
 * first date and one base-36 digit of days to each next date: 3 KB rather than 34 KB of dates for twelve years, and
 * on embedded PGlite an insert costs in proportion to its bytes) and a number series as `{"$f64": <base64>}`
 * (little-endian, as every platform Node runs on); rows of scalars with the same keys (trades) go by column as
 * `{"$rows": {"keys": [...], "cols": [...]}}`. Dates that are not plain ISO days, or a gap of 36 days or more,
 * keep the earlier form `"dates": "d1,d2,..."` (still read). Reading restores exactly what was answered (float64
 * bytes keep every number; only series of finite numbers and comma-free dates are packed, anything else stays).
 */
import { epochDayToIsoCached } from '@supernova/core'
import { EquitySeries } from './equity-series.ts'

const EQUITY = '$equity'
const F64 = '$f64'
/** Shorter series stay plain JSON (packing pays off on long series only). */
const MIN_PACKED = 32

const b64 = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

function fromB64(s: string): number[] {
  const bytes = Buffer.from(s, 'base64')
  const out = new Array<number>(bytes.byteLength >> 3)
  for (let i = 0; i < out.length; i++) out[i] = bytes.readDoubleLE(i * 8)
  return out
}

const iso = epochDayToIsoCached

/** The decimal number in s[a, b), NaN if any character is not a digit. */
function digits(s: string, a: number, b: number): number {
  let v = 0
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return Number.NaN
    v = v * 10 + c
  }
  return v
}

/** Day number of a `YYYY-MM-DD` string (days_from_civil, H. Hinnant), NaN for anything else; checked by the caller. */
function dayOf(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN
  const m = digits(s, 5, 7)
  const d = digits(s, 8, 10)
  const y = digits(s, 0, 4) - (m <= 2 ? 1 : 0)
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** The first date and a base-36 digit per later date (days since the one before), or undefined if any does not fit. */
function daySteps(dates: readonly string[]): { start: string; steps: string } | undefined {
  if (dates.length === 0) return undefined
  let prev = dayOf(dates[0]!)
  if (!Number.isInteger(prev) || iso(prev) !== dates[0]) return undefined
  const steps = new Array<string>(dates.length - 1)
  for (let i = 1; i < dates.length; i++) {
    const day = dayOf(dates[i]!)
    const gap = day - prev
    if (!(gap >= 1 && gap < 36) || iso(day) !== dates[i]) return undefined
    steps[i - 1] = gap.toString(36)
    prev = day
  }
  return { start: dates[0]!, steps: steps.join('') }
}

function datesOfSteps(start: string, steps: string): string[] | undefined {
  let day = dayOf(start)
  if (!Number.isInteger(day) || iso(day) !== start) return undefined
  const out = new Array<string>(steps.length + 1)
  out[0] = start
  for (let i = 0; i < steps.length; i++) {
    day += Number.parseInt(steps[i]!, 36)
    out[i + 1] = iso(day)
  }
  return out
}

/** `{$equity}` for an equity curve of `{date, value}` with finite values and comma-free dates, else undefined. */
function packEquity(v: unknown[]): unknown {
  const values = new Float64Array(v.length)
  const dates = new Array<string>(v.length)
  for (let i = 0; i < v.length; i++) {
    const p = v[i] as { date?: unknown; value?: unknown } | null
    if (p === null || typeof p !== 'object' || Object.keys(p).length !== 2) return undefined
    const { date, value } = p
    if (
      typeof date !== 'string' ||
      date.includes(',') ||
      typeof value !== 'number' ||
      !Number.isFinite(value)
    )
      return undefined
    dates[i] = date
    values[i] = value
  }
  const steps = daySteps(dates)
  return {
    [EQUITY]: steps ? { ...steps, values: b64(values) } : { dates: dates.join(','), values: b64(values) },
  }
}

const ROWS = '$rows'
const isScalar = (x: unknown) =>
  x === null || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number'

/**
 * `{$rows: {keys, cols}}` for rows of scalars that all have the same keys in the same order (a backtest's trades:
 * 220 of them were 41 KB of JSON), each column packed as a number series where it is one, else as it was.
 */
function packRows(v: unknown[]): unknown {
  const first = v[0] as Record<string, unknown>
  if (Object.getPrototypeOf(first) !== Object.prototype) return undefined
  const keys = Object.keys(first)
  if (keys.includes('__proto__')) return undefined
  const cols = keys.map(() => new Array<unknown>(v.length))
  for (let i = 0; i < v.length; i++) {
    const row = v[i] as Record<string, unknown> | null
    if (row === null || typeof row !== 'object' || Object.getPrototypeOf(row) !== Object.prototype)
      return undefined
    const rk = Object.keys(row)
    if (rk.length !== keys.length) return undefined
    for (let k = 0; k < keys.length; k++) {
      const x = row[keys[k]!]
      if (rk[k] !== keys[k] || !isScalar(x)) return undefined
      cols[k]![i] = x
    }
  }
  return { [ROWS]: { keys, cols: cols.map((c) => (typeof c[0] === 'number' && packNumbers(c)) || c) } }
}

/** `{$f64}` for a series of finite numbers (array or Float64Array), else undefined. */
function packNumbers(v: ArrayLike<unknown>): unknown {
  const a = new Float64Array(v.length)
  for (let i = 0; i < v.length; i++) {
    const x = v[i]
    if (typeof x !== 'number' || !Number.isFinite(x)) return undefined
    a[i] = x
  }
  return { [F64]: b64(a) }
}

// day steps per dates array (a symbol's cached history hands the same array to every run over it)
const stepsOf = new WeakMap<readonly string[], { start: string; steps: string } | null>()

/** `{$equity}` straight from a column series (no object per point), else undefined (then packed as objects). */
function packSeries(v: EquitySeries): unknown {
  if (v.values.length < MIN_PACKED || v.dates.some((d) => d.includes(','))) return undefined
  for (let i = 0; i < v.values.length; i++) if (!Number.isFinite(v.values[i]!)) return undefined
  let steps = stepsOf.get(v.dates)
  if (steps === undefined) {
    steps = daySteps(v.dates) ?? null
    stepsOf.set(v.dates, steps)
  }
  const values = b64(v.values)
  return { [EQUITY]: steps ? { ...steps, values } : { dates: v.dates.join(','), values } }
}

function packValue(v: unknown): unknown {
  if (v instanceof EquitySeries) return packSeries(v) ?? packValue(v.toJSON())
  if (v instanceof Float64Array) return (v.length >= MIN_PACKED && packNumbers(v)) || Array.from(v)
  if (!Array.isArray(v) || v.length < MIN_PACKED) return v
  if (typeof v[0] === 'number') return packNumbers(v) ?? v
  if (v[0] !== null && typeof v[0] === 'object') return packEquity(v) ?? packRows(v) ?? v
  return v
}

/** JSON text of a result (or its extra) with its long top-level series packed; `null` for null/undefined. */
export function packStored(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = packValue(v)
  return JSON.stringify(out)
}

function unpackValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
  if (keys.length !== 1) return v
  if (keys[0] === F64 && typeof o[F64] === 'string') return fromB64(o[F64])
  const rows = o[ROWS] as { keys?: unknown; cols?: unknown } | undefined
  if (keys[0] === ROWS && Array.isArray(rows?.keys) && Array.isArray(rows.cols)) {
    const names = rows.keys as string[]
    const cols = (rows.cols as unknown[]).map((c) => (Array.isArray(c) ? c : (unpackValue(c) as unknown[])))
    const n = cols[0]?.length ?? 0
    const out = new Array<Record<string, unknown>>(n)
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {}
      for (let k = 0; k < names.length; k++) row[names[k]!] = cols[k]![i]
      out[i] = row
    }
    return out
  }
  const e = o[EQUITY] as { dates?: unknown; start?: unknown; steps?: unknown; values?: unknown } | undefined
  if (keys[0] !== EQUITY || typeof e?.values !== 'string') return v
  const values = fromB64(e.values)
  let dates: string[] | undefined
  if (typeof e.dates === 'string') dates = values.length === 0 ? [] : e.dates.split(',')
  else if (typeof e.start === 'string' && typeof e.steps === 'string') dates = datesOfSteps(e.start, e.steps)
  if (dates) return dates.map((date, i) => ({ date, value: values[i]! }))
  return v
}

/** The value `packStored` was given (as JSON would answer it), from the stored, parsed form. */
export function unpackStored<T>(stored: T): T {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return stored
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(stored)) out[k] = unpackValue(v)
  return out as T
}
