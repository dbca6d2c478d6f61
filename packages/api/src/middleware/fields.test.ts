import { isAppError } from '@supernova/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { errorStatus, onError } from '../errors.ts'
import { parseFields, selectFields } from './fields.ts'
import { respond } from './respond.ts'

const bars = [
  {
    date: '2024-01-02',
    close: 10,
    meta: { src: 'x', adj: { factor: 1, note: 'n' } },
    tags: [{ k: 'a', v: 1 }],
  },
  { date: '2024-01-03', close: 11, meta: null, tags: [] },
]

function makeApp() {
  const app = new Hono()
  app.onError(onError)
  app.use(respond())
  app.get('/one', (c) => c.json(bars[0]))
  app.get('/many', (c) => c.json(bars))
  app.get('/page', (c) => c.json({ data: bars, has_more: true, next_cursor: 'abc' }))
  app.get('/empty', (c) => c.json({ data: [], has_more: false, next_cursor: null }))
  app.get('/raw', (c) =>
    c.body(JSON.stringify(bars[0]), 200, { 'Content-Type': 'application/json; charset=utf-8' }),
  )
  app.get('/text', (c) => c.text('plain'))
  return app
}

describe('parseFields', () => {
  it('builds a tree; a parent wins over its children', () => {
    const t = parseFields('a, b.c,b.d , e.f.g')
    expect([...t.keys()]).toEqual(['a', 'b', 'e'])
    expect(parseFields('b.c,b').get('b')).toBe(true)
    expect(parseFields('b,b.c').get('b')).toBe(true)
  })

  it('rejects empty and malformed lists naming query.fields', () => {
    for (const raw of ['', ',', 'a..b', 'a b', '.a', 'a;drop']) {
      expect(() => parseFields(raw)).toThrowError(/query\.fields/)
    }
  })
})

describe('selectFields', () => {
  it('keeps nested paths through objects and arrays', () => {
    expect(selectFields(bars[0], parseFields('date,meta.adj.factor,tags.k'))).toEqual({
      date: '2024-01-02',
      meta: { adj: { factor: 1 } },
      tags: [{ k: 'a' }],
    })
  })

  it('passes null parents and names unknown fields', () => {
    expect(selectFields(bars, parseFields('meta.src'))).toEqual([{ meta: { src: 'x' } }, { meta: null }])
    try {
      selectFields(bars, parseFields('date,nope,meta.zzz,close.x'))
      expect.unreachable()
    } catch (e) {
      expect(isAppError(e) && errorStatus(e)).toBe(400)
      const fields = (e as { details: { message: string }[] }).details.map((d) => d.message)
      expect(fields).toEqual(["unknown field 'nope'", "unknown field 'meta.zzz'", "unknown field 'close.x'"])
    }
  })
})

describe('fieldSelection middleware', () => {
  const app = makeApp()

  it('is a no-op without fields', async () => {
    expect(await (await app.request('/many')).json()).toEqual(bars)
  })

  it('selects on an object, an array and the items of a list envelope', async () => {
    expect(await (await app.request('/one?fields=date,meta.src')).json()).toEqual({
      date: '2024-01-02',
      meta: { src: 'x' },
    })
    expect(await (await app.request('/many?fields=close')).json()).toEqual([{ close: 10 }, { close: 11 }])
    expect(await (await app.request('/page?fields=date')).json()).toEqual({
      data: [{ date: '2024-01-02' }, { date: '2024-01-03' }],
      has_more: true,
      next_cursor: 'abc',
    })
  })

  it('also selects on JSON bodies not made by c.json', async () => {
    expect(await (await app.request('/raw?fields=close')).json()).toEqual({ close: 10 })
  })

  it('answers 400 naming unknown fields, and for malformed lists before the handler runs', async () => {
    const res = await app.request('/page?fields=date,volume')
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.code).toBe('validation_error')
    expect(body.error.message).toContain('volume')
    expect(body.error.details).toEqual([
      { field: 'query.fields', message: "unknown field 'volume'", value: 'volume' },
    ])
    expect((await app.request('/many?fields=a..b')).status).toBe(400)
  })

  it('accepts any field on an empty list (nothing to check against)', async () => {
    const res = await app.request('/empty?fields=date')
    expect(res.status).toBe(200)
    expect((await res.json()).data).toEqual([])
  })

  it('leaves non-JSON and error responses alone', async () => {
    expect(await (await app.request('/text?fields=x')).text()).toBe('plain')
    const nf = await app.request('/nowhere?fields=x')
    expect(nf.status).toBe(404)
  })
})
