import zlib from 'node:zlib'
import { Hono } from 'hono'
import type { LambdaEvent } from 'hono/aws-lambda'
import { handle } from 'hono/aws-lambda'
import { streamSSE } from 'hono/streaming'
import { describe, expect, it } from 'vitest'
import { onError } from '../errors.ts'
import { availableEncodings, defaultLevel, negotiateEncoding } from './compress.ts'
import { respond } from './respond.ts'

const rows = Array.from({ length: 400 }, (_, i) => ({
  date: `2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
  open: 100 + i,
  close: 101 + i,
}))

function makeApp(held: Promise<void> = Promise.resolve()) {
  const app = new Hono()
  app.onError(onError)
  app.use(respond())
  app.get('/big', (c) => c.json(rows))
  app.get('/held', async (c) => {
    await held
    return c.json({ ok: true })
  })
  app.get('/tiny', (c) => c.json({ ok: true }))
  app.get('/text', (c) => c.text('x'.repeat(5000)))
  app.get('/png', (c) => c.body(new Uint8Array(5000), 200, { 'Content-Type': 'image/png' }))
  app.get('/encoded', (c) =>
    c.body(zlib.gzipSync('y'.repeat(5000)), 200, {
      'Content-Type': 'text/plain',
      'Content-Encoding': 'gzip',
    }),
  )
  app.get('/no-transform', (c) => c.json(rows, 200, { 'Cache-Control': 'no-transform' }))
  app.get('/stream', (c) => {
    const body = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < 50; i++)
          ctl.enqueue(new TextEncoder().encode(`${JSON.stringify({ i, pad: 'z'.repeat(40) })}\n`))
        ctl.close()
      },
    })
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson' })
  })
  app.get('/sse', (c) =>
    streamSSE(c, async (s) => {
      for (let i = 0; i < 20; i++) await s.writeSSE({ data: JSON.stringify({ i, pad: 'q'.repeat(50) }) })
    }),
  )
  app.get('/fail', () => {
    throw new Error('boom')
  })
  return app
}

const decode = (enc: string | null, buf: Buffer): string => {
  if (enc === 'br') return zlib.brotliDecompressSync(buf).toString()
  if (enc === 'gzip') return zlib.gunzipSync(buf).toString()
  if (enc === 'deflate') return zlib.inflateSync(buf).toString()
  if (enc === 'zstd')
    return (zlib as unknown as { zstdDecompressSync: (b: Buffer) => Buffer })
      .zstdDecompressSync(buf)
      .toString()
  return buf.toString()
}

describe('negotiateEncoding', () => {
  it('picks by q-value, ties by server order, honours * and q=0', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
    expect(negotiateEncoding('gzip;q=1, br;q=0.5')).toBe('gzip')
    expect(negotiateEncoding('deflate')).toBe('deflate')
    expect(negotiateEncoding('br;q=0, gzip;q=0.1')).toBe('gzip')
    expect(negotiateEncoding('*')).toBe('br')
    expect(negotiateEncoding('*, br;q=0')).toBe(availableEncodings[1])
    expect(negotiateEncoding('identity')).toBeUndefined()
    expect(negotiateEncoding(undefined)).toBeUndefined()
    expect(negotiateEncoding('GZIP')).toBe('gzip')
  })

  it('lowers levels for big bodies and under load', () => {
    expect(defaultLevel('br', 10_000, 'normal')).toBeGreaterThan(defaultLevel('br', 5_000_000, 'normal'))
    expect(defaultLevel('gzip', 10_000, 'busy')).toBeLessThan(defaultLevel('gzip', 10_000, 'normal'))
    expect(defaultLevel('gzip', 10_000, 'overloaded')).toBe(1)
  })
})

describe('compress', () => {
  const app = makeApp()
  const plain = JSON.stringify(rows)

  for (const enc of availableEncodings) {
    it(`compresses JSON with ${enc} and it decodes to the same body`, async () => {
      const res = await app.request('/big', { headers: { 'Accept-Encoding': enc } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-encoding')).toBe(enc)
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i)
      const buf = Buffer.from(await res.arrayBuffer())
      expect(Number(res.headers.get('content-length'))).toBe(buf.byteLength)
      expect(buf.byteLength).toBeLessThan(Buffer.byteLength(plain) / 3)
      expect(decode(enc, buf)).toBe(plain)
    })
  }

  it('sends identity when not asked, with Vary set', async () => {
    const res = await app.request('/big')
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(await res.text()).toBe(plain)
  })

  it('leaves bodies under 500 bytes alone', async () => {
    const res = await app.request('/tiny', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(await res.json()).toEqual({ ok: true })
  })

  it('compresses c.text bodies (no Content-Length known up front)', async () => {
    const res = await app.request('/text', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(decode('gzip', Buffer.from(await res.arrayBuffer()))).toBe('x'.repeat(5000))
  })

  it('skips incompressible types, encoded bodies, no-transform, ranges and HEAD', async () => {
    const png = await app.request('/png', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(png.headers.get('content-encoding')).toBeNull()
    expect((await png.arrayBuffer()).byteLength).toBe(5000)

    const encoded = await app.request('/encoded', { headers: { 'Accept-Encoding': 'br' } })
    expect(encoded.headers.get('content-encoding')).toBe('gzip')
    expect(decode('gzip', Buffer.from(await encoded.arrayBuffer()))).toBe('y'.repeat(5000))

    const nt = await app.request('/no-transform', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(nt.headers.get('content-encoding')).toBeNull()
    expect(await nt.text()).toBe(plain)

    const ranged = await app.request('/big', { headers: { 'Accept-Encoding': 'gzip', Range: 'bytes=0-10' } })
    expect(ranged.headers.get('content-encoding')).toBeNull()

    const head = await app.request('/big', { method: 'HEAD', headers: { 'Accept-Encoding': 'gzip' } })
    expect(head.headers.get('content-encoding')).toBeNull()
  })

  it('marks the strong ETag with the coding and still answers 304 to either form', async () => {
    const identity = await app.request('/big')
    const tag = identity.headers.get('etag')!
    expect(tag).toMatch(/^"[\w.-]+"$/)
    const br = await app.request('/big', { headers: { 'Accept-Encoding': 'br' } })
    const brTag = br.headers.get('etag')!
    expect(brTag).toBe(`${tag.slice(0, -1)}-br"`)
    for (const sent of [tag, brTag]) {
      const again = await app.request('/big', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': sent } })
      expect(again.status).toBe(304)
      expect(again.headers.get('etag')).toBe(sent)
      expect(again.headers.get('vary')).toMatch(/accept-encoding/i)
      expect(await again.text()).toBe('')
    }
  })

  it('compresses a streamed body as it streams', async () => {
    const res = await app.request('/stream', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('content-length')).toBeNull()
    const lines = decode('gzip', Buffer.from(await res.arrayBuffer()))
      .trim()
      .split('\n')
    expect(lines).toHaveLength(50)
    expect(JSON.parse(lines[49]!).i).toBe(49)
  })

  it('compresses SSE', async () => {
    const res = await app.request('/sse', { headers: { 'Accept-Encoding': 'br' } })
    expect(res.headers.get('content-encoding')).toBe('br')
    const text = decode('br', Buffer.from(await res.arrayBuffer()))
    expect(text.match(/^data: /gm)).toHaveLength(20)
  })

  it('leaves error envelopes under the threshold as they are', async () => {
    const res = await app.request('/fail', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.status).toBe(500)
    expect((await res.json()).error.code).toBe('internal_error')
  })
})

