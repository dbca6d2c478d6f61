import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import { alertRepository } from '@supernova/db'
import { emitTicks, loadConfig } from '@supernova/runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { type RunningServer, startServer } from './server.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-alerts-'))
let server: RunningServer
let lastClose: number

type Frame = { type: string; channel?: string; name?: string; data?: Record<string, unknown>; code?: string }

/** A real ws client on the server's hub, subscribed to `channel` with a ticket for exactly that channel. */
async function subscriber(channel: string) {
  const rt = server.runtime.deps.realtime!
  const { ticket } = rt.tickets!.issue({ subscribe: [channel] }, 60_000)
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/realtime?ticket=${ticket}`)
  const frames: Frame[] = []
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = []
  ws.on('message', (d) => {
    const f = JSON.parse(String(d)) as Frame
    frames.push(f)
    const i = waiters.findIndex((w) => w.match(f))
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(f)
  })
  await new Promise((resolve) => ws.once('open', resolve))
  const next = (match: (f: Frame) => boolean) => {
    const seen = frames.find(match)
    return seen ? Promise.resolve(seen) : new Promise<Frame>((resolve) => waiters.push({ match, resolve }))
  }
  ws.send(JSON.stringify({ type: 'subscribe', channel }))
  await next((f) => f.type === 'subscribed')
  return { ws, frames, next, messages: () => frames.filter((f) => f.type === 'message') }
}

beforeAll(async () => {
  server = await startServer(
    loadConfig({
      PORT: '0',
      SUPERNOVA_DATA_DIR: dir,
      SEED_SAMPLE_DATA: 'false',
      LOG_LEVEL: 'silent',
      // with an operator key, other channels than the caller's own need it
      OPERATOR_KEY: 'operator-key-0123456789',
    }),
  )
  const market = server.runtime.deps.market
  const aapl = SAMPLE_UNIVERSE.filter((s) => s.symbol === 'AAPL' || s.symbol === 'MSFT')
  await market.upsertSymbols(aapl)
  for (const cols of generateUniverseBars(aapl, { from: '2025-01-02', to: '2025-03-31' }))
    await market.upsertBars(cols)
  lastClose = (await market.getBars('AAPL', {})).at(-1)!.close
}, 120_000)
afterAll(async () => {
  await server.shutdown(1000)
  rmSync(dir, { recursive: true, force: true })
})

describe('alerts on the embedded server, delivered by the hub to real ws clients', () => {
  it('fires once when a tick crosses, not again until it re-arms, on the owner’s channel only', async () => {
    const rules = alertRepository(server.runtime.deps.db)
    const level = Math.round(lastClose * 1.05 * 100) / 100
    const mine = await rules.create('alice', {
      symbol: 'AAPL',
      condition: { kind: 'price', op: 'above', level },
    })
    // bob watches the same crossing on another symbol, so only alice's rule can fire on AAPL ticks
    await rules.create('bob', { symbol: 'MSFT', condition: { kind: 'price', op: 'above', level: 1e6 } })
    const alerts = server.runtime.deps.alerts!
    alerts.rulesChanged()
    const alice = await subscriber('alerts:alice')
    const bob = await subscriber('alerts:bob')
    const ticks = await subscriber('ticks:AAPL')
    const sink = { publisher: server.runtime.deps.realtime!.publisher, alerts }
    let ts = Date.now()
    const tick = async (price: number) => {
      emitTicks(sink, [{ symbol: 'AAPL', price, ts: ++ts, source: 'simulator' }])
      await alerts.idle()
    }

    await tick(lastClose) // first look: below the level, armed
    await tick(level * 1.001) // crosses: fires
    const first = await alice.next((f) => f.type === 'message' && f.name === 'alert')
    expect(first).toMatchObject({
      channel: 'alerts:alice',
      data: { ruleId: mine.id, symbol: 'AAPL', source: 'tick', price: level * 1.001 },
    })
    await tick(level * 1.01) // still above: no second firing
    await tick(level * 0.998) // inside the 0.5% band: not re-armed
    await tick(level * 1.002) // so no firing here either
    await tick(level * 0.99) // below the band: re-armed
    await tick(level * 1.003) // crosses again: fires
    await alice.next((f) => f.type === 'message' && f.name === 'alert' && f.data?.price === level * 1.003)
    expect(alice.messages().map((m) => m.data?.price)).toEqual([level * 1.001, level * 1.003])

    // bob got nothing: the first message on his channel is one published after alice's firings
    const publisher = server.runtime.deps.realtime!.publisher
    await publisher.publish('alerts:bob', 'marker', { after: 'alice fired twice' })
    const bobFirst = await bob.next((f) => f.type === 'message')
    expect(bobFirst).toMatchObject({ name: 'marker' })
    expect(bob.messages()).toHaveLength(1)

    // every tick reached ticks:AAPL, and the state and history agree with what was delivered
    await ticks.next((f) => f.type === 'message' && f.data?.price === level * 1.003)
    expect(ticks.messages()).toHaveLength(7)
    expect(await rules.get('alice', mine.id)).toMatchObject({ state: { armed: false, fireCount: 2 } })
    expect((await rules.listFirings('alice', { ruleId: mine.id, limit: 10 })).map((f) => f.id)).toEqual(
      alice
        .messages()
        .map((m) => m.data?.id)
        .reverse(),
    )
    for (const c of [alice, bob, ticks]) c.ws.close()
  })

  it('issues a ticket for the caller’s own alerts channel without the operator key, and refuses another’s', async () => {
    const post = (channels: string[]) =>
      fetch(`${server.url}/v1/realtime/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channels }),
      })
    const own = await post(['alerts:local', 'ticks:AAPL'])
    expect(own.status).toBe(201)
    expect(await own.json()).toMatchObject({ kind: 'hub', channels: ['alerts:local', 'ticks:AAPL'] })
    const other = await post(['alerts:bob'])
    expect(other.status).toBe(403)
    expect(await other.json()).toMatchObject({
      error: { code: 'forbidden', details: { channels: ['alerts:bob'] } },
    })
  })

  it('runs the scheduled evaluation as an alerts-evaluate task', async () => {
    const queue = server.runtime.deps.tasks!
    expect(queue.types()).toContain('alerts-evaluate')
    const { task } = await queue.enqueue('alerts-evaluate', {})
    let done = await queue.get(task.id)
    while (done && !['succeeded', 'dead', 'cancelled'].includes(done.status)) {
      await new Promise((r) => setTimeout(r, 20))
      done = await queue.get(task.id)
    }
    expect(done).toMatchObject({ status: 'succeeded', result: { evaluated: 2, conflicts: 0 } })
  })
})
