import { createMonitor } from '@supernova/metrics'
import { type ErrorHandler, Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { UNMATCHED_ROUTE } from './metrics.ts'
import { requestContext } from './request-context.ts'
import { respond } from './respond.ts'

function smallApp() {
  const monitor = createMonitor()
  const app = new Hono<AppEnv>()
  const onError: ErrorHandler<AppEnv> = (_e, c) => c.json({ error: { code: 'internal_error' } }, 500)
  app.use('*', requestContext({ deps: {} as AppDeps, http: monitor.http, onError }))
  app.use('*', respond({ compress: { threshold: 1024 } }))
  app.get('/items/:id', (c) => c.json({ id: c.req.param('id') }))
  app.get('/big', (c) => c.json({ text: 'x'.repeat(20_000) }))
  app.post('/echo', async (c) => c.json(await c.req.json(), 201))
  app.get('/boom', () => {
    throw new Error('boom')
  })
  app.onError(onError)
  return { app, monitor }
}

describe('requestMetrics middleware', () => {
  it('labels requests by route template, never by raw path', async () => {
    const { app, monitor } = smallApp()
    for (const id of ['1', '2', '3', 'abc']) expect((await app.request(`/items/${id}`)).status).toBe(200)
    const routes = monitor.http.byRoute(60_000)
    expect(routes).toHaveLength(1)
    expect(routes[0]).toMatchObject({ method: 'GET', route: '/items/:id', count: 4, status: { '2xx': 4 } })
    expect(routes[0]!.latencyMs.count).toBe(4)
  })

  it('puts unmatched paths under one label and records thrown errors as 5xx', async () => {
    const { app, monitor } = smallApp()
    for (let i = 0; i < 5; i++) await app.request(`/random/${i}`)
    expect((await app.request('/boom')).status).toBe(500)
    const byRoute = Object.fromEntries(monitor.http.byRoute(60_000).map((r) => [r.route, r]))
    expect(byRoute[UNMATCHED_ROUTE]).toMatchObject({ count: 5, status: { '4xx': 5 } })
    expect(byRoute['/boom']).toMatchObject({ count: 1, status: { '5xx': 1 }, serverErrorRate: 1 })
  })

  it('counts bytes in (Content-Length) and out (the body, or the compressed length on the wire)', async () => {
    const { app, monitor } = smallApp()
    const body = JSON.stringify({ hello: 'world' })
    await app.request('/echo', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    })
    const big = await app.request('/big', { headers: { 'accept-encoding': 'gzip' } })
    const wire = (await big.arrayBuffer()).byteLength
    const byRoute = Object.fromEntries(monitor.http.byRoute(60_000).map((r) => [r.route, r]))
    expect(byRoute['/echo']).toMatchObject({ bytesIn: body.length, bytesOut: body.length })
    expect(big.headers.get('content-encoding')).toBe('gzip')
    expect(byRoute['/big']!.bytesOut).toBe(wire)
    expect(wire).toBeLessThan(20_000)
  })
})
