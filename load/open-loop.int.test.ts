import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { readWorkflow } from './lib/scenarios.ts'

// processor.js reads how long a realtime user listens when it is first imported (by open-loop.ts).
process.env.SUPERNOVA_REALTIME_LISTEN_MS = '200'
const { runOpenLoop } = await import('./lib/open-loop.ts')

interface Stub {
  url: string
  seen: string[]
  server: Server
}

/**
 * A loopback stand-in for the API: answers every request with `status` after `delayMs` and a body with an id and a
 * final task status (so captures and the poll loop resolve), issues realtime tickets, and runs a WebSocket endpoint
 * that acknowledges a subscribe and sends one message.
 */
async function stub(status = 200, delayMs = 0): Promise<Stub> {
  const seen: string[] = []
  const server = createServer((req: IncomingMessage, res) => {
    req.resume()
    req.once('end', () => {
      seen.push(`${req.method} ${req.url}`)
      const answer = () => {
        if (req.url === '/v1/realtime/token')
          return res
            .writeHead(201, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ticket: 't', url: '/v1/realtime' }))
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'w1', status: 'succeeded' }))
      }
      if (delayMs > 0) setTimeout(answer, delayMs)
      else answer()
    })
  })
  const wss = new WebSocketServer({ server, path: '/v1/realtime' })
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { channel: string }
      ws.send(JSON.stringify({ type: 'subscribed', channel: frame.channel }))
      ws.send(JSON.stringify({ type: 'message', channel: frame.channel, ts: Date.now(), data: {} }))
    }),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server }
}

let running: Server | undefined
afterEach(async () => {
  running?.closeAllConnections()
  await new Promise((r) => running?.close(r) ?? r(undefined))
  running = undefined
})

describe('the open-loop generator', () => {
  it('runs every scenario of supernova.yml, captures included, and counts what the server saw', async () => {
    const s = await stub()
    running = s.server
    const t = await runOpenLoop({ target: s.url, rate: 100, seconds: 3 })
    const created = Object.keys(t.counters).filter((k) => k.startsWith('vusers.created_by_name.'))
    expect(created.sort()).toEqual(
      readWorkflow()
        .scenarios.map((x) => `vusers.created_by_name.${x.name}`)
        .sort(),
    )
    expect(t.failedUsers).toBe(0)
    expect(t.http5xx).toBe(0)
    // every HTTP request of a flow reached the server and was recorded once (the realtime ticket is fetched by
    // processor.js itself, outside the request metrics, as under Artillery)
    expect(t.requests).toBe(s.seen.filter((r) => r !== 'POST /v1/realtime/token').length)
    // a captured id fills the next request's path; a headline from the payload file fills the sentiment body
    expect(s.seen).toContain('POST /v1/watchlists/w1/symbols')
    expect(s.seen).toContain('DELETE /v1/watchlists/w1')
    expect(t.endpoints.map((e) => e.name)).toContain('POST /v1/sentiment')
    // the realtime users subscribed and received the hub's message over a real WebSocket
    expect(t.counters['realtime.subscribed']).toBeGreaterThan(0)
    expect(t.histograms['realtime.delivery_ms']?.count).toBeGreaterThan(0)
  }, 60_000)

  it('counts 5xx answers as errors', async () => {
    const s = await stub(500)
    running = s.server
    const t = await runOpenLoop({ target: s.url, rate: 20, seconds: 1 })
    expect(t.http5xx).toBeGreaterThan(0)
    expect(t.errorRate).toBeGreaterThan(0)
  }, 60_000)

  it('starts users on schedule while answers are slow (open loop: no coordinated omission)', async () => {
    const s = await stub(200, 400)
    running = s.server
    const t = await runOpenLoop({ target: s.url, rate: 20, seconds: 2 })
    // a closed-loop generator would wait for answers before sending more; these arrivals do not
    expect(t.users).toBeGreaterThanOrEqual(38)
    expect(t.p50).toBeGreaterThanOrEqual(400)
  }, 60_000)
})
