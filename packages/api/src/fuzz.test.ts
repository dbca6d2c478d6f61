import { createPgliteDatabase } from '@supernova/db'
import { localSentiment, sentimentService } from '@supernova/ml'
import { databaseTasks, taskRegistry } from '@supernova/queue'
import { createTestAppDeps, fuzzOperations, hostileRequest, Tally } from '@supernova/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.ts'
import { analyticsTaskTypes } from './routes/analytics-tasks.ts'

// Fixed seed and run count: the same requests every run; a failure prints the seed and the shrunk request.
const SEED = 13_2026
const RUNS = 1_500
// Server-sent event streams never end by themselves: not request/response operations.
const SKIP = ['GET /performance/metrics/stream']
// What must never reach a client: database messages, sqlstates, addresses, paths, stack frames.
const LEAK =
  /sqlstate|date\/time field|invalid byte sequence|ECONNREFUSED|127\.0\.0\.1|\/work\/|node_modules|\.ts:\d+|at \w+ \(/i

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  const db = await createPgliteDatabase()
  deps = await createTestAppDeps({
    db,
    extra: { sentiment: sentimentService({ model: localSentiment(), db }) },
  })
  // enqueue only (no runner): task routes answer, nothing runs behind the suite's back
  deps.tasks = databaseTasks({
    db,
    registry: taskRegistry(analyticsTaskTypes({ market: deps.market })),
  }).queue
  app = createApp(deps)
}, 120_000)
afterAll(async () => deps.close())

describe('fuzz: hostile requests from every route schema', () => {
  it('never answers 5xx, always the envelope on 4xx, and the server stays healthy', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as Parameters<typeof fuzzOperations>[0]
    const ops = fuzzOperations(doc, SKIP)
    expect(ops.length).toBeGreaterThan(30)
    const tally = new Tally()
    const property = fc.asyncProperty(
      fc.constantFrom(...ops).chain((op) => hostileRequest(op)),
      async (req) => {
        const res = await app.request(req.url, {
          method: req.method,
          headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
          body: req.body,
        })
        const text = await res.text()
        const outcome = res.status >= 500 ? 'server5xx' : res.status >= 400 ? 'client4xx' : 'ok'
        tally.add(req.classes, outcome)
        expect(res.status, `${req.method} ${req.url} -> ${text.slice(0, 300)}`).toBeLessThan(500)
        expect(text).not.toMatch(LEAK)
        if (res.status >= 400) {
          const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
          expect(body.error?.code).toEqual(expect.any(String))
          expect(body.error?.message).toEqual(expect.any(String))
        }
      },
    )
    try {
      await fc.assert(property, { seed: SEED, numRuns: RUNS })
    } finally {
      console.info(`${tally.summary('fuzz')} (seed ${SEED}, ${RUNS} runs)`)
    }
    const health = await app.request('/health')
    expect(health.status).toBe(200)
    expect((await app.request('/health/ready')).status).toBe(200)
    // every class was tried, and (no 5xx above) each hostile one answered a 2xx or a correct 4xx
    expect([...tally.rows.keys()].sort()).toEqual(
      expect.arrayContaining([
        'crlf',
        'deep_nesting',
        'duplicate_param',
        'huge_number',
        'nul',
        'unicode',
        'valid',
      ]),
    )
  }, 240_000)
})
