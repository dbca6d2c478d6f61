import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { onError } from '../errors.ts'
import { requestContext } from './request-context.ts'
import { requestSignal } from './timeout.ts'

function makeApp() {
  const app = new Hono<AppEnv>()
  app.onError(onError)
  app.use(
    requestContext({ deps: {} as AppDeps, maxBodyBytes: 100, maxQueryLength: 50, timeoutMs: 50, onError }),
  )
  app.get('/q', (c) => c.json({ q: c.req.query('q') }))
  app.post('/echo', async (c) => c.json({ got: (await c.req.text()).length }))
  app.get('/slow', async (c) => {
    const signal = requestSignal(c)!
    await new Promise((resolve) => signal.addEventListener('abort', resolve))
    return c.json({ aborted: signal.aborted })
  })
  app.get('/never', () => new Promise<Response>(() => {}))
  return app
}

describe('limits', () => {
  const app = makeApp()

  it('lets requests within the limits through', async () => {
    expect(await (await app.request('/q?q=abc')).json()).toEqual({ q: 'abc' })
    const res = await app.request('/echo', { method: 'POST', body: 'x'.repeat(100) })
    expect(await res.json()).toEqual({ got: 100 })
  })

  it('answers 414 for a long query string', async () => {
    const res = await app.request(`/q?q=${'a'.repeat(60)}`)
    expect(res.status).toBe(414)
    expect((await res.json()).error.code).toBe('uri_too_long')
  })

  it('answers 413 by Content-Length before reading the body', async () => {
    const res = await app.request('/echo', { method: 'POST', body: 'x'.repeat(101) })
    expect(res.status).toBe(413)
    const body = await res.json()
    expect(body.error.code).toBe('payload_too_large')
    expect(body.error.details[0].field).toBe('body')
  })

  it('answers 413 for a chunked body without Content-Length', async () => {
    const chunks = [new Uint8Array(60), new Uint8Array(60)]
    const body = new ReadableStream({
      pull(ctl) {
        const next = chunks.shift()
        if (next) ctl.enqueue(next)
        else ctl.close()
      },
    })
    const res = await app.request('/echo', { method: 'POST', body, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
  })

  it('answers 400 for a malformed Content-Length', async () => {
    const req = new Request('http://localhost/echo', {
      method: 'POST',
      body: 'x',
      headers: { 'content-length': '1' },
    })
    const bad = new Request(req, { headers: { 'content-length': 'abc' } })
    expect((await app.request(bad)).status).toBe(400)
  })
})

describe('timeout', () => {
  const app = makeApp()

  it('answers 504 in the envelope when the handler misses its deadline', async () => {
    const res = await app.request('/never')
    expect(res.status).toBe(504)
    const body = await res.json()
    expect(body.error.code).toBe('timeout')
    expect(body.error.message).toMatch(/50 ms/)
  })

  it('aborts the request signal so downstream work can stop', async () => {
    const res = await app.request('/slow')
    expect(res.status).toBe(504)
  })

  it('does not touch requests that finish in time', async () => {
    expect((await app.request('/q?q=1')).status).toBe(200)
  })
})

describe('DeadlineQueue', () => {
  it('unlinks every settled request, in any order, and expires only the late ones', async () => {
    const { DeadlineQueue } = await import('./timeout.ts')
    // a deadline far above the quick requests' waits, so a loaded machine cannot expire them
    const queue = new DeadlineQueue(500)
    const ctx = () => ({}) as Parameters<typeof requestSignal>[0]
    const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
    const quick = Array.from({ length: 50 }, (_, i) => queue.run(ctx(), () => wait(i % 7)))
    const failing = queue.run(ctx(), () => Promise.reject(new Error('boom')))
    const late = ctx()
    const slow = queue.run(late, () => new Promise<void>(() => {}))
    const expired = expect(slow).rejects.toMatchObject({ code: 'timeout' }) // handled from the start
    expect(queue.pending).toBe(52)
    await expect(failing).rejects.toThrow('boom')
    await Promise.all(quick)
    expect(queue.pending).toBe(1)
    await expired
    expect(requestSignal(late)?.aborted).toBe(true)
    expect(queue.pending).toBe(0)
  })
})
