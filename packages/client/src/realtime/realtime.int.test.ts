import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import { emitTicks, loadConfig } from '@supernova/runtime'
import { type RunningServer, startServer } from '@supernova/server'
import { type RedisServer, startRedis, startTcpProxy, type TcpProxy } from '@supernova/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createHttpClient } from '../http/client.ts'
import type { ChannelName, RealtimeMessage } from './channels.ts'
import { connectRealtime, type RealtimeClient, type RealtimeOptions } from './connect.ts'
import type { WebSocketConstructor } from './hub-transport.ts'
import type { GapEvent, RealtimeErrorEvent, StateChange } from './transport.ts'

const dirs: string[] = []
const servers: RunningServer[] = []
const proxies: TcpProxy[] = []
const clients: RealtimeClient[] = []
let redis: RedisServer | undefined

async function server(extra: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'supernova-rtclient-'))
  dirs.push(dir)
  const s = await startServer(
    loadConfig({
      PORT: '0',
      SUPERNOVA_DATA_DIR: dir,
      SEED_SAMPLE_DATA: 'false',
      LOG_LEVEL: 'silent',
      TASK_POLL_MS: '20',
      ...extra,
    }),
  )
  servers.push(s)
  return s
}
const portOf = (s: RunningServer) => Number(new URL(s.url).port)

/** A client (real `ws` sockets, as Node 20 has no global WebSocket) that records what it sees. */
function client(options: Omit<RealtimeOptions, 'WebSocket'>) {
  const c = connectRealtime({ WebSocket: WebSocket as unknown as WebSocketConstructor, ...options })
  clients.push(c)
  const states: StateChange[] = []
  const errors: RealtimeErrorEvent[] = []
  const gaps: GapEvent[] = []
  const waiters: (() => void)[] = []
  const poke = () => {
    for (const w of waiters.splice(0)) w()
  }
  c.on('state', (s) => {
    states.push(s)
    poke()
  })
  c.on('error', (e) => {
    errors.push(e)
    poke()
  })
  c.on('gap', (g) => {
    gaps.push(g)
    poke()
  })
  /** Resolves once `ready()` holds, re-checked after every event and message. */
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((resolve) => waiters.push(resolve))
  }
  const collect = <C extends ChannelName>(channel: C, o?: { rewind?: boolean }) => {
    const got: RealtimeMessage<C>[] = []
    c.subscribe(
      channel,
      (m) => {
        got.push(m)
        poke()
      },
      o,
    )
    return got
  }
  return { c, states, errors, gaps, until, collect }
}

/** Publishes `n` numbered messages on a channel through the server's own publisher (what the producers call). */
async function publish(s: RunningServer, channel: string, from: number, to: number) {
  for (let i = from; i <= to; i++)
    await s.runtime.deps.realtime!.publisher.publish(
      channel,
      'tick',
      { symbol: 'X', price: i, ts: i, source: 'import' },
      { id: `m${i}` },
    )
}
const prices = (got: RealtimeMessage<`ticks:${string}`>[]) => got.map((m) => m.data.price)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

let main: RunningServer

beforeAll(async () => {
  main = await server()
  const market = main.runtime.deps.market
  const two = SAMPLE_UNIVERSE.filter((s) => s.symbol === 'AAPL' || s.symbol === 'MSFT')
  await market.upsertSymbols(two)
  for (const cols of generateUniverseBars(two, { from: '2025-01-02', to: '2025-06-30' }))
    await market.upsertBars(cols)
}, 120_000)

afterEach(() => {
  for (const c of clients.splice(0)) c.close()
})

afterAll(async () => {
  for (const p of proxies) await p.close()
  for (const s of servers) await s.shutdown(500)
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  await redis?.stop()
})

