import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  createTestDatabase,
  freshGet,
  type RedisServer,
  spawnStartScript,
  startRedis,
} from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { WebSocket } from 'ws'

const root = fileURLToPath(new URL('../../..', import.meta.url))
let db: Awaited<ReturnType<typeof createTestDatabase>>
let redis: RedisServer
let child: ChildProcess | undefined
beforeAll(async () => {
  ;[db, redis] = await Promise.all([createTestDatabase(inject('pgUrl'), 'cluster'), startRedis()])
})
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  await redis?.stop()
  await db?.drop()
})

const parentOf = (pid: number) =>
  Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])

describe('WEB_CONCURRENCY=2: two server processes on one port (node:cluster)', () => {
  it('both workers serve, share the ticket secret, a killed worker is replaced, SIGTERM stops all with exit 0', async () => {
    const started = spawnStartScript(root, {
      PORT: '0',
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      WEB_CONCURRENCY: '2',
      SEED_SAMPLE_DATA: 'false',
      LOG_LEVEL: 'warn',
    })
    const { proc, waitFor, exited } = started
    child = proc
    const banner = await waitFor(/listening on (http:\/\/[\d.:]+) \(2 worker processes: (\d+), (\d+)\)/)
    const url = banner[1]!
    const workers = [Number(banner[2]), Number(banner[3])]
    expect(new Set(workers).size).toBe(2)
    for (const pid of workers) expect(parentOf(pid)).toBe(proc.pid)
    expect(started.output().match(/listening on/g)).toHaveLength(1) // one banner, the primary's

    // 21 requests on fresh connections; each worker counts only what it served, in its own /performance (an odd
    // total, so two workers sharing it read two different counts)
    for (let i = 0; i < 21; i++) expect((await freshGet(`${url}/v1/symbols`)).status).toBe(200)
    const seen = new Set<number>()
    for (let i = 0; i < 6; i++) {
      const res = await freshGet(`${url}/performance/metrics/api?window=1m`)
      const body = JSON.parse(res.body) as { routes: { route: string; count: number }[] }
      seen.add(body.routes.find((r) => r.route === '/v1/symbols')?.count ?? 0)
    }
    expect(seen.size).toBe(2)
    expect([...seen].reduce((a, b) => a + b, 0)).toBe(21)

    // tickets minted on one keep-alive connection (one worker); sockets are fresh connections (both workers)
    for (let i = 0; i < 6; i++) {
      const issued = await fetch(`${url}/v1/realtime/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channels: ['ticks:AAPL'] }),
      })
      expect(issued.status).toBe(201)
      const { ticket, url: path } = (await issued.json()) as { ticket: string; url: string }
      const ws = new WebSocket(`${url.replace('http', 'ws')}${path}?ticket=${ticket}`)
      const opened = await new Promise<boolean>((resolve) => {
        ws.once('open', () => resolve(true))
        ws.once('unexpected-response', () => resolve(false))
        ws.once('error', () => resolve(false))
      })
      expect(opened).toBe(true)
      ws.close()
    }

    // a worker that dies is replaced; the port keeps answering
    process.kill(workers[0]!, 'SIGKILL')
    await waitFor(new RegExp(`worker ${workers[0]} exited \\(SIGKILL\\); starting a replacement`))
    for (let i = 0; i < 4; i++) expect((await freshGet(`${url}/health`)).status).toBe(200)

    proc.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(existsSync(`/proc/${workers[1]}`)).toBe(false)
  }, 120_000)
})
