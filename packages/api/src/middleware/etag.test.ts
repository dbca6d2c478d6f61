import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { cacheControl, contentEtag, matchIfNoneMatch } from './etag.ts'
import { respond } from './respond.ts'

let version = 1
function makeApp() {
  const app = new Hono()
  app.use(respond())
  app.get('/v1/symbols', (c) => c.json({ data: [{ symbol: 'AAA', version, name: 'A' }], has_more: false }))
  app.get('/v1/watchlists', (c) => c.json({ data: [] }))
  app.get('/fixed', (c) => {
    cacheControl(c, { scope: 'public', maxAge: 60 })
    return c.text('hello')
  })
  app.get('/stream', (c) =>
    c.body(new ReadableStream({ start: (ctl) => ctl.close() }), 200, {
      'Content-Type': 'application/x-ndjson',
    }),
  )
  app.post('/v1/symbols', (c) => c.json({ ok: true }, 201))
  return app
}

describe('matchIfNoneMatch', () => {
  it('uses weak comparison, lists, * and the coding suffix', () => {
    expect(matchIfNoneMatch('"a"', '"a"')).toBe('"a"')
    expect(matchIfNoneMatch('W/"a"', '"a"')).toBe('W/"a"')
    expect(matchIfNoneMatch('"x", "a-gzip"', '"a"')).toBe('"a-gzip"')
    expect(matchIfNoneMatch('*', '"a"')).toBe('"a"')
    expect(matchIfNoneMatch('"b"', '"a"')).toBeUndefined()
    expect(matchIfNoneMatch('"a-br"', '"a-br"')).toBe('"a-br"')
  })
})

describe('etag middleware', () => {
  const app = makeApp()

  it('tags from the content: same body same tag, changed body new tag', async () => {
    const a = await app.request('/v1/symbols')
    const b = await app.request('/v1/symbols')
    const tag = a.headers.get('etag')!
    expect(tag).toBe(contentEtag(await a.text()))
    expect(b.headers.get('etag')).toBe(tag)
    version++
    const c = await app.request('/v1/symbols')
    expect(c.headers.get('etag')).not.toBe(tag)
  })

  it('answers 304 without a body on If-None-Match, 200 on a stale tag', async () => {
    const first = await app.request('/v1/symbols')
    const tag = first.headers.get('etag')!
    const again = await app.request('/v1/symbols', { headers: { 'If-None-Match': tag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(tag)
    expect(again.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
    expect(await again.text()).toBe('')
    const stale = await app.request('/v1/symbols', { headers: { 'If-None-Match': '"old"' } })
    expect(stale.status).toBe(200)
  })

  it('tags the selected body when fields= is used', async () => {
    const all = await app.request('/v1/symbols')
    const some = await app.request('/v1/symbols?fields=symbol')
    expect(some.headers.get('etag')).toBe(contentEtag(await some.text()))
    expect(some.headers.get('etag')).not.toBe(all.headers.get('etag'))
  })

  it('makes caller-dependent answers private', async () => {
    const auth = await app.request('/v1/symbols', { headers: { Authorization: 'Bearer t' } })
    expect(auth.headers.get('cache-control')).toBe('private, no-cache')
    const mine = await app.request('/v1/watchlists')
    expect(mine.headers.get('cache-control')).toBe('private, no-cache')
  })

  it('keeps a route-chosen Cache-Control, skips streams and non-GET', async () => {
    expect((await app.request('/fixed')).headers.get('cache-control')).toBe('public, max-age=60')
    const s = await app.request('/stream')
    expect(s.headers.get('etag')).toBeNull()
    const post = await app.request('/v1/symbols', { method: 'POST' })
    expect(post.status).toBe(201)
    expect(post.headers.get('etag')).toBeNull()
  })
})

describe('etag counters', () => {
  it('count tagged answers and 304s', async () => {
    const { etagStats } = await import('./etag.ts')
    const app = makeApp()
    const before = etagStats()
    const tag = (await app.request('/v1/symbols')).headers.get('etag')!
    await app.request('/v1/symbols', { headers: { 'If-None-Match': tag } })
    const after = etagStats()
    expect(after.tagged - before.tagged).toBe(2)
    expect(after.notModified - before.notModified).toBe(1)
  })
})

describe('contentEtag', () => {
  it('is a function of the content, short text and long alike, and tells near-identical bodies apart', () => {
    const short = JSON.stringify({ a: 1, b: 'x' })
    expect(contentEtag(short)).toBe(contentEtag(`${short}`))
    expect(contentEtag(short)).not.toBe(contentEtag(short.replace('1', '2')))
    const long = 'y'.repeat(5000)
    expect(contentEtag(long)).toBe(contentEtag(Buffer.from(long)))
    expect(contentEtag(long)).not.toBe(contentEtag(`${long.slice(1)}z`))
    const tags = new Set(Array.from({ length: 20000 }, (_, i) => contentEtag(JSON.stringify({ id: i }))))
    expect(tags.size).toBe(20000)
  })
})