describe('connectRealtime over the hub, against the embedded API server', () => {
  it('receives ticks and a task’s progress and outcome, typed, on one connection', async () => {
    const t = client({ baseUrl: main.url, transport: 'auto' })
    const ticks = t.collect('ticks:AAPL')
    await t.until(() => t.c.state === 'connected')
    expect(t.c.transport).toBe('hub')
    emitTicks({ publisher: main.runtime.deps.realtime!.publisher }, [
      { symbol: 'AAPL', price: 201.5, ts: Date.now(), source: 'simulator', seq: 1 },
      { symbol: 'AAPL', price: 201.7, ts: Date.now(), source: 'simulator', seq: 2 },
    ])
    await t.until(() => ticks.length === 2)
    expect(ticks.map((m) => [m.name, m.data.symbol, m.data.price])).toEqual([
      ['tick', 'AAPL', 201.5],
      ['tick', 'AAPL', 201.7],
    ])
    expect(ticks.map((m) => m.serial)).toEqual([ticks[0]!.serial, ticks[0]!.serial! + 1])

    // a channel the first ticket does not cover: the client takes a new ticket and reconnects by itself
    const api = createHttpClient({ baseUrl: main.url })
    const task = await api.POST('/v1/tasks', {
      body: {
        type: 'basket-backtest',
        payload: { symbols: ['AAPL', 'MSFT'], strategy: { name: 'sma_cross', params: { period: 15 } } },
      },
    })
    expect(task.response.status).toBe(202)
    const id = (task.data as { id: string }).id
    const progress = t.collect(`tasks:${id}`, { rewind: true })
    await t.until(() => progress.some((m) => m.name === 'status' && m.data.status === 'succeeded'))
    expect(progress.map((m) => m.data.id)).toEqual(progress.map(() => id))
    expect(progress.map((m) => m.name)).toContain('progress')
    expect(new Set(progress.map((m) => m.serial)).size).toBe(progress.length)
    expect(t.errors).toEqual([])
  })

  it('resumes after the connection is cut, with no gap and no duplicate', async () => {
    const proxy = await startTcpProxy(portOf(main))
    proxies.push(proxy)
    const t = client({ baseUrl: proxy.url, backoff: { baseMs: 50, maxMs: 200 } })
    const got = t.collect('ticks:CUT')
    await t.until(() => t.c.state === 'connected')
    await publish(main, 'ticks:CUT', 1, 5)
    await t.until(() => got.length === 5)
    proxy.cut()
    // published while the socket is gone (or going): the hub's history replays them on resume
    await publish(main, 'ticks:CUT', 6, 10)
    await t.until(() => got.length >= 10 && t.c.state === 'connected')
    await publish(main, 'ticks:CUT', 11, 12)
    await t.until(() => got.length >= 12)
    expect(prices(got)).toEqual(range(1, 12))
    expect(t.states.some((s) => s.state === 'reconnecting')).toBe(true)
    expect(t.gaps).toEqual([])
    expect(proxy.accepted).toBeGreaterThanOrEqual(4) // two token requests and two sockets at least
  })

  it('reconnects when the server goes silent (heartbeat watchdog) and resumes', async () => {
    const proxy = await startTcpProxy(portOf(main))
    proxies.push(proxy)
    // the frozen path holds fetch's kept-alive connection too: the token request times out and is retried
    const t = client({
      baseUrl: proxy.url,
      heartbeatMs: 150,
      requestTimeoutMs: 2000,
      backoff: { baseMs: 50, maxMs: 200 },
    })
    const got = t.collect('ticks:MUTE')
    await t.until(() => t.c.state === 'connected')
    await publish(main, 'ticks:MUTE', 1, 3)
    await t.until(() => got.length === 3)
    proxy.freeze()
    await publish(main, 'ticks:MUTE', 4, 6)
    await t.until(() => got.length >= 6)
    expect(prices(got)).toEqual(range(1, 6))
    expect(t.states).toContainEqual(
      expect.objectContaining({ state: 'reconnecting', reason: expect.stringMatching(/heartbeat/) }),
    )
  })

  it('takes a fresh ticket when the hub refuses an expired one (4401)', async () => {
    let first = true
    const expiring = async (request: Request) => {
      const response = await fetch(request)
      if (!first || !request.url.endsWith('/v1/realtime/token')) return response
      first = false
      const grant = (await response.json()) as { channels: string[] }
      const { ticket } = main.runtime.deps.realtime!.tickets!.issue({ subscribe: grant.channels }, -1000)
      return Response.json({ ...grant, ticket }, { status: 201 })
    }
    const t = client({ baseUrl: main.url, fetch: expiring, backoff: { baseMs: 50, maxMs: 200 } })
    const got = t.collect('ticks:EXP')
    await t.until(() => t.c.state === 'connected')
    await publish(main, 'ticks:EXP', 1, 2)
    await t.until(() => got.length === 2)
    expect(t.errors).toContainEqual(
      expect.objectContaining({ code: 'unauthorized', message: expect.stringMatching(/expired/) }),
    )
    expect(t.states).toContainEqual(expect.objectContaining({ state: 'reconnecting', code: 4401 }))
    expect(prices(got)).toEqual([1, 2])
  })

  it('on shutdown (1012) reconnects at once to the instance that replaced it, with a ticket from that one', async () => {
    const [a, b] = [await server(), await server()]
    const proxy = await startTcpProxy(portOf(a))
    proxies.push(proxy)
    const t = client({ baseUrl: proxy.url, backoff: { baseMs: 50, maxMs: 200 } })
    const got = t.collect('ticks:MOVE')
    await t.until(() => t.c.state === 'connected')
    await publish(a, 'ticks:MOVE', 1, 2)
    await t.until(() => got.length === 2)
    proxy.retarget(portOf(b))
    await a.shutdown(500)
    await t.until(() => t.states.filter((s) => s.state === 'connected').length === 2)
    await publish(b, 'ticks:MOVE', 3, 4)
    await t.until(() => got.length >= 4)
    expect(prices(got)).toEqual([1, 2, 3, 4])
    // b shares no fan-out with a, so it cannot know what a published after the client's last message: it says so
    expect(t.gaps).toEqual([{ channel: 'ticks:MOVE', lastSerial: 2 }])
    expect(t.states).toContainEqual(
      expect.objectContaining({ state: 'reconnecting', code: 1012, delayMs: 0 }),
    )
    expect(b.runtime.deps.realtime!.hub!.stats().connections).toBe(1)
  })
  it('after a drop onto another instance, resumes by message id there: no gap, no duplicate, nothing skipped', async () => {
    redis ??= await startRedis()
    const a = await server({ REDIS_URL: redis.url })
    // a's serials run two ahead of b's: these two reach only a, as b is not up yet
    await publish(a, 'ticks:HOP', 1, 2)
    const b = await server({ REDIS_URL: redis.url })
    const proxy = await startTcpProxy(portOf(a))
    proxies.push(proxy)
    const t = client({ baseUrl: proxy.url, backoff: { baseMs: 50, maxMs: 200 } })
    const got = t.collect('ticks:HOP', { rewind: true })
    await t.until(() => got.length === 2 && t.c.state === 'connected')
    await publish(a, 'ticks:HOP', 3, 5)
    await t.until(() => got.length === 5)
    // dropped (not a 1012 shutdown), and the next connection lands on b
    proxy.retarget(portOf(b))
    proxy.cut()
    await publish(a, 'ticks:HOP', 6, 8)
    await t.until(() => t.states.filter((s) => s.state === 'connected').length === 2)
    await publish(b, 'ticks:HOP', 9, 9)
    await t.until(() => got.some((m) => m.data.price === 9))
    // a's serial 5 is b's 3, and b's serial 5 is message 7: a resume by serial would have skipped 6 and 7
    expect(prices(got)).toEqual(range(1, 9))
    expect(got.map((m) => m.id)).toEqual(range(1, 9).map((i) => `m${i}`))
    expect(t.gaps).toEqual([])
    expect(t.states.some((s) => s.state === 'reconnecting' && s.code !== 1012)).toBe(true)
  })
})
