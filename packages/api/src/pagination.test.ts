import { isAppError } from '@supernova/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { errorStatus } from './errors.ts'
import {
  assertOneOf,
  cursorCodec,
  cursorCodecFor,
  cursorPage,
  keysetPredicate,
  nextPageUrl,
  offsetPage,
  paginationQuery,
  sendPage,
} from './pagination.ts'

const codec = cursorCodec('test-secret')

describe('cursorCodec', () => {
  it('round-trips values with their types', () => {
    const at = new Date('2024-03-01T12:34:56.789Z')
    const values = ['AAPL', 10, 2.5, at, 9007199254740993n, true, null]
    const back = codec.decode(codec.encode(values, 'bars'), 'bars')
    expect(back).toEqual(values)
    expect(back[3]).toBeInstanceOf(Date)
    expect(typeof back[1]).toBe('number')
  })

  it('rejects tampered, foreign-scope, other-secret and malformed cursors with a 400 naming query.cursor', () => {
    const good = codec.encode([42, 'x'], 'symbols')
    const [payload, mac] = good.split('.') as [string, string]
    const forged = `${Buffer.from(
      JSON.stringify([
        ['n', 43],
        ['s', 'x'],
      ]),
    ).toString('base64url')}.${mac}`
    const flipped = `${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`
    for (const [cursor, scope, c] of [
      [forged, 'symbols', codec],
      [flipped, 'symbols', codec],
      [good, 'bars', codec],
      [good, 'symbols', cursorCodec('other')],
      ['garbage', 'symbols', codec],
      ['.', 'symbols', codec],
      [Buffer.from('{"s":"A"}').toString('base64url'), 'symbols', codec],
    ] as const) {
      try {
        c.decode(cursor, scope)
        expect.unreachable(`accepted ${cursor}`)
      } catch (e) {
        expect(isAppError(e) && errorStatus(e)).toBe(400)
        expect((e as { details: { field: string }[] }).details[0]!.field).toBe('query.cursor')
      }
    }
    expect(codec.decode(good, 'symbols')).toEqual([42, 'x'])
  })

  it('rejects values a cursor cannot carry', () => {
    expect(() => codec.encode([Number.NaN], 's')).toThrow(TypeError)
  })
})

describe('paginationQuery', () => {
  const schema = paginationQuery({ defaultLimit: 20, maxLimit: 100 })
  it('defaults and bounds limit, coerces numbers, forbids cursor with offset', () => {
    expect(schema.parse({})).toEqual({ limit: 20 })
    expect(schema.parse({ limit: '5', offset: '10' })).toEqual({ limit: 5, offset: 10 })
    expect(schema.safeParse({ limit: '0' }).success).toBe(false)
    expect(schema.safeParse({ limit: '101' }).success).toBe(false)
    expect(schema.safeParse({ limit: '2.5' }).success).toBe(false)
    expect(schema.safeParse({ offset: '-1' }).success).toBe(false)
    const both = schema.safeParse({ cursor: 'a.b', offset: '1' })
    expect(both.success).toBe(false)
    expect(both.error?.issues[0]?.path).toEqual(['offset'])
    expect(() => assertOneOf({ cursor: 'a', offset: 1 })).toThrow(/cursor/)
  })
})

describe('pages', () => {
  it('cursorPage uses the extra row only to know there is more', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }]
    const page = cursorPage(rows, 2, (r) => [r.id], codec, 's')
    expect(page.data).toEqual([{ id: 1 }, { id: 2 }])
    expect(page.has_more).toBe(true)
    expect(codec.decode(page.next_cursor!, 's')).toEqual([2])
    const last = cursorPage(rows, 3, (r) => [r.id], codec, 's')
    expect(last).toEqual({ data: rows, has_more: false, next_cursor: null })
  })

  it('offsetPage gives the next offset', () => {
    expect(offsetPage([1, 2, 3], 2, 4)).toEqual({
      data: [1, 2],
      has_more: true,
      next_cursor: null,
      next_offset: 6,
    })
    expect(offsetPage([1], 2, 4)).toEqual({ data: [1], has_more: false, next_cursor: null })
  })

  it('sendPage sets Link rel="next" keeping the other query parameters', async () => {
    const app = new Hono()
    app.onError((err, c) =>
      isAppError(err) ? c.json({ error: err.message }, errorStatus(err)) : c.json({}, 500),
    )
    app.get('/items', (c) => sendPage(c, offsetPage([1, 2, 3], 2, Number(c.req.query('offset') ?? 0))))
    app.get('/cur', (c) =>
      sendPage(
        c,
        cursorPage([{ id: 1 }, { id: 2 }], 1, (r) => [r.id], codec, 'cur'),
      ),
    )
    const res = await app.request('/items?limit=2&fields=x&offset=2')
    expect(res.headers.get('link')).toBe('</items?limit=2&fields=x&offset=4>; rel="next"')
    expect(await res.json()).toMatchObject({ has_more: true, next_offset: 4 })
    const cur = await app.request('/cur?limit=1')
    const body = (await cur.json()) as { next_cursor: string }
    expect(cur.headers.get('link')).toBe(
      `</cur?limit=1&cursor=${encodeURIComponent(body.next_cursor)}>; rel="next"`,
    )
    const app2 = new Hono()
    app2.get('/', (c) => c.text(String(nextPageUrl(c, { data: [], has_more: false, next_cursor: null }))))
    expect(await (await app2.request('/')).text()).toBe('undefined')
  })
})

describe('keysetPredicate', () => {
  it('uses a row comparison when all columns sort one way', () => {
    expect(keysetPredicate([{ column: 'date' }, { column: 'id' }], ['2024-01-01', 5], 3)).toEqual({
      sql: '(date, id) > ($3, $4)',
      params: ['2024-01-01', 5],
    })
    expect(keysetPredicate([{ column: 'ts', desc: true }], [1]).sql).toBe('(ts) < ($1)')
  })

  it('expands mixed directions', () => {
    expect(keysetPredicate([{ column: 'score', desc: true }, { column: 'id' }], [3, 7]).sql).toBe(
      '((score < $1) or (score = $1 and id > $2))',
    )
    expect(() => keysetPredicate([{ column: 'a' }], [])).toThrow(TypeError)
  })
})

describe('cursor shape and shared codecs', () => {
  it('rejects a genuine cursor whose values do not have the expected types', () => {
    const c = codec.encode(['AAPL'], 'x')
    expect(codec.decode(c, 'x', ['string'])).toEqual(['AAPL'])
    expect(() => codec.decode(c, 'x', ['number'])).toThrow(/query\.cursor/)
    expect(() => codec.decode(c, 'x', ['string', 'number'])).toThrow(/query\.cursor/)
  })

  it('shares one codec per secret', () => {
    expect(cursorCodecFor('a')).toBe(cursorCodecFor('a'))
    expect(cursorCodecFor(undefined)).toBe(cursorCodecFor(undefined))
    const t = cursorCodecFor('a').encode([1], 's')
    expect(() => cursorCodecFor('b').decode(t, 's')).toThrow(/query\.cursor/)
  })
})
