import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { serve } from '@hono/node-server'
import { createTestAppDeps } from '@supernova/testing'
import type { LambdaEvent } from 'hono/aws-lambda'
import { handle } from 'hono/aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.ts'

// Response optimisation through the real app: every route gets compression, ETags, field selection, limits,
// pagination and NDJSON without opting in.
type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
type Bar = { date: string; open: number; high: number; low: number; close: number; volume: number }
type BarsPage = { symbol: string; data: Bar[]; has_more: boolean; next_cursor: string | null }

let deps: Deps
let app: ReturnType<typeof createApp>
let server: ReturnType<typeof serve>
let port = 0

beforeAll(async () => {
  deps = await createTestAppDeps({
    extra: { http: { maxBodyBytes: 64 * 1024, cursorSecret: 'optimisation-test' } },
  })
  app = createApp(deps)
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      port = info.port
      resolve()
    })
  })
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await deps.close()
})

const get = (path: string, headers: Record<string, string> = {}) =>
  new Promise<{ res: http.IncomingMessage; body: Buffer }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, async (res) => {
        const chunks: Buffer[] = []
        for await (const c of res) chunks.push(c as Buffer)
        resolve({ res, body: Buffer.concat(chunks) })
      })
      .on('error', reject)
  })

describe('compression on every route', () => {
  it('compresses a large JSON answer over the socket; it decodes to the uncompressed answer', async () => {
    const plain = await get('/v1/symbols/AAPL/bars')
    expect(plain.res.headers['content-encoding']).toBeUndefined()
    for (const enc of ['br', 'gzip', 'deflate']) {
      const { res, body } = await get('/v1/symbols/AAPL/bars', {
        'accept-encoding': `${enc}, identity;q=0.5`,
      })
      expect(res.headers['content-encoding']).toBe(enc)
      expect(res.headers.vary).toMatch(/accept-encoding/i)
      expect(body.byteLength).toBeLessThan(plain.body.byteLength * 0.5)
      const decoded = enc === 'br' ? zlib.brotliDecompressSync(body) : zlib.unzipSync(body)
      expect(decoded.toString()).toBe(plain.body.toString())
    }
  })

  it('leaves small answers (health) uncompressed', async () => {
    const { res } = await get('/health', { 'accept-encoding': 'gzip' })
    expect(res.headers['content-encoding']).toBeUndefined()
  })

  it('comes out base64-encoded with isBase64Encoded through the Lambda adapter', async () => {
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/symbols/AAPL/bars',
      rawQueryString: 'from=2022-01-03&to=2022-12-30',
      headers: { host: 'x.lambda-url.us-east-1.on.aws', 'accept-encoding': 'gzip' },
      requestContext: {
        http: { method: 'GET', path: '/v1/symbols/AAPL/bars', sourceIp: '127.0.0.1' },
        requestId: 'r',
      },
      body: undefined,
      isBase64Encoded: false,
    } as unknown as LambdaEvent
    const out = (await handle(app)(event)) as {
      statusCode: number
      body: string
      isBase64Encoded: boolean
      headers: Record<string, string>
    }
    expect(out.statusCode).toBe(200)
    expect(out.isBase64Encoded).toBe(true)
    expect(out.headers['content-encoding']).toBe('gzip')
    const page = JSON.parse(zlib.gunzipSync(Buffer.from(out.body, 'base64')).toString()) as BarsPage
    expect(page.data[0]!.date).toBe('2022-01-03')
    expect(page.data.at(-1)!.date).toBe('2022-12-30')
  })
})

