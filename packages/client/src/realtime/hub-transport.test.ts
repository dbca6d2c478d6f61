import { type AddressInfo, createServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer, type WebSocket as WsSocket } from 'ws'
import { backoffDelay } from './backoff.ts'
import type { RealtimeMessage } from './channels.ts'
import { connectRealtime, type RealtimeClient } from './connect.ts'
import { hubUrl, type WebSocketConstructor } from './hub-transport.ts'
import type { GapEvent, RealtimeErrorEvent, StateChange } from './transport.ts'

// A real `ws` server scripted frame by frame: the cases the hub produces only under load or by policy (a slow
// consumer's skipped serial, a resume that no longer fits the window, connection limits) on demand.

type Inbound = { type: string; channel?: string; fromSerial?: number }
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function scriptedHub() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const conns: { ws: WsSocket; next: () => Promise<Inbound> }[] = []
  const waiting: ((c: (typeof conns)[number]) => void)[] = []
  wss.on('connection', (ws) => {
    const frames: Inbound[] = []
    const takers: ((f: Inbound) => void)[] = []
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as Inbound
      const take = takers.shift()
      if (take) take(f)
      else frames.push(f)
    })
    const conn = {
      ws,
      next: () => {
        const f = frames.shift()
        return f ? Promise.resolve(f) : new Promise<Inbound>((resolve) => takers.push(resolve))
      },
    }
    const w = waiting.shift()
    if (w) w(conn)
    else conns.push(conn)
  })
  closers.push(async () => {
    for (const c of wss.clients) c.terminate()
    await new Promise((r) => wss.close(r))
  })
  const port = (wss.address() as AddressInfo).port
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    /** The next connection the client opens. */
    accept: () => {
      const c = conns.shift()
      return c ? Promise.resolve(c) : new Promise<(typeof conns)[number]>((resolve) => waiting.push(resolve))
    },
  }
}

/** Answers the token route as the API does for the hub (a 201 with the ticket), or with `refuse`'s status. */
function tokenRoute(refuse: (n: number) => number | undefined = () => undefined) {
  let n = 0
  return async (request: Request) => {
    const status = refuse(n++)
    if (status)
      return Response.json(
        { error: { code: status === 403 ? 'forbidden' : 'unavailable', message: `refused (${status})` } },
        { status },
      )
    const { channels } = (await request.json()) as { channels: string[] }
    return Response.json(
      { kind: 'hub', ticket: `t${n}`, expiresAt: new Date().toISOString(), url: '/v1/realtime', channels },
      { status: 201 },
    )
  }
}

function watch(c: RealtimeClient) {
  const states: StateChange[] = []
  const errors: RealtimeErrorEvent[] = []
  const gaps: GapEvent[] = []
  c.on('state', (s) => states.push(s))
  c.on('error', (e) => errors.push(e))
  c.on('gap', (g) => gaps.push(g))
  return { states, errors, gaps }
}

const ws = WebSocket as unknown as WebSocketConstructor
const send = (w: WsSocket, f: object) => w.send(JSON.stringify(f))
const msg = (channel: string, serial: number, id: string) => ({
  type: 'message',
  channel,
  serial,
  id,
  name: 'status',
  data: { id },
  ts: 1,
})

