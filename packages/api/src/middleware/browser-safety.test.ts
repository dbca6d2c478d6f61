import { createTestAppDeps, withAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>
let lambdaApp: ReturnType<typeof createApp>
const ORIGIN = 'https://app.example.com'

beforeAll(async () => {
  deps = await createTestAppDeps()
  app = createApp(withAppDeps(deps, { browser: { corsOrigins: [ORIGIN] } }))
  lambdaApp = createApp(withAppDeps(deps, { browser: { hsts: 'always' } }))
})
afterAll(() => deps.close())

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error

describe('content type on JSON routes', () => {
  it('answers 415 naming application/json for a text/plain or form body, and takes JSON', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', undefined]) {
      const res = await app.request('/v1/watchlists', {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: JSON.stringify({ name: 'csrf', symbols: ['AAPL'] }),
      })
      expect(res.status).toBe(415)
      const e = await errorOf(res)
      expect(e.code).toBe('unsupported_media_type')
      expect(e.message).toMatch(/application\/json/)
    }
    const ok = await app.request('/v1/watchlists', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ name: 'fine', symbols: ['AAPL'] }),
    })
    expect(ok.status).toBe(201)
  })

  it('checks batch sub-requests the same way', async () => {
    const res = await app.request('/v1/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: [
          {
            method: 'POST',
            path: '/v1/watchlists',
            headers: { 'content-type': 'text/plain' },
            body: '{"name":"x"}',
          },
        ],
      }),
    })
    const body = (await res.json()) as { responses: { status: number }[] }
    expect(body.responses[0]!.status).toBe(415)
  })
})

describe('405 for a known path with the wrong method', () => {
  it('answers 405 method_not_allowed with Allow, 404 for unknown paths, 204 + Allow for OPTIONS', async () => {
    const put = await app.request('/v1/watchlists', { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST')
    expect((await errorOf(put)).code).toBe('method_not_allowed')
    const del = await app.request('/v1/symbols/AAPL', { method: 'DELETE' })
    expect(del.status).toBe(405)
    expect(del.headers.get('allow')).toContain('GET')
    expect((await app.request('/v1/nothing-here', { method: 'PUT' })).status).toBe(404)
    const options = await app.request('/v1/tasks/abc', { method: 'OPTIONS' })
    expect(options.status).toBe(204)
    expect(options.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS')
  })
})

describe('CORS', () => {
  it('answers a preflight from an allowed origin with 204 and the CORS headers', async () => {
    const res = await app.request('/v1/watchlists', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('sends no CORS headers to other origins, nor without a configured list', async () => {
    const preflight = await app.request('/v1/watchlists', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const plain = await createApp(deps).request('/v1/symbols', { headers: { origin: ORIGIN } })
    expect(plain.status).toBe(200)
    expect(plain.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('exposes the rate-limit and pagination headers to an allowed origin', async () => {
    const res = await app.request('/v1/symbols', { headers: { origin: ORIGIN } })
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(res.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining')
    expect(res.headers.get('vary')).toContain('Origin')
  })
})

describe('security headers', () => {
  it('sends nosniff, Referrer-Policy and X-Frame-Options on answers and errors; HSTS only over TLS', async () => {
    for (const path of ['/health', '/v1/symbols', '/v1/nothing']) {
      const res = await app.request(path)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('strict-transport-security')).toBeNull()
    }
    const tls = await app.request('/health', { headers: { 'x-forwarded-proto': 'https' } })
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect((await lambdaApp.request('/health')).headers.get('strict-transport-security')).toMatch(/max-age/)
  })

  it('puts a CSP on HTML pages: the dashboard keeps its own, other pages get a strict default', async () => {
    const dash = await app.request('/performance/dashboard')
    expect(dash.headers.get('content-type')).toMatch(/text\/html/)
    expect(dash.headers.get('content-security-policy')).toContain("connect-src 'self'")
    const html = createApp(deps)
    html.get('/page', (c) => c.html('<p>hi</p>'))
    const page = await html.request('/page')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect((await app.request('/health')).headers.get('content-security-policy')).toBeNull()
  })
})
