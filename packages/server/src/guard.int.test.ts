import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@supernova/runtime'
import { type RedisServer, startRedis } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from './server.ts'

const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'supernova-guard-')))
let redis: RedisServer
let servers: RunningServer[] = []
beforeAll(async () => {
  redis = await startRedis()
  const env = {
    PORT: '0',
    SEED_SAMPLE_DATA: 'false',
    TASK_RUNNER: 'false',
    LOG_LEVEL: 'silent',
    REDIS_URL: redis.url,
    RATE_LIMIT_REQUESTS: '6',
    RATE_LIMIT_EXPENSIVE_REQUESTS: '2',
    RATE_LIMIT_EXEMPT_LOOPBACK: 'false',
    CORS_ORIGINS: 'https://app.example.com',
  }
  // two instances sharing one Redis, as a cluster would
  servers = await Promise.all(dirs.map((d) => startServer(loadConfig({ ...env, SUPERNOVA_DATA_DIR: d }))))
}, 120_000)
afterAll(async () => {
  await Promise.all(servers.map((s) => s.shutdown(1_000)))
  await redis.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('rate limits and browser safety on real servers sharing redis-server', () => {
  it('shares one budget per client across instances: the seventh request of six is 429 on either', async () => {
    const [a, b] = servers as [RunningServer, RunningServer]
    expect(a.runtime.adapters.rateLimit).toMatch(/^redis, 6\/60 s/)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${(i % 2 ? b : a).url}/v1/watchlists`)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200])
    const refused = await fetch(`${b.url}/v1/watchlists`)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
    // health stays reachable for probes
    expect((await fetch(`${a.url}/health`)).status).toBe(200)
  })

  it('answers 405 with Allow and a preflight for the allowed origin', async () => {
    const a = servers[0]!
    // /health is not rate limited (the /v1 budget is spent by the test above)
    const put = await fetch(`${a.url}/health`, { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    const write = await fetch(`${a.url}/health`, { method: 'POST', body: 'x' })
    expect(write.status).toBe(405)
    const preflight = await fetch(`${a.url}/v1/watchlists`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(preflight.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('fails open when Redis goes away: requests pass, nothing is 5xx, the metric counts it', async () => {
    const a = servers[0]!
    await redis.stop()
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await fetch(`${a.url}/health`)).status)
    for (let i = 0; i < 10; i++) statuses.push((await fetch(`${a.url}/v1/symbols?limit=1`)).status)
    expect(statuses.every((s) => s === 200)).toBe(true)
    const metrics = await (await fetch(`${a.url}/metrics`)).text()
    const failedOpen = /rate_limit_requests_total\{budget="default",outcome="failed_open"\} (\d+)/.exec(
      metrics,
    )
    expect(Number(failedOpen?.[1])).toBeGreaterThanOrEqual(10)
  })
})