async function until(ready: () => boolean) {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe('hub transport against a scripted hub', () => {
  it('drops repeats, replays a skipped serial, resumes after a drop, and reports a resume the hub cannot make', async () => {
    const hub = await scriptedHub()
    const c = connectRealtime({
      baseUrl: hub.baseUrl,
      WebSocket: ws,
      fetch: tokenRoute(),
      backoff: { baseMs: 10, maxMs: 20 },
    })
    closers.push(async () => c.close())
    const seen = watch(c)
    const got: RealtimeMessage<'tasks:t1'>[] = []
    c.subscribe('tasks:t1', (m) => got.push(m))

    const one = await hub.accept()
    expect(await one.next()).toEqual({ type: 'subscribe', channel: 'tasks:t1' })
    send(one.ws, { type: 'subscribed', channel: 'tasks:t1', serial: 0, resumed: true })
    send(one.ws, msg('tasks:t1', 1, 'a'))
    send(one.ws, msg('tasks:t1', 1, 'a'))
    send(one.ws, msg('tasks:t1', 3, 'c'))
    // serial 2 is missing: the client asks for everything after 1 and drops what comes before the replay
    expect(await one.next()).toEqual({ type: 'subscribe', channel: 'tasks:t1', fromSerial: 1 })
    send(one.ws, msg('tasks:t1', 4, 'd'))
    for (const [serial, id] of [
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ] as const)
      send(one.ws, msg('tasks:t1', serial, id))
    send(one.ws, { type: 'subscribed', channel: 'tasks:t1', serial: 4, resumed: true })
    send(one.ws, msg('tasks:t1', 5, 'e'))
    await until(() => got.length === 5)
    expect(got.map((m) => [m.serial, m.id])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
      [5, 'e'],
    ])

    // the connection drops: the next one resumes from serial 5; the hub says it cannot (window passed)
    one.ws.terminate()
    const two = await hub.accept()
    expect(await two.next()).toEqual({ type: 'subscribe', channel: 'tasks:t1', fromSerial: 5 })
    send(two.ws, { type: 'subscribed', channel: 'tasks:t1', serial: 40, resumed: false })
    send(two.ws, msg('tasks:t1', 41, 'f'))
    await until(() => got.length === 6)
    expect(seen.gaps).toEqual([{ channel: 'tasks:t1', lastSerial: 5 }])
    expect(got.at(-1)).toMatchObject({ serial: 41, id: 'f' })
    expect(seen.states.map((s) => s.state)).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'connecting',
      'connected',
    ])
  })

  it('backs off on 4429 with growing attempts, and stays connected once a connection is admitted', async () => {
    const hub = await scriptedHub()
    const c = connectRealtime({
      baseUrl: hub.baseUrl,
      WebSocket: ws,
      fetch: tokenRoute(),
      backoff: { baseMs: 10, maxMs: 20 },
    })
    closers.push(async () => c.close())
    const seen = watch(c)
    c.subscribe('ticks:AAPL', () => {})
    for (let i = 0; i < 2; i++) {
      const refused = await hub.accept()
      send(refused.ws, {
        type: 'error',
        code: 'too_many_connections',
        message: 'At most 1 connections per key.',
      })
      refused.ws.close(4429, 'too many connections')
    }
    const ok = await hub.accept()
    await ok.next()
    send(ok.ws, { type: 'subscribed', channel: 'ticks:AAPL', serial: 0, resumed: true })
    await until(() => c.state === 'connected')
    expect(seen.states.filter((s) => s.code === 4429).map((s) => s.attempt)).toEqual([0, 1])
    expect(seen.errors.map((e) => e.code)).toEqual(['too_many_connections', 'too_many_connections'])
  })

  it('gives up after repeated ticket refusals (4401), and at once when the token route refuses (403)', async () => {
    const hub = await scriptedHub()
    const c = connectRealtime({
      baseUrl: hub.baseUrl,
      WebSocket: ws,
      fetch: tokenRoute(),
      maxAuthFailures: 2,
      backoff: { baseMs: 10, maxMs: 20 },
    })
    closers.push(async () => c.close())
    const seen = watch(c)
    c.subscribe('ticks:AAPL', () => {})
    for (let i = 0; i < 3; i++) (await hub.accept()).ws.close(4401, 'invalid')
    await until(() => c.state === 'closed')
    expect(seen.errors.at(-1)).toMatchObject({ code: 'unauthorized', fatal: true })

    const refused = connectRealtime({ baseUrl: hub.baseUrl, WebSocket: ws, fetch: tokenRoute(() => 403) })
    closers.push(async () => refused.close())
    const r = watch(refused)
    refused.subscribe('performance', () => {})
    await until(() => refused.state === 'closed')
    expect(r.errors).toEqual([expect.objectContaining({ code: 'forbidden', fatal: true })])
  })

  it('retries a token route that is briefly unavailable (503)', async () => {
    const hub = await scriptedHub()
    const c = connectRealtime({
      baseUrl: hub.baseUrl,
      WebSocket: ws,
      fetch: tokenRoute((n) => (n < 2 ? 503 : undefined)),
      backoff: { baseMs: 10, maxMs: 20 },
    })
    closers.push(async () => c.close())
    const seen = watch(c)
    c.subscribe('ticks:AAPL', () => {})
    const ok = await hub.accept()
    await ok.next()
    send(ok.ws, { type: 'subscribed', channel: 'ticks:AAPL', serial: 0, resumed: true })
    await until(() => c.state === 'connected')
    expect(seen.states.filter((s) => s.state === 'reconnecting').map((s) => s.reason)).toEqual([
      'refused (503)',
      'refused (503)',
    ])
  })

  it('asks for the capability patterns up front, so a covered channel needs no new ticket', async () => {
    const hub = await scriptedHub()
    const asked: string[][] = []
    const route = tokenRoute()
    const fetch = async (request: Request) => {
      asked.push(((await request.clone().json()) as { channels: string[] }).channels)
      return route(request)
    }
    const c = connectRealtime({ baseUrl: hub.baseUrl, WebSocket: ws, fetch, capability: ['ticks:*'] })
    closers.push(async () => c.close())
    c.subscribe('ticks:AAPL', () => {})
    c.subscribe('alerts:alice', () => {})
    const one = await hub.accept()
    expect([await one.next(), await one.next()]).toEqual([
      { type: 'subscribe', channel: 'ticks:AAPL' },
      { type: 'subscribe', channel: 'alerts:alice' },
    ])
    c.subscribe('ticks:MSFT', () => {})
    expect(await one.next()).toEqual({ type: 'subscribe', channel: 'ticks:MSFT' })
    expect(asked).toEqual([['ticks:*', 'alerts:alice']])
  })
})

