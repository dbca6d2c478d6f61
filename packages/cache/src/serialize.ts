import { deflateRawSync, inflateRawSync } from 'node:zlib'

/** What the cache knows about a value besides the value: freshness, grace, creation time, tags. */
export interface EntryMeta {
  /** Fresh until (epoch ms); Infinity when the entry has no logical TTL. */
  freshUntil: number
  /** Servable as stale (grace) until (epoch ms); >= freshUntil. */
  staleUntil: number
  /** Creation time (epoch ms), compared with tag invalidation times. */
  createdAt: number
  tags: readonly string[] | undefined
}

/** A decoded remote record: meta, physical expiry in the tier it came from, and the still-encoded payload. */
export interface RemoteRecord extends EntryMeta {
  expiresAt: number
  /**
   * 'j' JSON, 'z' deflate + base64 of JSON; a trailing 'b' means binary markers are present. 'r' base64 of a value
   * that is bytes alone, 'rz' the same deflated.
   */
  encoding: string
  payload: string
}

const BIN = '$bin'

/** JSON replacer that keeps bytes as base64 (`{"$bin":"..."}`); used only when the value holds bytes. */
function binaryReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key]
  if (raw instanceof Uint8Array)
    return { [BIN]: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') }
  return value
}

function binaryReviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const b = (value as Record<string, unknown>)[BIN]
    if (typeof b === 'string' && Object.keys(value).length === 1)
      return new Uint8Array(Buffer.from(b, 'base64'))
  }
  return value
}

/**
 * Freezes a value in place, recursively, so that nobody can corrupt a cached value through a reference they were
 * given. Returns true when the value holds bytes (typed arrays cannot be frozen; those values are copied on read).
 */
export function deepFreeze(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  if (ArrayBuffer.isView(value)) return true
  if (Object.isFrozen(value)) return false
  let bin = false
  if (Array.isArray(value)) {
    for (const v of value) if (deepFreeze(v)) bin = true
  } else {
    for (const k in value) if (deepFreeze((value as Record<string, unknown>)[k])) bin = true
  }
  if (!bin) Object.freeze(value)
  return bin
}

/** Returned by `frozenPlainCopy` for anything that is not plain JSON data. */
export const NOT_PLAIN: unique symbol = Symbol('not-plain')

/**
 * A deep-frozen copy equal to `JSON.parse(JSON.stringify(value))` when the value is plain data (plain objects,
 * arrays, strings, finite numbers, booleans, null); NOT_PLAIN for anything else (dates, class instances, bytes,
 * functions, non-finite numbers, `toJSON`, a `__proto__` key...), which then takes the JSON round trip. A set copies
 * every value for L1; on a small record this walk costs a fraction of JSON.parse and replaces the freeze walk too.
 */
export function frozenPlainCopy(value: unknown, depth = 0): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      // JSON writes -0 as 0 and non-finite numbers as null
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : NOT_PLAIN
    case 'object': {
      if (value === null) return null
      if (depth > 64 || (value as { toJSON?: unknown }).toJSON !== undefined) return NOT_PLAIN
      if (Array.isArray(value)) {
        const n = value.length
        const out = new Array<unknown>(n)
        for (let i = 0; i < n; i++) {
          const v = frozenPlainCopy(value[i], depth + 1)
          if (v === NOT_PLAIN) return NOT_PLAIN
          out[i] = v
        }
        return Object.freeze(out)
      }
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN
      const out: Record<string, unknown> = {}
      const keys = Object.keys(value)
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!
        const raw = (value as Record<string, unknown>)[k]
        if (raw === undefined) continue // JSON drops undefined members
        if (k === '__proto__') return NOT_PLAIN // JSON.parse makes it an own property; assignment would not
        const v = frozenPlainCopy(raw, depth + 1)
        if (v === NOT_PLAIN) return NOT_PLAIN
        out[k] = v
      }
      return Object.freeze(out)
    }
    default:
      return NOT_PLAIN
  }
}

/** True when a value contains typed arrays anywhere (decides whether the binary-aware JSON path is needed). */
export function hasBinary(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 64) return false
  if (ArrayBuffer.isView(value)) return true
  if (Array.isArray(value)) {
    for (const v of value) if (hasBinary(v, depth + 1)) return true
    return false
  }
  for (const k in value) if (hasBinary((value as Record<string, unknown>)[k], depth + 1)) return true
  return false
}

