import { createMonitor } from '@supernova/metrics'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { onError } from '../errors.ts'
import { requestContext } from './request-context.ts'
import { requestSignal } from './timeout.ts'

const deps = { version: 'test' } as AppDeps

function makeApp() {
  const monitor = createMonitor()
  const app = new Hono<AppEnv>()
  app.onError(onError)
  app.use(
    requestContext({
      deps,
      http: monitor.http,
      maxBodyBytes: 100,
      maxQueryLength: 50,
      timeoutMs: 50,
      onError,
    }),
  )
  app.get('/items/:id', (c) =>
    c.json({ id: c.req.param('id'), rid: c.get('requestId'), v: c.get('deps').version }),
  )
  app.post('/echo', async (c) => c.json({ got: (await c.req.text()).length }))
  app.get('/slow', async (c) => {
    const signal = requestSignal(c)!
    await new Promise((resolve) => signal.addEventListener('abort', resolve))
    return c.json({ aborted: signal.aborted })
  })
  app.get('/never', () => new Promise<Response>(() => {}))
  app.get('/boom', () => {
    throw new Error('boom')
  })
  app.get('/fetched', () => Response.redirect('http://127.0.0.1/elsewhere', 302))
  return { app, monitor }
}

describe('requestContext', () => {
  it('sets deps and a request id (kept when the client sent a valid one) on the answer', async () => {
    const { app } = makeApp()
    const res = await app.request('/items/7')
    const id = res.headers.get('x-request-id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(await res.json()).toEqual({ id: '7', rid: id, v: 'test' })
    const kept = await app.request('/items/7', { headers: { 'x-request-id': 'abc-123' } })
    expect(kept.headers.get('x-request-id')).toBe('abc-123')
    const replaced = await app.request('/items/7', { headers: { 'x-request-id': 'bad id!' } })
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id!')
    expect((await app.request('/fetched')).headers.get('x-request-id')).toBeTruthy()
  })

  it('answers limits and deadlines in the envelope with the request id, and records them', async () => {
    const { app, monitor } = makeApp()
    const long = await app.request(`/items/1?q=${'x'.repeat(60)}`)
    expect(long.status).toBe(414)
    expect(long.headers.get('x-request-id')).toBeTruthy()
    const big = await app.request('/echo', { method: 'POST', body: 'x'.repeat(200) })
    expect(big.status).toBe(413)
    const never = await app.request('/never')
    expect(never.status).toBe(504)
    expect(((await never.json()) as { error: { code: string } }).error.code).toBe('timeout')
    expect(never.headers.get('x-request-id')).toBeTruthy()
    expect((await app.request('/slow')).status).toBe(504)
    const boom = await app.request('/boom')
    expect(boom.status).toBe(500)
    expect(boom.headers.get('x-request-id')).toBeTruthy()
    const byRoute = Object.fromEntries(monitor.http.byRoute(60_000).map((r) => [`${r.method} ${r.route}`, r]))
    expect(byRoute['GET /items/:id']).toMatchObject({ count: 1, status: { '4xx': 1 } })
    expect(byRoute['POST /echo']).toMatchObject({ count: 1, status: { '4xx': 1 } })
    expect(byRoute['GET /never']).toMatchObject({ count: 1, status: { '5xx': 1 } })
    expect(byRoute['GET /boom']).toMatchObject({ count: 1, status: { '5xx': 1 } })
  })
})
