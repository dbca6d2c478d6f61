import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { ValidationError } from '@supernova/core'
import type { Context } from 'hono'
import { z } from 'zod'
import { QueryInt } from './schemas.ts'

/** A sort-key value a cursor can carry; each keeps its type through the round trip. */
export type CursorValue = string | number | boolean | null | Date | bigint

type Tagged = ['s', string] | ['n', number] | ['b', boolean] | ['z'] | ['t', string] | ['i', string]

const tag = (v: CursorValue): Tagged => {
  if (v === null) return ['z']
  if (typeof v === 'string') return ['s', v]
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError('cursor numbers must be finite')
    return ['n', v]
  }
  if (typeof v === 'boolean') return ['b', v]
  if (typeof v === 'bigint') return ['i', v.toString()]
  if (v instanceof Date) return ['t', v.toISOString()]
  throw new TypeError(`cannot put ${typeof v} in a cursor`)
}

const untag = (t: unknown): CursorValue => {
  if (!Array.isArray(t)) throw new Error('bad element')
  const [k, v] = t as [unknown, unknown]
  if (k === 'z') return null
  if (k === 's' && typeof v === 'string') return v
  if (k === 'n' && typeof v === 'number' && Number.isFinite(v)) return v
  if (k === 'b' && typeof v === 'boolean') return v
  if (k === 'i' && typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v)
  if (k === 't' && typeof v === 'string') {
    const d = new Date(v)
    if (!Number.isNaN(d.getTime())) return d
  }
  throw new Error('bad element')
}

/** The type of one sort-key value, to check a decoded cursor's shape. */
export type CursorType = 'string' | 'number' | 'boolean' | 'date' | 'bigint' | 'null'

const typeOf = (v: CursorValue): CursorType =>
  v === null ? 'null' : v instanceof Date ? 'date' : (typeof v as 'string' | 'number' | 'boolean' | 'bigint')

/** Signs and checks opaque cursors. */
export interface CursorCodec {
  /** Cursor for the row after which the next page starts; `scope` binds it to one list and sort order. */
  encode(values: readonly CursorValue[], scope: string): string
  /**
   * The sort-key values back, typed; a tampered, foreign or malformed cursor (or one whose values do not have
   * the types in `shape`) is a 400 naming query.cursor.
   */
  decode(cursor: string, scope: string, shape?: readonly CursorType[]): CursorValue[]
}

const invalidCursor = (why: string) =>
  new ValidationError(
    'Invalid query.cursor: it is not a cursor this API issued for this list; start again without it.',
    {
      details: [{ field: 'query.cursor', message: why }],
    },
  )

/**
 * HMAC-SHA256-signed cursors carrying the last row's sort-key values with their types (numbers compare as
 * numbers, times as times). Without a secret a random one is made: cursors then die with the process and do
 * not travel between instances, so production passes one (`deps.http.cursorSecret`).
 */
export function cursorCodec(secret?: string | Uint8Array): CursorCodec {
  const key = secret === undefined || secret === '' ? randomBytes(32) : secret
  const sign = (scope: string, payload: string) =>
    createHmac('sha256', key).update(scope).update('\n').update(payload).digest().subarray(0, 16)
  return {
    encode(values, scope) {
      const payload = Buffer.from(JSON.stringify(values.map(tag))).toString('base64url')
      return `${payload}.${sign(scope, payload).toString('base64url')}`
    },
    decode(cursor, scope, shape) {
      const dot = cursor.indexOf('.')
      if (dot <= 0 || cursor.length > 2048) throw invalidCursor('malformed')
      const payload = cursor.slice(0, dot)
      const mac = Buffer.from(cursor.slice(dot + 1), 'base64url')
      const expected = sign(scope, payload)
      if (mac.length !== expected.length || !timingSafeEqual(mac, expected))
        throw invalidCursor('bad signature')
      let values: CursorValue[]
      try {
        const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown
        if (!Array.isArray(raw)) throw new Error('not a list')
        values = raw.map(untag)
      } catch {
        throw invalidCursor('malformed')
      }
      if (shape && (values.length !== shape.length || values.some((v, i) => typeOf(v) !== shape[i])))
        throw invalidCursor('not a cursor of this list')
      return values
    },
  }
}

const codecs = new Map<string, CursorCodec>()

/** One codec per secret for the process (a random-secret one when the secret is unset). */
export function cursorCodecFor(secret: string | undefined): CursorCodec {
  const key = secret ?? ''
  let codec = codecs.get(key)
  if (!codec) {
    codec = cursorCodec(secret)
    codecs.set(key, codec)
  }
  return codec
}

export interface PaginationOptions {
  defaultLimit?: number
  maxLimit?: number
  maxOffset?: number
}

/** The zod shape of `limit`, `cursor` and `offset`, to spread into a route's query object. */
export const paginationShape = ({
  defaultLimit = 50,
  maxLimit = 500,
  maxOffset = 100_000,
}: PaginationOptions = {}) => ({
  limit: QueryInt(1, maxLimit).default(defaultLimit),
  cursor: z.string().min(1).max(2048).optional(),
  offset: QueryInt(0, maxOffset).optional(),
})

/** A query schema for `limit` + (`cursor` | `offset`); both at once fail on `offset`. */
export const paginationQuery = (options: PaginationOptions = {}) =>
  z.object(paginationShape(options)).refine((q) => q.cursor === undefined || q.offset === undefined, {
    message: 'use either cursor or offset, not both',
    path: ['offset'],
  })