/** JSON text of a value (never code: no functions, no classes revived); bytes become base64 markers. */
export function toJson(value: unknown, binary: boolean): string {
  const s = binary ? JSON.stringify(value, binaryReplacer) : JSON.stringify(value)
  if (s === undefined)
    throw new TypeError('cache values must be JSON-serialisable (got undefined or a function)')
  return s
}

/** Parses JSON text produced by `toJson`. */
export function fromJson(text: string, binary: boolean): unknown {
  return binary ? JSON.parse(text, binaryReviver) : JSON.parse(text)
}

/**
 * The payload stored in L2/L3: JSON, deflated and base64-encoded above the threshold. Base64 because the Upstash
 * REST client only round-trips valid UTF-8 text; raw deflate output is not.
 */
export function encodePayload(
  json: string,
  binary: boolean,
  threshold: number,
): { encoding: string; payload: string } {
  if (json.length > threshold) {
    const z = deflateRawSync(Buffer.from(json, 'utf8'), { level: 3 }).toString('base64')
    if (z.length < json.length) return { encoding: binary ? 'zb' : 'z', payload: z }
  }
  return { encoding: binary ? 'jb' : 'j', payload: json }
}

/**
 * The payload of a value that is bytes alone (an encoded market history...): base64 of the bytes ('r'), deflated
 * first ('rz') above the threshold when that is smaller. No JSON and no base64 inside base64: a read decodes once.
 */
export function encodeBytes(bytes: Uint8Array, threshold: number): { encoding: string; payload: string } {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (raw.byteLength > threshold) {
    const z = deflateRawSync(raw, { level: 1 })
    if (z.byteLength < raw.byteLength * 0.9) return { encoding: 'rz', payload: z.toString('base64') }
  }
  return { encoding: 'r', payload: raw.toString('base64') }
}

/** Inverse of `encodePayload` and `encodeBytes`, straight to the value. */
export function decodePayload(encoding: string, payload: string): unknown {
  if (encoding[0] === 'r') {
    const b = Buffer.from(payload, 'base64')
    const bytes = encoding === 'rz' ? inflateRawSync(b) : b
    // a plain Uint8Array of its own buffer, as `fromJson` revives bytes
    return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  }
  const binary = encoding.length > 1
  const json = encoding[0] === 'z' ? inflateRawSync(Buffer.from(payload, 'base64')).toString('utf8') : payload
  return fromJson(json, binary)
}

const num = (n: number) => (n === Number.POSITIVE_INFINITY ? '' : String(n))
const parseNum = (s: string | undefined) =>
  s === undefined || s === '' ? Number.POSITIVE_INFINITY : Number(s)

/**
 * One record line: `1,<expiresAt>,<freshUntil>,<staleUntil>,<createdAt>,<encoding>,<tags json>\n<payload>`.
 * The header is separate from the payload so that a back-fill into another tier rewrites only the expiry.
 */
export function encodeRecord(meta: EntryMeta, expiresAt: number, encoding: string, payload: string): string {
  const tags = meta.tags && meta.tags.length > 0 ? JSON.stringify(meta.tags) : ''
  return `1,${expiresAt},${num(meta.freshUntil)},${num(meta.staleUntil)},${meta.createdAt},${encoding},${tags}\n${payload}`
}

/** Parses a record header (the payload stays encoded); null for anything this version did not write. */
export function decodeRecord(text: string): RemoteRecord | null {
  const nl = text.indexOf('\n')
  if (nl < 0 || text.charCodeAt(0) !== 49 /* '1' */) return null
  const head = text.slice(0, nl)
  const parts = head.split(',', 6)
  if (parts.length < 6) return null
  const tagsStart = parts.reduce((n, p) => n + p.length + 1, 0)
  const tagText = head.slice(tagsStart)
  let tags: string[] | undefined
  if (tagText) {
    const parsed: unknown = JSON.parse(tagText)
    if (!Array.isArray(parsed)) return null
    tags = parsed.map(String)
  }
  return {
    expiresAt: Number(parts[1]),
    freshUntil: parseNum(parts[2]),
    staleUntil: parseNum(parts[3]),
    createdAt: Number(parts[4]),
    encoding: parts[5]!,
    tags,
    payload: text.slice(nl + 1),
  }
}

/** Rewrites a record's expiry for another tier without touching the payload. */
export function withExpiry(record: RemoteRecord, expiresAt: number): string {
  return encodeRecord(record, expiresAt, record.encoding, record.payload)
}
