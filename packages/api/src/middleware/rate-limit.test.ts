import type { Principal } from '@supernova/core'
import { createMonitor } from '@supernova/metrics'
import { memoryRateLimiter, type RateLimiter } from '@supernova/ratelimit'
import { createTestAppDeps, withAppDeps } from '@supernova/testing'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { compileTrustProxy } from '../client-address.ts'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { rateLimit } from './rate-limit.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
beforeAll(async () => {
  deps = await createTestAppDeps()
})
afterAll(() => deps.close())

const limited = (limiter: RateLimiter, extra: Partial<NonNullable<AppDeps['rateLimit']>> = {}) => {
  const d = withAppDeps(deps, {
    monitor: createMonitor(),
    rateLimit: {
      limiter,
      budget: { name: 'default', limit: 3, windowMs: 60_000 },
      expensive: { name: 'expensive', limit: 1, windowMs: 60_000 },
      ...extra,
    },
  })
  return { app: createApp(d), deps: d }
}
const metric = async (app: ReturnType<typeof createApp>) => (await app.request('/metrics')).text()

describe('rate limits', () => {
  it('counts down in RateLimit-* headers, then answers 429 rate_limited with Retry-After', async () => {
    const { app } = limited(memoryRateLimiter())
    const statuses = []
    for (let i = 0; i < 4; i++) {
      const res = await app.request('/v1/symbols')
      statuses.push(res.status)
      expect(res.headers.get('ratelimit-limit')).toBe('3')
      expect(res.headers.get('ratelimit-remaining')).toBe(String(Math.max(0, 2 - i)))
      expect(res.headers.get('ratelimit-policy')).toBe('3;w=60')
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0)
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        const body = (await res.json()) as { error: { code: string; message: string } }
        expect(body.error.code).toBe('rate_limited')
        expect(body.error.message).toMatch(/retry in \d+ s/)
        expect(res.headers.get('x-request-id')).toBeTruthy()
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    // health, docs and metrics are never counted
    expect((await app.request('/health')).status).toBe(200)
    expect((await app.request('/health')).headers.get('ratelimit-limit')).toBeNull()
  })

  it('bills analytics routes to the smaller expensive budget, apart from the default one', async () => {
    const { app } = limited(memoryRateLimiter())
    const backtest = () =>
      app.request('/v1/batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requests: [{ method: 'GET', path: '/v1/symbols/AAPL' }] }),
      })
    const first = await backtest()
    expect(first.headers.get('ratelimit-policy')).toBe('1;w=60')
    const second = await backtest()
    expect(second.status).toBe(429)
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(/expensive/)
    // the batch's sub-request was billed to the default budget
    const after = await app.request('/v1/symbols')
    expect(after.status).toBe(200)
    expect(after.headers.get('ratelimit-remaining')).toBe('1')
    const text = await metric(app)
    expect(text).toMatch(/rate_limit_requests_total\{budget="expensive",outcome="limited"\} 1/)
    expect(text).toMatch(/rate_limit_requests_total\{budget="default",outcome="allowed"\} 2/)
  })

  it('keys on the API key when a request is authenticated, on the address otherwise', async () => {
    const sharedLimiter = memoryRateLimiter()
    const keyed = (principal?: Principal) => {
      const a = new Hono<AppEnv>()
      // what the identity helper's authenticate middleware does before this layer
      a.use('*', async (c, next) => {
        if (principal) c.set('principal', principal)
        await next()
      })
      a.use(
        '*',
        rateLimit(
          {
            limiter: sharedLimiter,
            budget: { name: 'default', limit: 1, windowMs: 60_000 },
            expensive: { name: 'expensive', limit: 1, windowMs: 60_000 },
          },
          deps.monitor,
        ),
      )
      a.get('/v1/x', (c) => c.json({ ok: true }))
      return a
    }
    const key = (keyId: string): Principal => ({ owner: 'acct1', scopes: ['read'], kind: 'api-key', keyId })
    expect((await keyed(key('k1')).request('/v1/x')).status).toBe(200)
    expect((await keyed(key('k1')).request('/v1/x')).status).toBe(429)
    expect((await keyed(key('k2')).request('/v1/x')).status).toBe(200)
    const jwt: Principal = { owner: 'user9', scopes: ['read'], kind: 'jwt' }
    expect((await keyed(jwt).request('/v1/x')).status).toBe(200)
    expect((await keyed({ ...jwt }).request('/v1/x')).status).toBe(429)

    const ip = (addr: string) => ({ incoming: { socket: { remoteAddress: addr } } })
    const local = keyed()
    expect((await local.request('/v1/x', {}, ip('10.0.0.1'))).status).toBe(200)
    expect((await local.request('/v1/x', {}, ip('10.0.0.1'))).status).toBe(429)
    expect((await local.request('/v1/x', {}, ip('10.0.0.2'))).status).toBe(200)
    // loopback callers are not counted unless asked
    for (let i = 0; i < 3; i++) expect((await local.request('/v1/x', {}, ip('127.0.0.1'))).status).toBe(200)
    const strict = limited(memoryRateLimiter(), {
      budget: { name: 'default', limit: 1, windowMs: 60_000 },
      exemptLoopback: false,
    }).app
    expect((await strict.request('/v1/symbols', {}, ip('::1'))).status).toBe(200)
    expect((await strict.request('/v1/symbols', {}, ip('::1'))).status).toBe(429)
  })

  it('behind a trusted proxy bills each forwarded client separately and stops exempting the proxy', async () => {
    const { app } = limited(memoryRateLimiter(), {
      budget: { name: 'default', limit: 1, windowMs: 60_000 },
      trustProxy: compileTrustProxy('loopback'),
    })
    const via = (peer: string, xff?: string) =>
      app.request(
        '/v1/symbols',
        { headers: xff ? { 'x-forwarded-for': xff } : {} },
        {
          incoming: { socket: { remoteAddress: peer } },
        },
      )
    // nginx on the same machine forwards two clients: each has its own budget, neither is "loopback"
    expect((await via('127.0.0.1', '203.0.113.7')).status).toBe(200)
    expect((await via('127.0.0.1', '203.0.113.7')).status).toBe(429)
    expect((await via('127.0.0.1', '198.51.100.4')).status).toBe(200)
    // a client cannot pick its address: the header is believed only from the trusted proxy, and only its last hop
    expect((await via('192.0.2.9', '198.51.100.77')).status).toBe(200)
    expect((await via('192.0.2.9', '198.51.100.78')).status).toBe(429)
    expect((await via('127.0.0.1', '198.51.100.99, 203.0.113.7')).status).toBe(429)
  })

  it('fails open when the store fails, counting it, never a 5xx', async () => {
    const broken: RateLimiter = {
      name: 'broken',
      consume: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')),
      close: async () => {},
    }
    const { app } = limited(broken)
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/v1/symbols')
      expect(res.status).toBe(200)
      expect(res.headers.get('ratelimit-limit')).toBeNull()
    }
    expect(await metric(app)).toMatch(/rate_limit_requests_total\{budget="default",outcome="failed_open"\} 5/)
  })
})
