import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { onError } from './errors.ts'
import { keysetRows, ndjsonResponse, wantsNdjson } from './ndjson.ts'

const bar = (i: number) => ({ date: `d${i}`, close: i, meta: { src: 'gen', i } })

function makeApp(counter: { produced: number; returned: boolean }) {
  const app = new Hono()
  app.onError(onError)
  async function* gen(n: number, failAt = -1) {
    try {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error('db went away')
        counter.produced++
        yield bar(i)
      }
    } finally {
      counter.returned = true
    }
  }
  app.get('/rows', (c) => ndjsonResponse(c, gen(Number(c.req.query('n') ?? 10)), { batchBytes: 1024 }))
  app.get('/fail', (c) => ndjsonResponse(c, gen(100, 50), { batchBytes: 1024 }))
  app.get('/sync', (c) => ndjsonResponse(c, [1, 2, 3]))
  app.get('/accept', (c) => c.text(String(wantsNdjson(c))))
  return app
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))

describe('ndjsonResponse', () => {
  it('streams every row as one JSON line', async () => {
    const counter = { produced: 0, returned: false }
    const res = await makeApp(counter).request('/rows?n=500')
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    const got = lines(await res.text())
    expect(got).toHaveLength(500)
    expect(got[499]).toEqual(bar(499))
  })

  it('applies fields= to each row and rejects unknown fields with 400 before streaming', async () => {
    const counter = { produced: 0, returned: false }
    const app = makeApp(counter)
    const got = lines(await (await app.request('/rows?n=3&fields=close,meta.i')).text())
    expect(got).toEqual([0, 1, 2].map((i) => ({ close: i, meta: { i } })))
    const bad = await app.request('/rows?n=3&fields=volume')
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.details[0].message).toContain('volume')
    expect(counter.returned).toBe(true)
  })

  it('ends with an error line when the source fails mid-stream', async () => {
    const res = await makeApp({ produced: 0, returned: false }).request('/fail')
    expect(res.status).toBe(200)
    const got = lines(await res.text())
    expect(got).toHaveLength(51)
    expect(got[50]).toEqual({ error: { code: 'stream_error', message: 'db went away' } })
  })

  it('accepts plain iterables', async () => {
    expect(lines(await (await makeApp({ produced: 0, returned: false }).request('/sync')).text())).toEqual([
      1, 2, 3,
    ])
  })

  it('pulls rows no faster than the reader takes them (backpressure)', async () => {
    const counter = { produced: 0, returned: false }
    const res = await makeApp(counter).request('/rows?n=100000')
    const reader = res.body!.getReader()
    await reader.read()
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r))
    const perBatch = Math.ceil(1024 / JSON.stringify(bar(99999)).length)
    // a few batches may sit in stream queues; the producer must not have run ahead by more than that
    expect(counter.produced).toBeLessThan(perBatch * 8)
    await reader.cancel()
    for (let i = 0; i < 200 && !counter.returned; i++) await new Promise((r) => setTimeout(r, 1))
    expect(counter.returned).toBe(true)
    expect(counter.produced).toBeLessThan(100000)
  })

  it('detects the NDJSON Accept header', async () => {
    const app = makeApp({ produced: 0, returned: false })
    expect(await (await app.request('/accept', { headers: { Accept: 'application/x-ndjson' } })).text()).toBe(
      'true',
    )
    expect(await (await app.request('/accept', { headers: { Accept: 'application/json' } })).text()).toBe(
      'false',
    )
  })
})

describe('keysetRows', () => {
  it('reads in chunks after the last key until a short chunk', async () => {
    const all = Array.from({ length: 25 }, (_, i) => ({ id: i + 1 }))
    const calls: (number | undefined)[] = []
    const rows = keysetRows(
      async (after: number | undefined, limit) => {
        calls.push(after)
        return all.filter((r) => after === undefined || r.id > after).slice(0, limit)
      },
      (r) => r.id,
      10,
    )
    const got: number[] = []
    for await (const r of rows) got.push(r.id)
    expect(got).toEqual(all.map((r) => r.id))
    expect(calls).toEqual([undefined, 10, 20])
  })
})
