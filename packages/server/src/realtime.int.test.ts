import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@supernova/runtime'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startServer } from './server.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-realtime-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Frame = { type: string; name?: string; data?: { status?: string; progress?: unknown }; code?: string }

describe('realtime on the API server', () => {
  it('issues tickets, streams a task’s progress and outcome on tasks:{id}, and closes sockets with 1012 on shutdown', async () => {
    const operatorKey = 'operator-key-0123456789'
    const config = loadConfig({
      PORT: '0',
      SUPERNOVA_DATA_DIR: dir,
      SEED_SAMPLE_DATA: 'false',
      OPERATOR_KEY: operatorKey,
      TASK_POLL_MS: '20',
    })
    const server = await startServer(config)
    expect(server.runtime.adapters.realtime).toMatch(/WebSocket hub at \/v1\/realtime/)
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })

    // performance needs the operator key; a bad pattern is a 400 naming the field
    expect((await post('/v1/realtime/token', { channels: ['performance'] })).status).toBe(403)
    const bad = await post('/v1/realtime/token', { channels: ['nope:*'] })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toMatch(/body\.channels/)
    const op = await post(
      '/v1/realtime/token',
      { channels: ['performance'] },
      { 'x-operator-key': operatorKey },
    )
    expect(op.status).toBe(201)

    // a task that will fail (no such symbol); subscribing from serial 0 replays whatever happened before
    const enqueued = await post('/v1/tasks', {
      type: 'basket-backtest',
      payload: { symbols: ['ZZZZ'], strategy: { name: 'sma_cross', params: { period: 15 } } },
    })
    expect(enqueued.status).toBe(202)
    const task = (await enqueued.json()) as { id: string }
    const issued = await post('/v1/realtime/token', { channels: [`tasks:${task.id}`] })
    expect(issued.status).toBe(201)
    const { ticket, url } = (await issued.json()) as { ticket: string; url: string }

    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${url}?ticket=${ticket}`)
    const frames: Frame[] = []
    let onFrame = () => {}
    ws.on('message', (d) => {
      frames.push(JSON.parse(String(d)) as Frame)
      onFrame()
    })
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send(JSON.stringify({ type: 'subscribe', channel: `tasks:${task.id}`, fromSerial: 0 }))
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'performance' }))
    const settled = () => frames.some((f) => f.name === 'status' && f.data?.status !== 'running')
    await new Promise<void>((resolve) => {
      onFrame = () => settled() && resolve()
      onFrame()
    })
    const messages = frames.filter((f) => f.type === 'message')
    expect(messages.map((m) => m.name)).toContain('progress')
    expect(messages.at(-1)?.data?.status).toMatch(/^(dead|queued)$/)
    expect(frames).toContainEqual(expect.objectContaining({ type: 'error', code: 'forbidden' }))

    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { 'x-operator-key': operatorKey } })
    ).text()
    expect(metrics).toMatch(/realtime_connections\S* 1/)
    expect(metrics).toMatch(/realtime_messages_total\{kind="out"\} [1-9]/)

    await server.shutdown()
    expect(await closed).toBe(1012)
  }, 60_000)
})
