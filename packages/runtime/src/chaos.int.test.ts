import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '@supernova/api'
import {
  type PostgresServer,
  type RedisServer,
  startPostgres,
  startRedis,
  Tally,
  waitFor,
} from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { createDeps, type Runtime } from './deps.ts'

// The whole server (createDeps: pg pool, Redis L2 + bus + realtime fan-out, compute pool) with its own PostgreSQL
// and redis-server, so killing them touches no other test.
let pg: PostgresServer
let redis: RedisServer
let runtime: Runtime
let app: ReturnType<typeof createApp>
let dataDir: string
const tally = new Tally()
const acked: string[] = []
const statuses = new Map<string, Map<number, number>>()

beforeAll(async () => {
  // durable: an acknowledged commit must survive the server's crash (the shared test server trades that for speed)
  ;[pg, redis] = await Promise.all([startPostgres(undefined, { durable: true }), startRedis()])
  dataDir = mkdtempSync(join(tmpdir(), 'supernova-chaos-'))
  const config = loadConfig({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    SEED_SAMPLE_DATA: 'false',
    LOG_LEVEL: 'silent',
    SUPERNOVA_DATA_DIR: dataDir,
    // faults of the dependencies are under test here, not the request budget (its own suites cover it): the
    // read-back alone is about 1,500 requests from one caller
    RATE_LIMIT_ENABLED: 'false',
  })
  runtime = await createDeps(config, { runTasks: false })
  app = createApp(runtime.deps)
}, 120_000)

afterAll(async () => {
  console.info(tally.summary('chaos'))
  await runtime?.close().catch(() => {})
  await Promise.all([pg?.stop(), redis?.stop()])
  rmSync(dataDir, { recursive: true, force: true })
})

const json = { 'content-type': 'application/json' }

/** Writes, read-backs and list reads from `workers` loops for `ms`; every 201 is remembered to be read later. */
async function load(phase: string, ms: number, workers = 4): Promise<{ total: number; failed: number }> {
  const seen = statuses.get(phase) ?? new Map<number, number>()
  statuses.set(phase, seen)
  let total = 0
  let failed = 0
  const until = Date.now() + ms
  const one = async (i: number) => {
    let res: Response
    if (i % 3 === 0) {
      res = await app.request('/v1/watchlists', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: `${phase}-${i}`, symbols: [] }),
      })
      if (res.status === 201) acked.push(((await res.clone().json()) as { id: string }).id)
    } else if (i % 3 === 1 && acked.length)
      res = await app.request(`/v1/watchlists/${acked[i % acked.length]}`)
    else res = await app.request('/v1/symbols?limit=5')
    const body = await res.text()
    total++
    seen.set(res.status, (seen.get(res.status) ?? 0) + 1)
    if (res.status >= 500) {
      failed++
      // a failure is still the envelope, with nothing of the driver's message in it
      expect((JSON.parse(body) as { error: { code: string } }).error.code).toMatch(/^(unavailable|timeout)$/)
      expect(body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|sqlstate/i)
    }
    tally.add([phase], res.status >= 500 ? 'server5xx' : res.status >= 400 ? 'client4xx' : 'ok')
  }
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; Date.now() < until; i += workers) await one(i)
    }),
  )
  return { total, failed }
}

const ready = () =>
  waitFor(async () => ((await app.request('/health/ready')).status === 200 ? true : undefined), 30_000)

describe('chaos: dependencies killed and restarted under load', () => {
  it('keeps answering while Redis is killed (the cache degrades to L1/L3), and recovers when it is back', async () => {
    expect((await load('baseline', 1_000)).failed).toBe(0)
    await redis.stop()
    const down = await load('redis_killed', 2_000)
    // the cache is an accelerator: its outage costs no request
    expect(down.failed).toBe(0)
    expect((await app.request('/health/ready')).status).toBe(503)
    redis = await startRedis({ port: redis.port })
    await ready()
    expect((await load('redis_restarted', 1_000)).failed).toBe(0)
  }, 120_000)

  it('answers 503 (never 500) while PostgreSQL is down, and recovers when it restarts', async () => {
    await pg.halt()
    const down = await load('postgres_stopped', 2_000)
    // every database request fails cleanly while it is down; none hangs the server
    expect(down.total).toBeGreaterThan(0)
    expect(statuses.get('postgres_stopped')?.has(500)).toBe(false)
    await pg.resume()
    await ready()
    const after = await load('postgres_restarted', 1_500)
    expect(after.failed).toBe(0)
  }, 120_000)

  it('lost nothing it acknowledged: every 201 reads back', async () => {
    expect(acked.length).toBeGreaterThan(0)
    let lost = 0
    for (const id of acked) {
      const ok = (await app.request(`/v1/watchlists/${id}`)).status === 200
      if (!ok) lost++
      tally.add(['acknowledged_readback'], ok ? 'ok' : 'lost')
    }
    expect(lost).toBe(0)
    expect((await app.request('/health')).status).toBe(200)
  }, 120_000)
})
