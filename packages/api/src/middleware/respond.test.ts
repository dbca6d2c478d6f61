import { gunzipSync } from 'node:zlib'
import { isAppError } from '@supernova/core'
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { describe, expect, it } from 'vitest'
import { compress } from './compress.ts'
import { contentEtag, etag } from './etag.ts'
import { fieldSelection } from './fields.ts'
import { respond } from './respond.ts'

const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `row ${i}`, meta: { a: i, b: 'x' } }))

function makeApp(fused: boolean) {
  const app = new Hono()
  app.onError((err, c) =>
    isAppError(err)
      ? c.json({ error: { code: err.code, message: err.message } }, err.status as ContentfulStatusCode)
      : c.json({ error: { code: 'internal_error' } }, 500),
  )
  if (fused) app.use(respond())
  else {
    app.use(compress())
    app.use(etag())
    app.use(fieldSelection())
  }
  app.get('/small', (c) => c.json({ id: 1, name: 'one' }))
  app.get('/big', (c) => c.json({ data: rows, has_more: false }))
  app.get('/text', (c) => c.text('t'.repeat(2000)))
  app.post('/big', (c) => c.json({ data: rows, has_more: false }, 201))
  return app
}

const fused = makeApp(true)
const chain = makeApp(false)
const gz = { 'accept-encoding': 'gzip' }

async function both(path: string, init?: RequestInit) {
  const a = await fused.request(path, init)
  const b = await chain.request(path, init)
  const bytes = async (r: Response) => Buffer.from(await r.arrayBuffer())
  const headers = (r: Response) => Object.fromEntries(r.headers)
  return { a, b, ab: await bytes(a), bb: await bytes(b), ah: headers(a), bh: headers(b) }
}

describe('respond (fields + etag + compress in one layer)', () => {
  it('answers exactly as the three separate middlewares do', async () => {
    const cases: [string, Record<string, string>][] = [
      ['/small', {}],
      ['/small', gz],
      ['/big', {}],
      ['/big', gz],
      ['/big', { 'accept-encoding': 'br;q=1, gzip;q=0.5' }],
      ['/big?fields=id,meta.a', gz],
      ['/small?fields=name', {}],
      ['/text', gz],
    ]
    for (const [path, headers] of cases) {
      const r = await both(path, { headers })
      expect(r.a.status, path).toBe(r.b.status)
      expect(r.ah, path).toEqual(r.bh)
      expect(r.ab.equals(r.bb), path).toBe(true)
    }
    const post = await both('/big', { method: 'POST', headers: gz })
    expect(post.ah).toEqual(post.bh)
    expect(post.a.headers.get('etag')).toBeNull()
  })

  it('tags the selected body, compresses it, and answers 304 to its tag', async () => {
    const res = await fused.request('/big?fields=id', { headers: gz })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString()
    expect(JSON.parse(text).data[3]).toEqual({ id: 3 })
    const tag = res.headers.get('etag')!
    expect(tag).toBe(`${contentEtag(text).slice(0, -1)}-gzip"`)
    const again = await fused.request('/big?fields=id', { headers: { ...gz, 'if-none-match': tag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('vary')).toBe('Accept-Encoding')
    expect(await again.text()).toBe('')
  })

  it('tags small bodies without compressing them, and rejects unknown fields with 400', async () => {
    const small = await fused.request('/small', { headers: gz })
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(small.headers.get('etag')).toBe(contentEtag(JSON.stringify({ id: 1, name: 'one' })))
    expect(small.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
    const bad = await fused.request('/small?fields=nope')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/nope/)
  })
})
