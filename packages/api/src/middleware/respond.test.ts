import { gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { onError } from '../errors.ts'
import { contentEtag } from './etag.ts'
import { respond } from './respond.ts'

const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `row ${i}`, meta: { a: i, b: 'x' } }))

function makeApp() {
  const app = new Hono()
  app.onError(onError)
  app.use(respond())
  app.get('/small', (c) => c.json({ id: 1, name: 'one' }))
  app.get('/big', (c) => c.json({ data: rows, has_more: false }))
  app.get('/text', (c) => c.text('t'.repeat(2000)))
  app.post('/big', (c) => c.json({ data: rows, has_more: false }, 201))
  return app
}

const fused = makeApp()
const gz = { 'accept-encoding': 'gzip' }
describe('respond (fields + etag + compress in one layer)', () => {
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
