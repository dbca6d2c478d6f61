import { NotFoundError } from '@supernova/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { onError } from '../errors.ts'
import { requestContext } from '../middleware/request-context.ts'
import { respond } from '../middleware/respond.ts'
import { createOpenApi } from '../openapi.ts'
import { batchRoute } from './batch.ts'

type Item = { id?: string; status: number; headers: Record<string, string>; body: unknown }

let releaseA: () => void = () => {}
const aStarted = new Promise<void>((resolve) => {
  releaseA = resolve
})

function makeApp(withOpenApi = false) {
  const app = new Hono<AppEnv>()
  app.onError(onError)
  app.use(requestContext({ deps: {} as AppDeps, maxBodyBytes: 10_000, onError }))
  app.use(respond())
  app.get('/v1/items/:id', (c) => {
    if (c.req.param('id') === '404') throw new NotFoundError('no such item')
    return c.json({ id: c.req.param('id'), name: `item ${c.req.param('id')}`, pad: 'x'.repeat(2000) })
  })
  app.get('/v1/whoami', (c) =>
    c.json({ auth: c.req.header('authorization') ?? null, accept: c.req.header('accept-encoding') }),
  )
  app.post('/v1/echo', async (c) => c.json({ got: await c.req.json() }, 201))
  app.get('/v1/boom', () => {
    throw new Error('kaput')
  })
  // /v1/wait only answers once /v1/signal has started: proves the sub-requests run concurrently
  app.get('/v1/wait', async (c) => {
    await aStarted
    return c.json({ waited: true })
  })
  app.get('/v1/signal', (c) => {
    releaseA()
    return c.json({ signalled: true })
  })
  batchRoute(app, {
    maxItems: 5,
    ...(withOpenApi ? { openapi: createOpenApi({ title: 't', version: '1' }) } : {}),
  })
  return app
}

const post = (app: Hono<AppEnv>, body: unknown, headers: Record<string, string> = {}) =>
  app.request('/v1/batch', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  })

describe('batchRoute', () => {
  for (const withOpenApi of [false, true]) {
    describe(withOpenApi ? 'declared through defineRoute' : 'plain route', () => {
      const app = makeApp(withOpenApi)

      it('runs each sub-request through the app with its own status and body, in order', async () => {
        const res = await post(app, {
          requests: [
            { id: 'a', method: 'get', path: '/v1/items/1?fields=id,name' },
            { id: 'b', method: 'GET', path: '/v1/items/404' },
            { method: 'POST', path: '/v1/echo', body: { x: 1 } },
            { method: 'GET', path: '/v1/boom' },
            { method: 'GET', path: '/v1/items/2?fields=nope' },
          ],
        })
        expect(res.status).toBe(200)
        const { responses } = (await res.json()) as { responses: Item[] }
        expect(responses.map((r) => r.status)).toEqual([200, 404, 201, 500, 400])
        expect(responses[0]).toMatchObject({ id: 'a', body: { id: '1', name: 'item 1' } })
        expect(responses[0]!.headers.etag).toMatch(/^"/)
        expect(responses[0]!.headers['content-encoding']).toBeUndefined()
        expect(responses[1]).toMatchObject({ id: 'b', body: { error: { code: 'not_found' } } })
        expect(responses[2]!.body).toEqual({ got: { x: 1 } })
        expect(responses[3]!.body).toMatchObject({ error: { code: 'internal_error' } })
        expect(responses[4]!.body).toMatchObject({
          error: { details: [{ message: "unknown field 'nope'" }] },
        })
      })

      it('passes the caller’s credentials to sub-requests but not its Accept-Encoding', async () => {
        const res = await post(
          app,
          { requests: [{ method: 'GET', path: '/v1/whoami' }] },
          {
            authorization: 'Bearer abc',
            'accept-encoding': 'gzip',
          },
        )
        const { responses } = (await res.json()) as { responses: Item[] }
        expect(responses[0]!.body).toEqual({ auth: 'Bearer abc', accept: 'identity' })
      })

      it('runs sub-requests concurrently', async () => {
        const res = await post(app, {
          requests: [
            { method: 'GET', path: '/v1/wait' },
            { method: 'GET', path: '/v1/signal' },
          ],
        })
        const { responses } = (await res.json()) as { responses: { status: number }[] }
        expect(responses.map((r) => r.status)).toEqual([200, 200])
      })

      it('rejects too many items, nested batches, foreign paths and bad bodies with 400', async () => {
        const six = Array.from({ length: 6 }, () => ({ method: 'GET', path: '/v1/items/1' }))
        const tooMany = await post(app, { requests: six })
        expect(tooMany.status).toBe(400)
        expect((await tooMany.json()).error.details[0].field).toBe('body.requests')

        const nested = await post(app, {
          requests: [{ method: 'POST', path: '/v1/batch/', body: { requests: [] } }],
        })
        expect(nested.status).toBe(400)
        expect((await nested.json()).error.details[0].field).toBe('body.requests.0.path')

        const marked = await post(
          app,
          { requests: [{ method: 'GET', path: '/v1/items/1' }] },
          { 'x-supernova-batch': '1' },
        )
        expect(marked.status).toBe(400)

        for (const path of ['//evil.example/x', 'v1/items/1', '']) {
          const bad = await post(app, { requests: [{ method: 'GET', path }] })
          expect(bad.status).toBe(400)
        }
        expect((await post(app, { requests: [{ method: 'TRACE', path: '/v1/items/1' }] })).status).toBe(400)
        expect((await post(app, { requests: [] })).status).toBe(400)
        const notJson = await app.request('/v1/batch', {
          method: 'POST',
          body: '{',
          headers: { 'content-type': 'application/json' },
        })
        expect(notJson.status).toBe(400)
      })

      it('is bounded by the body limit (413)', async () => {
        const big = await post(app, {
          requests: [{ method: 'POST', path: '/v1/echo', body: 'x'.repeat(20_000) }],
        })
        expect(big.status).toBe(413)
      })

      it('compresses the batch answer itself when asked', async () => {
        const res = await post(
          app,
          { requests: [1, 2, 3].map((i) => ({ method: 'GET', path: `/v1/items/${i}` })) },
          { 'accept-encoding': 'gzip' },
        )
        expect(res.headers.get('content-encoding')).toBe('gzip')
      })
    })
  }
})
