import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ndjsonResponse } from '../ndjson.ts'
import { respond } from './respond.ts'

// Through a real socket: what goes over the wire, chunked transfer, streaming flushes.
const rows = Array.from({ length: 2000 }, (_, i) => ({
  date: `2020-${i}`,
  open: i * 1.5,
  close: i * 1.25,
  volume: i * 1000,
}))

let server: ReturnType<typeof serve>
let port = 0
let releaseSecond: () => void = () => {}
const secondEventGate = () =>
  new Promise<void>((resolve) => {
    releaseSecond = resolve
  })

beforeAll(async () => {
  const app = new Hono()
  app.use(respond())
  app.get('/bars', (c) => c.json({ data: rows, has_more: false, next_cursor: null }))
  app.get('/stream', (c) =>
    ndjsonResponse(
      c,
      (async function* () {
        yield* rows
      })(),
      { batchBytes: 8 * 1024 },
    ),
  )
  app.get('/sse', (c) =>
    streamSSE(c, async (s) => {
      const gate = secondEventGate()
      await s.writeSSE({ event: 'tick', data: JSON.stringify({ n: 1, pad: 'p'.repeat(600) }) })
      // the second event is only sent once the client has decoded the first: a compressor that buffers
      // instead of flushing would leave this test waiting
      await gate
      await s.writeSSE({ event: 'tick', data: JSON.stringify({ n: 2 }) })
    }),
  )
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      port = info.port
      resolve()
    })
  })
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function get(path: string, headers: Record<string, string> = {}): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, headers }, resolve).on('error', reject)
  })
}

const readAll = async (res: http.IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const c of res) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

const decoder = (enc: string | undefined) =>
  enc === 'br' ? zlib.createBrotliDecompress() : enc === 'gzip' ? zlib.createGunzip() : zlib.createInflate()

describe('compression over a socket', () => {
  it('sends fewer bytes that decode to the same JSON, with Content-Length', async () => {
    const plainRes = await get('/bars')
    const plain = await readAll(plainRes)
    for (const enc of ['br', 'gzip', 'deflate']) {
      const res = await get('/bars', { 'accept-encoding': enc })
      expect(res.headers['content-encoding']).toBe(enc)
      const wire = await readAll(res)
      expect(Number(res.headers['content-length'])).toBe(wire.byteLength)
      expect(wire.byteLength).toBeLessThan(plain.byteLength * 0.3)
      const decoded = await readAll(res.pipe(decoder(enc)) as unknown as http.IncomingMessage).catch(
        () => null,
      )
      const body = decoded ?? (enc === 'br' ? zlib.brotliDecompressSync(wire) : zlib.unzipSync(wire))
      expect(JSON.parse(body.toString())).toEqual(JSON.parse(plain.toString()))
    }
  })

  it('compresses after field selection', async () => {
    const res = await get('/bars?fields=close', { 'accept-encoding': 'gzip' })
    const body = JSON.parse(zlib.gunzipSync(await readAll(res)).toString())
    expect(body.data[3]).toEqual({ close: 3.75 })
    expect(body.data).toHaveLength(2000)
  })

  it('streams NDJSON compressed with chunked transfer, decoding to every row', async () => {
    const res = await get('/stream', { 'accept-encoding': 'gzip' })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['transfer-encoding']).toBe('chunked')
    expect(res.headers['content-length']).toBeUndefined()
    const text = zlib.gunzipSync(await readAll(res)).toString()
    const got = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(got).toEqual(rows)
  })

  it('delivers each SSE event as it is written, compressed', async () => {
    const res = await get('/sse', { 'accept-encoding': 'br' })
    expect(res.headers['content-encoding']).toBe('br')
    const inflate = zlib.createBrotliDecompress()
    res.pipe(inflate)
    let text = ''
    let released = false
    for await (const chunk of inflate) {
      text += chunk.toString()
      if (!released && text.includes('"n":1')) {
        released = true
        releaseSecond()
      }
    }
    expect(text.match(/^event: tick$/gm)).toHaveLength(2)
    expect(text).toContain('"n":2')
  })
})
