import { onError, respond } from '@supernova/api'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { compressLayer, etagLayer, fieldSelectionLayer } from './legacy-layers.ts'

const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `row ${i}`, meta: { a: i, b: 'x' } }))

function makeApp(fused: boolean) {
  const app = new Hono()
  app.onError(onError)
  if (fused) app.use(respond())
  else {
    app.use(compressLayer())
    app.use(etagLayer())
    app.use(fieldSelectionLayer())
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

describe('legacy layers (the api benchmark baseline)', () => {
  it('answer exactly as the fused respond layer does', async () => {
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
})
