import { ValidationError } from '@supernova/core'
import type { Context } from 'hono'

/** Opaque cursor: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (check(v)) return v
  } catch {}
  throw new ValidationError(
    'Invalid query.cursor: it is not a cursor this API issued; start again without it.',
    {
      details: [{ field: 'query.cursor', message: 'unrecognised cursor' }],
    },
  )
}

/** Builds the list envelope and sets a `Link: <...>; rel="next"` header when there is a next page. */
export function pageResponse<T>(c: Context, rows: T[], limit: number, keyOf: (row: T) => unknown) {
  const hasMore = rows.length > limit
  const data = hasMore ? rows.slice(0, limit) : rows
  const next = hasMore ? encodeCursor(keyOf(data.at(-1)!)) : null
  if (next) {
    const url = new URL(c.req.url)
    url.searchParams.set('cursor', next)
    url.searchParams.delete('offset')
    c.header('Link', `<${url.pathname}${url.search}>; rel="next"`)
  }
  return c.json({ data, has_more: hasMore, next_cursor: next })
}