describe('compress on Lambda (hono/aws-lambda handle)', () => {
  const app = makeApp()
  const handler = handle(app)

  const event = (path: string, headers: Record<string, string>) =>
    ({
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'abc.lambda-url.eu-west-1.on.aws', ...headers },
      requestContext: {
        accountId: 'anonymous',
        apiId: 'abc',
        domainName: 'abc.lambda-url.eu-west-1.on.aws',
        domainPrefix: 'abc',
        http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        requestId: 'r1',
        routeKey: '$default',
        stage: '$default',
        time: '29/Nov/2026:00:00:00 +0000',
        timeEpoch: 0,
      },
      body: undefined,
      isBase64Encoded: false,
    }) as unknown as LambdaEvent

  it('returns the compressed body base64-encoded with isBase64Encoded', async () => {
    const out = (await handler(event('/big', { 'accept-encoding': 'gzip, br' }))) as {
      statusCode: number
      body: string
      headers: Record<string, string>
      isBase64Encoded: boolean
    }
    expect(out.statusCode).toBe(200)
    expect(out.isBase64Encoded).toBe(true)
    expect(out.headers['content-encoding']).toBe('br')
    expect(decode('br', Buffer.from(out.body, 'base64'))).toBe(JSON.stringify(rows))
  })

  it('returns plain JSON text when the client does not accept compression', async () => {
    const out = (await handler(event('/big', {}))) as { body: string; isBase64Encoded: boolean }
    expect(out.isBase64Encoded).toBe(false)
    expect(JSON.parse(out.body)).toEqual(rows)
  })
})

describe('compression counters', () => {
  it('count compressed responses and bytes saved', async () => {
    const { compressionStats } = await import('./compress.ts')
    const before = compressionStats()
    await makeApp().request('/big', { headers: { 'Accept-Encoding': 'gzip' } })
    const after = compressionStats()
    expect(after.compressed.gzip).toBe(before.compressed.gzip + 1)
    expect(after.bytesIn - before.bytesIn).toBe(Buffer.byteLength(JSON.stringify(rows)))
    expect(after.bytesOut - before.bytesOut).toBeLessThan((after.bytesIn - before.bytesIn) / 3)
  })

  it("compress a lone request's larger body in place, and on the thread pool while another is answered", async () => {
    const { compressionStats, SYNC_COMPRESS_MAX } = await import('./compress.ts')
    expect(Buffer.byteLength(JSON.stringify(rows))).toBeGreaterThan(SYNC_COMPRESS_MAX)
    let release!: () => void
    const app = makeApp(new Promise((r) => (release = r)))
    const gzip = { headers: { 'Accept-Encoding': 'gzip' } }
    const s0 = compressionStats()
    const lone = await app.request('/big', gzip)
    expect(decode('gzip', Buffer.from(await lone.arrayBuffer()))).toBe(JSON.stringify(rows))
    const s1 = compressionStats()
    expect([s1.inPlace - s0.inPlace, s1.pooled - s0.pooled]).toEqual([1, 0])
    const other = app.request('/held')
    const shared = await app.request('/big', gzip)
    expect(decode('gzip', Buffer.from(await shared.arrayBuffer()))).toBe(JSON.stringify(rows))
    const s2 = compressionStats()
    expect([s2.inPlace - s1.inPlace, s2.pooled - s1.pooled]).toEqual([0, 1])
    release()
    expect((await other).status).toBe(200)
  })
})
