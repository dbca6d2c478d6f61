import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type RedisServer, startRedis } from '@supernova/testing'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { RealtimeHub } from './hub.ts'
import { CLOSE_RESTART, CLOSE_TOO_MANY_CONNECTIONS, CLOSE_UNAUTHORIZED } from './hub-options.ts'
import { hubPublisher } from './hub-publisher.ts'
import { redisFanout } from './redis-fanout.ts'
import { ticketSigner } from './tickets.ts'

type Frame = Record<string, unknown> & { type: string }

/** A real ws client that queues frames and waits for the next one matching a predicate. */
async function connect(url: string) {
  const ws = new WebSocket(url)
  const frames: Frame[] = []
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = []
  ws.on('message', (d) => {
    const f = JSON.parse(String(d)) as Frame
    const i = waiters.findIndex((w) => w.match(f))
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(f)
    else frames.push(f)
  })
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const next = (match: (f: Frame) => boolean = () => true) => {
    const i = frames.findIndex(match)
    if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0]!)
    return new Promise<Frame>((resolve) => waiters.push({ match, resolve }))
  }
  const send = (f: unknown) => ws.send(typeof f === 'string' ? f : JSON.stringify(f))
  const subscribe = async (channel: string, fromSerial?: number) => {
    send({ type: 'subscribe', channel, fromSerial })
    return next((f) => (f.type === 'subscribed' || f.type === 'error') && f.channel === channel)
  }
  return { ws, next, send, subscribe, closed, frames }
}

/** Stops a client reading its socket (a stalled or half-open peer). */
const pauseReading = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket.pause()

const secret = 'test-secret-0123456789'
const started: { hub: RealtimeHub; server: Server }[] = []