it('treats an upgrade that never completes as silence: drops it and tries again', async () => {
  // accepts TCP and never answers the upgrade
  const held: Socket[] = []
  const mute = createServer((socket) => held.push(socket))
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve))
  closers.push(async () => {
    for (const s of held) s.destroy()
    await new Promise((r) => mute.close(r))
  })
  const baseUrl = `http://127.0.0.1:${(mute.address() as AddressInfo).port}`
  const c = connectRealtime({
    baseUrl,
    WebSocket: ws,
    fetch: tokenRoute(),
    heartbeatMs: 20,
    backoff: { baseMs: 5, maxMs: 10 },
  })
  closers.push(async () => c.close())
  const seen = watch(c)
  c.subscribe('ticks:AAPL', () => {})
  await until(() => seen.states.filter((s) => s.reason?.includes('heartbeat')).length >= 2)
  expect(held.length).toBeGreaterThanOrEqual(2)
  expect(c.state).not.toBe('closed')
})

describe('backoffDelay and hubUrl', () => {
  it('grows exponentially to the cap, scaled by the jitter draw', () => {
    const top = (attempt: number) =>
      backoffDelay(attempt, { baseMs: 100, maxMs: 1000, random: () => 0.999999 })
    expect([0, 1, 2, 3, 4, 10].map(top)).toEqual([99, 199, 399, 799, 999, 999])
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(0)
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(400)
  })

  it('builds ws:// and wss:// URLs under the API’s base path', () => {
    expect(hubUrl('https://api.example.net', '/v1/realtime', 'a.b')).toBe(
      'wss://api.example.net/v1/realtime?ticket=a.b',
    )
    expect(hubUrl('http://127.0.0.1:3000/', '/v1/realtime', 'x+y')).toBe(
      'ws://127.0.0.1:3000/v1/realtime?ticket=x%2By',
    )
  })
})