/** Rejects `cursor` together with `offset` for schemas built from paginationShape. */
export function assertOneOf(q: { cursor?: string; offset?: number }): void {
  if (q.cursor !== undefined && q.offset !== undefined)
    throw new ValidationError('Use either query.cursor or query.offset, not both.', {
      details: [{ field: 'query.offset', message: 'not allowed together with cursor' }],
    })
}

/** The list envelope every paginated route answers with. */
export interface Page<T> {
  data: T[]
  has_more: boolean
  next_cursor: string | null
  next_offset?: number
}

/**
 * Page from `limit + 1` rows read in keyset order (the extra row only tells whether more exist). `keyOf` must
 * end with a unique column so the order is total and no row is skipped or repeated between pages.
 */
export function cursorPage<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => readonly CursorValue[],
  codec: CursorCodec,
  scope: string,
): Page<T> {
  const hasMore = rows.length > limit
  // A frozen page (an L1 cache hit) is passed through as is, so its memoised JSON text can be reused.
  const data = (hasMore ? rows.slice(0, limit) : Object.isFrozen(rows) ? rows : rows.slice()) as T[]
  return { data, has_more: hasMore, next_cursor: hasMore ? codec.encode(keyOf(data.at(-1)!), scope) : null }
}

/** Page from `limit + 1` rows read at `offset`. */
export function offsetPage<T>(rows: readonly T[], limit: number, offset: number): Page<T> {
  const hasMore = rows.length > limit
  return {
    data: hasMore ? rows.slice(0, limit) : rows.slice(),
    has_more: hasMore,
    next_cursor: null,
    ...(hasMore ? { next_offset: offset + limit } : {}),
  }
}

/** Relative URL of the next page: this request's path and query with cursor/offset replaced. */
export function nextPageUrl(c: Context, page: Page<unknown>): string | undefined {
  if (!page.has_more) return undefined
  const url = new URL(c.req.url)
  url.searchParams.delete('cursor')
  url.searchParams.delete('offset')
  if (page.next_cursor) url.searchParams.set('cursor', page.next_cursor)
  else if (page.next_offset !== undefined) url.searchParams.set('offset', String(page.next_offset))
  else return undefined
  return `${url.pathname}${url.search}`
}

/** Answers with the envelope (plus any extra fields) and a `Link: <...>; rel="next"` header when there is a next page. */
export function sendPage<P extends Page<unknown>>(c: Context, page: P): Response {
  const next = nextPageUrl(c, page)
  if (next) c.header('Link', `<${next}>; rel="next"`, { append: true })
  return c.json(page)
}

/**
 * SQL predicate selecting rows strictly after `values` in the order of `columns` (row comparison when all
 * columns sort the same way, else the expanded OR form). Column names are trusted code, values are parameters.
 */
export function keysetPredicate(
  columns: readonly { column: string; desc?: boolean }[],
  values: readonly unknown[],
  firstParam = 1,
): { sql: string; params: unknown[] } {
  if (columns.length === 0 || columns.length !== values.length)
    throw new TypeError('keysetPredicate needs one value per column')
  const p = (i: number) => `$${firstParam + i}`
  const allDesc = columns.every((c) => c.desc)
  if (allDesc || columns.every((c) => !c.desc)) {
    const cols = columns.map((c) => c.column).join(', ')
    const ps = columns.map((_, i) => p(i)).join(', ')
    return { sql: `(${cols}) ${allDesc ? '<' : '>'} (${ps})`, params: [...values] }
  }
  const ors = columns.map((col, i) => {
    const eqs = columns.slice(0, i).map((c, j) => `${c.column} = ${p(j)}`)
    return `(${[...eqs, `${col.column} ${col.desc ? '<' : '>'} ${p(i)}`].join(' and ')})`
  })
  return { sql: `(${ors.join(' or ')})`, params: [...values] }
}

/** A keyset position on (timestamp, id), the order of every owner-scoped list. */
export interface TimeKey {
  at: Date
  id: string
}

/**
 * One page of an owner-scoped list ordered by (timestamp, id): checks cursor/offset, decodes the cursor for
 * `scope` (a cursor from another list or filter is refused), reads `limit + 1` rows and builds the cursor page,
 * or the offset page when `query.offset` is given.
 */
export async function timeKeyedPage<T>(
  cursorSecret: string | undefined,
  query: { cursor?: string; offset?: number; limit: number },
  scope: string,
  read: (o: { limit: number; key?: TimeKey; offset?: number }) => Promise<readonly T[]>,
  keyOf: (row: T) => TimeKey,
): Promise<Page<T>> {
  assertOneOf(query)
  const codec = cursorCodecFor(cursorSecret)
  const decoded = query.cursor ? codec.decode(query.cursor, scope, ['date', 'string']) : undefined
  const key = decoded ? { at: decoded[0] as Date, id: decoded[1] as string } : undefined
  const rows = await read({ limit: query.limit + 1, key, offset: query.offset })
  if (query.offset !== undefined) return offsetPage(rows, query.limit, query.offset)
  return cursorPage(
    rows,
    query.limit,
    (r) => {
      const k = keyOf(r)
      return [k.at, k.id]
    },
    codec,
    scope,
  )
}