async function startHub(options: Partial<ConstructorParameters<typeof RealtimeHub>[0]> = {}) {
  const tickets = ticketSigner(secret)
  const hub = new RealtimeHub({ tickets, ...options })
  const server = createServer((_req, res) => res.end('api'))
  server.on('upgrade', hub.handleUpgrade)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  await hub.ready()
  started.push({ hub, server })
  const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime`
  const urlFor = (subscribe: string[], ttlMs = 60_000) =>
    `${base}?ticket=${tickets.issue({ subscribe }, ttlMs).ticket}`
  return { hub, server, base, urlFor, publisher: hubPublisher(hub) }
}

afterEach(async () => {
  for (const { hub, server } of started.splice(0)) {
    await hub.close(500)
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  }
})

describe('realtime hub over real ws clients', () => {
  it('delivers published messages to subscribers in serial order, once per id', async () => {
    const { urlFor, publisher, hub } = await startHub()
    const a = await connect(urlFor(['ticks:*']))
    expect(await a.subscribe('ticks:AAPL')).toMatchObject({ type: 'subscribed', serial: 0 })
    await publisher.publish('ticks:AAPL', 'tick', { price: 101.5 }, { id: 'm1' })
    await publisher.publish('ticks:AAPL', 'tick', { price: 101.5 }, { id: 'm1' }) // a retry: dropped
    await publisher.publishBatch([
      { channel: 'ticks:AAPL', name: 'tick', data: { price: 102 }, id: 'm2' },
      { channel: 'ticks:MSFT', name: 'tick', data: { price: 400 }, id: 'm3' },
    ])
    const m1 = await a.next((f) => f.type === 'message')
    const m2 = await a.next((f) => f.type === 'message')
    expect([m1, m2]).toMatchObject([
      { channel: 'ticks:AAPL', serial: 1, id: 'm1', name: 'tick', data: { price: 101.5 } },
      { channel: 'ticks:AAPL', serial: 2, id: 'm2', data: { price: 102 } },
    ])
    a.send({ type: 'ping' })
    expect(await a.next()).toEqual({ type: 'pong' }) // nothing else arrived: no duplicate, no MSFT
    expect(hub.stats()).toMatchObject({
      connections: 1,
      subscriptions: 1,
      duplicates: 1,
      messagesIn: 3,
      messagesOut: 2,
    })
    a.send({ type: 'unsubscribe', channel: 'ticks:AAPL' })
    expect(await a.next()).toEqual({ type: 'unsubscribed', channel: 'ticks:AAPL' })
    expect(hub.stats().subscriptions).toBe(0)
  })

  it('refuses channels outside the ticket, forged and expired tickets', async () => {
    const { urlFor, base } = await startHub()
    const a = await connect(urlFor(['tasks:task_1']))
    expect(await a.subscribe('tasks:task_2')).toMatchObject({ type: 'error', code: 'forbidden' })
    expect(await a.subscribe('performance')).toMatchObject({ type: 'error', code: 'forbidden' })
    expect(await a.subscribe('tasks:task_1')).toMatchObject({ type: 'subscribed' })

    const forgedTicket = ticketSigner('another-secret-000000').issue({ subscribe: ['*'] }, 60_000).ticket
    for (const url of [`${base}?ticket=${forgedTicket}`, `${base}?ticket=garbage`, base, urlFor(['*'], -1)]) {
      const c = await connect(url)
      expect(await c.next()).toMatchObject({ type: 'error', code: 'unauthorized' })
      expect(await c.closed).toBe(CLOSE_UNAUTHORIZED)
    }
    // the refused connections did not disturb the admitted one
    a.send({ type: 'ping' })
    expect(await a.next()).toEqual({ type: 'pong' })
  })

  it('answers bad frames, unknown channels and oversize messages with errors, and keeps serving', async () => {
    const { urlFor, publisher } = await startHub({ maxMessageBytes: 1024 })
    const a = await connect(urlFor(['*']))
    a.send('not json')
    expect(await a.next()).toMatchObject({ type: 'error', code: 'bad_frame' })
    a.send({ type: 'dance' })
    expect(await a.next()).toMatchObject({ type: 'error', code: 'bad_frame' })
    expect(await a.subscribe('nope:x')).toMatchObject({ type: 'error', code: 'unknown_channel' })
    a.send({ type: 'subscribe', channel: 'ticks:AAPL', fromSerial: -3 })
    expect(await a.next()).toMatchObject({ type: 'error', code: 'bad_frame', channel: 'ticks:AAPL' })
    await expect(publisher.publish('ticks:AAPL', 'tick', 'x'.repeat(2000))).rejects.toThrow(/exceeds/)
    await expect(publisher.publish('bogus', 'tick', 1)).rejects.toThrow(/unknown channel/)

    const b = await connect(urlFor(['*']))
    expect(await b.subscribe('ticks:AAPL')).toMatchObject({ type: 'subscribed' })
    a.send(JSON.stringify({ type: 'ping', pad: 'y'.repeat(4000) })) // over maxPayload: ws closes with 1009
    expect(await a.closed).toBe(1009)
    await publisher.publish('ticks:AAPL', 'tick', { price: 1 })
    expect(await b.next()).toMatchObject({ type: 'message', serial: 1 })
  })

  it('resumes after a dropped connection with no gap and no duplicate', async () => {
    const { urlFor, publisher } = await startHub()
    const url = urlFor(['tasks:*'])
    const a = await connect(url)
    await a.subscribe('tasks:task_9')
    for (let i = 1; i <= 3; i++) await publisher.publish('tasks:task_9', 'progress', { value: i / 10 })
    let last = 0
    for (let i = 0; i < 3; i++) last = (await a.next((f) => f.type === 'message')).serial as number
    a.ws.terminate() // dropped, not closed
    await a.closed
    for (let i = 4; i <= 6; i++) await publisher.publish('tasks:task_9', 'progress', { value: i / 10 })
    const b = await connect(url)
    b.send({ type: 'subscribe', channel: 'tasks:task_9', fromSerial: last })
    await publisher.publish('tasks:task_9', 'progress', { value: 0.7 })
    const serials: number[] = []
    while (serials.length < 4) {
      const f = await b.next((x) => x.type === 'message' || x.type === 'subscribed')
      if (f.type === 'subscribed') expect(f).toMatchObject({ resumed: true, serial: 6 })
      else serials.push(f.serial as number)
    }
    expect(serials).toEqual([4, 5, 6, 7])
  })

  it('says when a resume reaches past the history ring', async () => {
    const { urlFor, publisher } = await startHub({ historySize: 2 })
    for (let i = 0; i < 5; i++) await publisher.publish('ticks:X', 'tick', i)
    const a = await connect(urlFor(['ticks:*']))
    expect(await a.subscribe('ticks:X', 1)).toMatchObject({ type: 'subscribed', resumed: false, serial: 5 })
  })

  it('drops messages for a consumer over its buffer bound, and counts them', async () => {
    const { urlFor, publisher, hub } = await startHub({ maxBufferedBytes: 256 * 1024 })
    const slow = await connect(urlFor(['tasks:*']))
    const fast = await connect(urlFor(['tasks:*']))
    await slow.subscribe('tasks:SLOW')
    await fast.subscribe('tasks:SLOW')
    // The slow client stops reading: once the kernel buffers fill, its frames queue in the hub's socket.
    pauseReading(slow.ws)
    const n = 400
    const blob = 'z'.repeat(40_000)
    const fastSerials: number[] = []
    for (let i = 0; i < n; i++) {
      await publisher.publish('tasks:SLOW', 'progress', blob, { id: `s${i}` })
      // paced by the fast consumer, which reads everything
      fastSerials.push((await fast.next((f) => f.type === 'message')).serial as number)
    }
    expect(fastSerials).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    const { dropped, messagesOut } = hub.stats()
    expect(dropped).toBeGreaterThan(0)
    expect(dropped + messagesOut).toBe(2 * n)
  })

  it('conflates ticks for a slow consumer: the latest per channel arrives once it drains, the rest are counted', async () => {
    const { urlFor, publisher, hub } = await startHub({ maxBufferedBytes: 256 * 1024 })
    const slow = await connect(urlFor(['ticks:*']))
    const fast = await connect(urlFor(['ticks:*']))
    for (const c of [slow, fast]) {
      await c.subscribe('ticks:A')
      await c.subscribe('ticks:B')
    }
    pauseReading(slow.ws)
    const n = 300
    const blob = 'q'.repeat(40_000)
    for (let i = 1; i <= n; i++)
      for (const ch of ['ticks:A', 'ticks:B']) {
        await publisher.publish(ch, 'tick', { i, blob }, { id: `${ch}-${i}` })
        await fast.next((f) => f.type === 'message' && f.id === `${ch}-${i}`)
      }
    expect(hub.stats().conflated).toBeGreaterThan(0)
    ;(slow.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    // once it drains, the slow consumer gets the newest tick of each channel, and nothing was dropped
    await slow.next((f) => f.id === `ticks:A-${n}`)
    await slow.next((f) => f.id === `ticks:B-${n}`)
    const { dropped, conflated, messagesOut } = hub.stats()
    expect(dropped).toBe(0)
    expect(messagesOut + conflated).toBe(2 * 2 * n)
    const got = slow.frames.filter((f) => f.type === 'message').map((f) => f.serial as number)
    expect(got.length).toBeLessThan(2 * n)
  })

  it('limits connections per key and inbound frames per connection', async () => {
    const { hub, base } = await startHub({ maxConnectionsPerKey: 2, maxFramesPerSecond: 5 })
    const tickets = ticketSigner(secret)
    const urlForKey = (key: string) =>
      `${base}?ticket=${tickets.issue({ subscribe: ['ticks:*'], key }, 60_000).ticket}`
    const a = await connect(urlForKey('snk_alice'))
    await connect(urlForKey('snk_alice'))
    const third = await connect(urlForKey('snk_alice'))
    expect(await third.next()).toMatchObject({ type: 'error', code: 'too_many_connections' })
    expect(await third.closed).toBe(CLOSE_TOO_MANY_CONNECTIONS)
    const other = await connect(urlForKey('snk_bob')) // another key is not affected
    expect(await other.subscribe('ticks:X')).toMatchObject({ type: 'subscribed' })
    a.ws.close()
    await a.closed
    while (hub.stats().connections > 2) await new Promise((r) => setTimeout(r, 10))
    const again = await connect(urlForKey('snk_alice')) // a freed slot is usable again
    for (let i = 0; i < 12; i++) again.send({ type: 'ping' })
    const answers = [] as Frame[]
    for (let i = 0; i < 12; i++) answers.push(await again.next())
    expect(answers.filter((f) => f.type === 'pong').length).toBeGreaterThanOrEqual(5)
    expect(answers.filter((f) => f.code === 'rate_limited').length).toBeGreaterThan(0)
  })

  it('forgets idle channels after the resume window, and never resumes a client that is ahead', async () => {
    let now = 1_000_000
    const { urlFor, publisher, hub } = await startHub({
      heartbeatMs: 30,
      resumeWindowMs: 1000,
      now: () => now,
    })
    await publisher.publish('ticks:OLD', 'tick', 1)
    now += 5000
    while (hub.stats().evicted === 0) await new Promise((r) => setTimeout(r, 10))
    expect(hub.stats().channels).toBe(0)
    const a = await connect(urlFor(['ticks:*']))
    expect(await a.subscribe('ticks:OLD', 1)).toMatchObject({ type: 'subscribed', serial: 0, resumed: false })
    const sizes = hub.stats()
    expect(sizes.bytesIn).toBeGreaterThan(0)
    expect(sizes.bytesOut).toBeGreaterThan(0)
  })

  it('terminates stale connections that stop answering pings', async () => {
    const { urlFor, hub } = await startHub({ heartbeatMs: 50 })
    const a = await connect(urlFor(['ticks:*']))
    // Pause the client's socket: it no longer reads pings, so it never answers with a pong.
    pauseReading(a.ws)
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (hub.stats().connections === 0) {
          clearInterval(t)
          resolve()
        }
      }, 20)
    })
    expect(hub.stats().staleClosed).toBe(1)
  })

  it('closes every socket with 1012 on shutdown', async () => {
    const { urlFor, hub } = await startHub()
    const a = await connect(urlFor(['ticks:*']))
    const b = await connect(urlFor(['ticks:*']))
    await hub.close()
    expect(await Promise.all([a.closed, b.closed])).toEqual([CLOSE_RESTART, CLOSE_RESTART])
  })
})

describe('redis fan-out between two hubs', () => {
  let redis: RedisServer | undefined
  afterAll(async () => {
    await redis?.stop()
  })

  it('delivers a message published on one instance to subscribers on the other, once', async () => {
    redis = await startRedis()
    const channel = `rt:${Date.now()}`
    const one = await startHub({ fanout: redisFanout({ url: redis.url, channel }) })
    const two = await startHub({ fanout: redisFanout({ url: redis.url, channel }) })
    const a = await connect(one.urlFor(['ticks:*']))
    const b = await connect(two.urlFor(['ticks:*']))
    await a.subscribe('ticks:AAPL')
    await b.subscribe('ticks:AAPL')
    await one.publisher.publish('ticks:AAPL', 'tick', { price: 1 }, { id: 'x1' })
    await two.publisher.publish('ticks:AAPL', 'tick', { price: 1 }, { id: 'x1' }) // same id from another instance
    await two.publisher.publish('ticks:AAPL', 'tick', { price: 2 }, { id: 'x2' })
    for (const c of [a, b]) {
      expect(await c.next((f) => f.type === 'message')).toMatchObject({ id: 'x1', serial: 1 })
      expect(await c.next((f) => f.type === 'message')).toMatchObject({ id: 'x2', serial: 2 })
    }
  })

  it('resumes a client from another instance by its last message id, never by that instance’s serial', async () => {
    redis ??= await startRedis()
    const channel = `rt:${Date.now()}:resume`
    const one = await startHub({ fanout: redisFanout({ url: redis.url, channel }), instanceId: 'hub-one' })
    // Two messages before the second instance exists: its serials run two behind the first's.
    await one.publisher.publish('tasks:t7', 'progress', { value: 1 }, { id: 'p1' })
    await one.publisher.publish('tasks:t7', 'progress', { value: 2 }, { id: 'p2' })
    const two = await startHub({ fanout: redisFanout({ url: redis.url, channel }), instanceId: 'hub-two' })
    const a = await connect(one.urlFor(['tasks:*']))
    expect(await a.subscribe('tasks:t7')).toMatchObject({ serial: 2, instance: 'hub-one' })
    const watcher = await connect(two.urlFor(['tasks:*']))
    expect(await watcher.subscribe('tasks:t7')).toMatchObject({ serial: 0, instance: 'hub-two' })
    await one.publisher.publish('tasks:t7', 'progress', { value: 3 }, { id: 'p3' })
    await two.publisher.publish('tasks:t7', 'progress', { value: 4 }, { id: 'p4' })
    expect(await a.next((f) => f.type === 'message')).toMatchObject({ id: 'p3', serial: 3 })
    expect(await a.next((f) => f.type === 'message')).toMatchObject({ id: 'p4', serial: 4 })
    a.ws.terminate() // dropped, not closed: the client will land on the other instance
    for (let i = 5; i <= 6; i++)
      await one.publisher.publish('tasks:t7', 'progress', { value: i }, { id: `p${i}` })
    // the second instance has them once its own subscriber does
    expect(await watcher.next((f) => f.id === 'p6')).toMatchObject({ serial: 4 })

    const b = await connect(two.urlFor(['tasks:*']))
    const resume = { type: 'subscribe', channel: 'tasks:t7', fromSerial: 4, instance: 'hub-one' }
    b.send({ ...resume, fromId: 'p4' })
    const replayed = [await b.next(), await b.next(), await b.next()]
    expect(replayed.map((f) => [f.type, f.id, f.serial])).toEqual([
      ['message', 'p5', 3],
      ['message', 'p6', 4],
      ['subscribed', undefined, 4],
    ])
    expect(replayed[2]).toMatchObject({ resumed: true, instance: 'hub-two' })

    // Serial 4 here is p6, not p4: without the id the second instance cannot place the client, and says so,
    // where a plain serial resume would have claimed p5 and p6 were not missed.
    const c = await connect(two.urlFor(['tasks:*']))
    c.send(resume)
    expect(await c.next()).toMatchObject({
      type: 'subscribed',
      resumed: false,
      serial: 4,
      instance: 'hub-two',
    })
    // An id older than the second instance's ring: it cannot prove the gap closed either.
    const d = await connect(two.urlFor(['tasks:*']))
    d.send({ ...resume, fromId: 'p1' })
    expect(await d.next()).toMatchObject({ type: 'subscribed', resumed: false })
    const e = await connect(two.urlFor(['tasks:*']))
    e.send({ ...resume, fromId: 7 })
    expect(await e.next()).toMatchObject({ type: 'error', code: 'bad_frame' })
  })
})