describe('field selection, ETags and pagination on the market routes', () => {
  it('selects fields of each bar and of each symbol; unknown fields are a 400 naming them', async () => {
    const bars = (await (
      await app.request('/v1/symbols/AAPL/bars?limit=3&fields=date,close')
    ).json()) as BarsPage
    expect(bars.symbol).toBe('AAPL')
    expect(bars.data).toHaveLength(3)
    for (const b of bars.data) expect(Object.keys(b)).toEqual(['date', 'close'])
    const syms = (await (await app.request('/v1/symbols?fields=symbol')).json()) as { data: object[] }
    expect(syms.data[0]).toEqual({ symbol: 'AAPL' })
    const bad = await app.request('/v1/symbols/AAPL/bars?fields=date,vwap')
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as {
      error: { code: string; message: string; details: { field: string }[] }
    }
    expect(body.error.code).toBe('validation_error')
    expect(body.error.message).toContain('vwap')
    expect(body.error.details[0]!.field).toBe('query.fields')
  })

  it('answers 304 to If-None-Match with the content ETag, and a new ETag when the content differs', async () => {
    const first = await app.request('/v1/symbols/MSFT')
    const tag = first.headers.get('etag')!
    expect(tag).toMatch(/^"[\w.-]+"$/)
    expect(first.headers.get('cache-control')).toContain('public')
    const again = await app.request('/v1/symbols/MSFT', { headers: { 'If-None-Match': tag } })
    expect(again.status).toBe(304)
    const other = await app.request('/v1/symbols/KO')
    expect(other.headers.get('etag')).not.toBe(tag)
    const mine = await app.request('/v1/symbols/MSFT', { headers: { Authorization: 'Bearer x' } })
    expect(mine.headers.get('cache-control')).toBe('private, no-cache')
  })

  it('pages bars with a signed cursor and a Link header, visiting each bar once in order', async () => {
    const all = (await (
      await app.request('/v1/symbols/SPY/bars?from=2022-01-01&to=2022-03-31&limit=10000')
    ).json()) as BarsPage
    expect(all.has_more).toBe(false)
    const seen: string[] = []
    let url = '/v1/symbols/SPY/bars?from=2022-01-01&to=2022-03-31&limit=7'
    for (let guard = 0; guard < 50; guard++) {
      const res = await app.request(url)
      const page = (await res.json()) as BarsPage
      seen.push(...page.data.map((b) => b.date))
      if (!page.has_more) break
      const link = res.headers.get('link')!
      expect(link).toMatch(/rel="next"/)
      url = /<([^>]+)>/.exec(link)![1]!
    }
    expect(seen).toEqual(all.data.map((b) => b.date))
  })

  it('rejects a tampered cursor, and a cursor from another list, with 400', async () => {
    const page = (await (await app.request('/v1/symbols/SPY/bars?limit=2')).json()) as BarsPage
    const cursor = page.next_cursor!
    const tampered = `${cursor.slice(0, 3)}${cursor[3] === 'A' ? 'B' : 'A'}${cursor.slice(4)}`
    for (const url of [
      `/v1/symbols/SPY/bars?cursor=${tampered}`,
      `/v1/symbols/KO/bars?cursor=${cursor}`,
      `/v1/symbols?cursor=${cursor}`,
    ]) {
      const res = await app.request(url)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cursor/)
    }
  })

  it('gives the next offset with offset paging', async () => {
    const res = await app.request('/v1/symbols?limit=2&offset=2')
    const page = (await res.json()) as { data: { symbol: string }[]; next_offset: number }
    expect(page.data.map((s) => s.symbol)).toEqual(['KO', 'MSFT'])
    expect(page.next_offset).toBe(4)
    expect(res.headers.get('link')).toBe('</v1/symbols?limit=2&offset=4>; rel="next"')
  })
})

describe('NDJSON streaming of lists', () => {
  it('streams every bar of a range, compressed over the socket, with fields applied', async () => {
    const json = (await (await app.request('/v1/symbols/XOM/bars?limit=10000')).json()) as BarsPage
    const { res, body } = await get('/v1/symbols/XOM/bars?fields=date,close', {
      accept: 'application/x-ndjson',
      'accept-encoding': 'gzip',
    })
    expect(res.headers['content-type']).toBe('application/x-ndjson')
    expect(res.headers['content-encoding']).toBe('gzip')
    const rows = zlib
      .gunzipSync(body)
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { date: string; close: number })
    expect(rows).toEqual(json.data.map((b) => ({ date: b.date, close: b.close })))
  })

  it('streams symbols too, and 404s an unknown symbol before streaming', async () => {
    const text = await (
      await app.request('/v1/symbols', { headers: { Accept: 'application/x-ndjson' } })
    ).text()
    expect(text.trim().split('\n')).toHaveLength(6)
    const res = await app.request('/v1/symbols/NOPE/bars', { headers: { Accept: 'application/x-ndjson' } })
    expect(res.status).toBe(404)
  })
})

describe('batch and limits through the app', () => {
  it('runs sub-requests through every middleware', async () => {
    const res = await app.request('/v1/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: [
          { id: 'one', method: 'GET', path: '/v1/symbols/AAPL?fields=symbol,sector' },
          { id: 'two', method: 'GET', path: '/v1/symbols/NOPE' },
          { id: 'three', method: 'GET', path: '/v1/symbols?limit=0' },
        ],
      }),
    })
    expect(res.status).toBe(200)
    const { responses } = (await res.json()) as { responses: { id: string; status: number; body: unknown }[] }
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['one', 200],
      ['two', 404],
      ['three', 400],
    ])
    expect(responses[0]!.body).toEqual({ symbol: 'AAPL', sector: 'Technology' })
    const tooMany = await app.request('/v1/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: Array.from({ length: 21 }, () => ({ method: 'GET', path: '/health' })),
      }),
    })
    expect(tooMany.status).toBe(400)
  })

  it('answers 414 to an overlong query string, in the error envelope', async () => {
    const res = await app.request(`/v1/symbols?sector=${'x'.repeat(3000)}`)
    expect(res.status).toBe(414)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('uri_too_long')
  })
})
