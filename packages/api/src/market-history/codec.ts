/**
 * Compact binary form of one symbol's history for the cache's remote tiers (the cache stores bytes as base64 and
 * deflates them): a 16-byte header, five float64 columns, then the dates as int32 day numbers. 44 bytes a bar
 * against about 110 for JSON rows. Little-endian, as every platform Node runs on.
 *
 *   0  'SNH1'   4  uint32 bars   8  float64 stamp   16  open|high|low|close|volume (8 x bars each)   then int32 days
 */
import { epochDayToIsoCached, isoToEpochDay, type OhlcvColumns, rememberDays } from '@supernova/core'

const MAGIC = 0x31484e53 // 'SNH1' read as a little-endian uint32
const HEADER = 16
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const

/** Bytes of a history; `stamp` identifies this load so that readers can reuse what they decoded from it. */
export function encodeHistory(h: OhlcvColumns, stamp: number): Uint8Array {
  const n = h.dates.length
  const buf = new ArrayBuffer(HEADER + n * (5 * 8 + 4))
  const head = new DataView(buf)
  head.setUint32(0, MAGIC, true)
  head.setUint32(4, n, true)
  head.setFloat64(8, stamp, true)
  FIELDS.forEach((f, k) => {
    new Float64Array(buf, HEADER + k * n * 8, n).set(h[f])
  })
  const days = new Int32Array(buf, HEADER + 5 * n * 8, n)
  for (let i = 0; i < n; i++) days[i] = isoToEpochDay(h.dates[i]!)
  return new Uint8Array(buf)
}

/** The stamp written by `encodeHistory`, or undefined when the bytes are not a history of this version. */
export function historyStamp(bytes: Uint8Array): number | undefined {
  if (bytes.byteLength < HEADER) return undefined
  const head = new DataView(bytes.buffer, bytes.byteOffset, HEADER)
  return head.getUint32(0, true) === MAGIC ? head.getFloat64(8, true) : undefined
}

const iso = epochDayToIsoCached

/** Columns of bytes written by `encodeHistory` (views on the bytes where they are 8-byte aligned). */
export function decodeHistory(bytes: Uint8Array): OhlcvColumns {
  if (historyStamp(bytes) === undefined) throw new TypeError('not an encoded market history')
  const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice()
  const n = new DataView(b.buffer, b.byteOffset, HEADER).getUint32(4, true)
  if (b.byteLength !== HEADER + n * 44) throw new TypeError('truncated market history')
  const col = (k: number) => new Float64Array(b.buffer, b.byteOffset + HEADER + k * n * 8, n)
  const days = new Int32Array(b.buffer, b.byteOffset + HEADER + 5 * n * 8, n)
  const dates = new Array<string>(n)
  for (let i = 0; i < n; i++) dates[i] = iso(days[i]!)
  // the compute wire sends dates as these day numbers: a view on the same (shared) bytes, nothing parsed again
  rememberDays(dates, days)
  return { dates, open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4) }
}
