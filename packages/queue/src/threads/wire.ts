/**
 * The compute pool's wire form. Structured clone copies a `dates: string[]` one string at a time (a basket of 20
 * twelve-year histories is 62,600 strings each way, which cost more on the event loop than the basket's own
 * compute), so long date arrays cross as `{ $days: Int32Array }` (days since 1970-01-01) and are rebuilt on the
 * other side from a per-thread table of formatted days. Fresh buffers of a result are transferred, not copied.
 * Only arrays of plain `YYYY-MM-DD` dates are packed (checked exactly, so rebuilding gives the same strings).
 */
import { epochDayToIsoCached, isoToEpochDay, knownDays, rememberDays, sameDays } from '@supernova/core'

const DAYS = '$days'
/** Shorter date arrays cross as they are. */
const MIN_PACKED = 64
/** How deep the walk looks for `dates` (a basket job: input.members[i].bars.dates). */
const MAX_DEPTH = 5

const iso = epochDayToIsoCached

/** Day numbers of `dates`, or undefined unless every entry is a date that formats back to the same string. */
function toDays(dates: readonly string[], memoise: boolean): Int32Array | undefined {
  // a cached history hands the same dates array to every request, and a decoded one comes with its days (copied
  // when the days are to be transferred: the memo's buffer stays with it)
  const memo = knownDays(dates)
  if (memo) return memoise ? memo : memo.slice()
  const days = new Int32Array(dates.length)
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i]
    if (typeof d !== 'string' || d.length !== 10) return undefined
    const day = isoToEpochDay(d)
    if (!Number.isInteger(day) || iso(day) !== d) return undefined
    days[i] = day
  }
  if (memoise) rememberDays(dates, days)
  return days
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v))

function pack(v: unknown, depth: number, fresh: ArrayBuffer[] | undefined): unknown {
  if (depth > MAX_DEPTH || !isPlain(v)) return v
  if (Array.isArray(v)) {
    if (v.length === 0 || !isPlain(v[0])) return v
    return v.map((x) => pack(x, depth + 1, fresh))
  }
  let out: Record<string, unknown> | undefined
  for (const k of Object.keys(v)) {
    const x = v[k]
    let y: unknown = x
    if (k === 'dates' && Array.isArray(x) && x.length >= MIN_PACKED) {
      // a transferred buffer is detached once posted, so those days are made fresh and not remembered
      const days = toDays(x, !fresh)
      if (days) {
        y = { [DAYS]: days }
        fresh?.push(days.buffer as ArrayBuffer)
      }
    } else y = pack(x, depth + 1, fresh)
    if (y !== x) {
      out ??= { ...v }
      out[k] = y
    }
  }
  return out ?? v
}

// Dates rebuilt from day numbers, by length and first and last day (checked in full on a hit): a basket over the same
// symbols answers on the same calendar every time, and handing back the same array keeps the memos keyed on it (the
// answer's JSON prefixes, the stored form's day steps) from rebuilding 3,000 strings per request. Read only, as the
// cached histories' own dates are.
const interned = new Map<string, { days: Int32Array; dates: string[] }>()
const MAX_INTERNED = 32

function datesOf(days: Int32Array): string[] {
  const key = `${days.length}:${days[0]}:${days[days.length - 1]}`
  const hit = interned.get(key)
  if (hit && sameDays(hit.days, days)) {
    interned.delete(key)
    interned.set(key, hit)
    return hit.dates
  }
  const dates = new Array<string>(days.length)
  for (let i = 0; i < days.length; i++) dates[i] = iso(days[i]!)
  interned.delete(key)
  if (interned.size >= MAX_INTERNED) interned.delete(interned.keys().next().value!)
  const own = days.slice()
  interned.set(key, { days: own, dates })
  // sent on again (a result re-posted, or stored), these dates need not be parsed back into days
  rememberDays(dates, own)
  return dates
}

function unpack(v: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || !isPlain(v)) return v
  if (Array.isArray(v)) {
    if (v.length === 0 || !isPlain(v[0])) return v
    return v.map((x) => unpack(x, depth + 1))
  }
  const days = v[DAYS]
  if (days instanceof Int32Array && Object.keys(v).length === 1) return datesOf(days)
  for (const k of Object.keys(v)) v[k] = unpack(v[k], depth + 1)
  return v
}

/** A job or result in wire form (its long date arrays as day numbers); the input is not modified. */
export function toWire(value: unknown): unknown {
  return pack(value, 0, undefined)
}

/**
 * A result in wire form plus the buffers to transfer: the day arrays made for it and its top-level typed arrays
 * that own their whole buffer (the worker drops the result once posted).
 */
export function resultToWire(value: unknown): { message: unknown; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = []
  const message = pack(value, 0, transfer)
  if (isPlain(message) && !Array.isArray(message))
    for (const x of Object.values(message))
      if (
        ArrayBuffer.isView(x) &&
        x.buffer instanceof ArrayBuffer &&
        x.byteOffset === 0 &&
        x.byteLength === x.buffer.byteLength &&
        !transfer.includes(x.buffer)
      )
        transfer.push(x.buffer)
  return { message, transfer }
}

/** The value `toWire` / `resultToWire` packed (day arrays back to the same date strings; plain parts in place). */
export function fromWire<T>(value: unknown): T {
  return unpack(value, 0) as T
}
