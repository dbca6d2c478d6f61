/**
 * `npm run bench -- memory`: resident memory of the real server (what `npm start` runs: package.json's start
 * script, its node flags and MALLOC_ARENA_MAX included) as a child process on 127.0.0.1, read from
 * /proc/<pid>/status (VmRSS now, VmHWM the peak so far):
 * - first start on an empty database (migrations + sample data): the peak up to "listening", then RSS when idle;
 * - restarts on the same data: RSS when idle, 2 s after listening (median of BENCH_ROUNDS), and at rest, after
 *   BENCH_REST_SECONDS (30) with nothing to do, once V8 has given back the start-up's heap pages;
 * - a mixed load (market reads, NDJSON bars, profiles, advice, sentiment, and backtests and portfolios, whose
 *   results are stored: 2 in 11 requests, a little more than the load suite's 5 in 48) for BENCH_SECONDS: the
 *   highest RSS seen, and the requests per second.
 * Shapes: embedded (PGlite in SUPERNOVA_DATA_DIR) and self-hosted (PostgreSQL and redis-server from the test
 * harness). Peers: the embedded shape on node's defaults (`node scripts/start.mjs`: four V8 helper threads and a
 * malloc arena per thread), and under the tsx loader (how `npm start` ran before it was bundled).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SAMPLE_UNIVERSE } from '@supernova/core'
import { createTestDatabase, startPostgres, startRedis } from '@supernova/testing'
import { median, report, round } from './lib.ts'
import {
  driveMix,
  type MixRequest,
  memoryOf,
  NPM_START,
  type ServerChild,
  startServer,
} from './server-child.ts'

const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16)
const restSeconds = Number(process.env.BENCH_REST_SECONDS ?? 30)
const settleMs = 2_000
const GOALS_MB = { idle: 250, firstStartPeak: 400, load: 512 }
const NODE_DEFAULTS = { args: ['scripts/start.mjs'] }
const TSX = { args: ['--import', 'tsx', 'packages/server/src/main.ts'] }
type Command = typeof NODE_DEFAULTS

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const idleRss = async (s: ServerChild) => {
  await sleep(settleMs)
  return memoryOf(s.pid).rss
}

const json = (body: unknown) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
const questionnaire = {
  age: 40,
  horizonYears: 15,
  incomeStability: 'stable',
  experience: 'intermediate',
  lossTolerance: 'hold',
  goal: 'growth',
}
const headlines = [
  'Acme beats estimates and raises full-year guidance',
  'Regulators open an investigation into the accounting of Globex',
  'Initech shares flat ahead of the earnings call',
  'Umbrella cuts 12% of staff as sales fall for a third quarter',
]
const symbols = SAMPLE_UNIVERSE.map((s) => s.symbol)

/** The mixed request a connection sends next: every route family of the product, symbols round-robin. */
function nextRequest(n: number): MixRequest {
  const sym = symbols[n % symbols.length]!
  const other = symbols[(n * 7 + 3) % symbols.length]!
  switch (n % 11) {
    case 0:
      return { path: `/v1/symbols/${sym}/bars?from=2025-01-02&to=2025-03-31` }
    case 1:
      return { path: `/v1/symbols/${sym}/bars?limit=1000` }
    case 2:
      return { path: `/v1/symbols?limit=100` }
    case 3:
      return { path: `/v1/symbols/${sym}` }
    case 4:
      return { path: `/v1/bars?symbols=${sym},${other}&from=2024-01-01&to=2024-12-31` }
    case 5:
      return { path: '/v1/profiles', ...json(questionnaire) }
    case 6:
      return { path: '/v1/advice', ...json({ symbol: sym, riskScore: (n * 13) % 101 }) }
    case 7:
      return {
        path: '/v1/sentiment',
        ...json({ texts: [headlines[n % 4]!, `${sym} ${headlines[(n + 1) % 4]!}`] }),
      }
    case 8:
      return { path: `/v1/sentiment/aggregate?symbols=${sym},${other}` }
    case 9:
      // a stored result each: a 12-year backtest's answer waits in memory until its row is written
      return { path: '/v1/backtests', ...json({ symbol: sym, strategy: { name: 'sma_cross' } }) }
    default:
      return {
        path: '/v1/portfolios/optimize',
        ...json({ symbols: [sym, other], objective: 'min_volatility' }),
      }
  }
}

/** Drives the mixed load for `seconds`, sampling RSS every 100 ms; returns the highest RSS and the request stats. */
async function underLoad(
  s: ServerChild,
): Promise<{ peak: number; rps: number; bad: number; timeouts: number }> {
  let peak = memoryOf(s.pid).rss
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryOf(s.pid).rss)
  }, 100)
  try {
    const r = await driveMix(s.url, nextRequest, { connections, seconds })
    peak = Math.max(peak, memoryOf(s.pid).rss)
    return {
      peak,
      rps: round(r.requests.average, 0),
      bad: r.errors - r.timeouts + r.non2xx,
      timeouts: r.timeouts,
    }
  } finally {
    clearInterval(sampler)
  }
}

interface ShapeResult {
  first_start_peak_mb: number
  idle_after_first_start_mb: number
  idle_mb: number
  at_rest_mb: number
  load_peak_mb: number
  load_rps: number
  load_failed: number
  load_timeouts: number
}

async function measureShape(env: Record<string, string>, command: Command = NPM_START): Promise<ShapeResult> {
  const first = await startServer(command, env)
  let loaded: Awaited<ReturnType<typeof underLoad>>
  let idleAfterFirst: number
  try {
    idleAfterFirst = await idleRss(first)
    loaded = await underLoad(first)
  } finally {
    await first.stop()
  }
  const idle: number[] = []
  const rest: number[] = []
  for (let i = 0; i < rounds; i++) {
    const s = await startServer(command, env)
    idle.push(await idleRss(s))
    await sleep(restSeconds * 1000 - settleMs)
    rest.push(memoryOf(s.pid).rss)
    await s.stop()
  }
  return {
    first_start_peak_mb: first.readyPeak,
    idle_after_first_start_mb: idleAfterFirst,
    idle_mb: median(idle),
    at_rest_mb: median(rest),
    load_peak_mb: loaded.peak,
    load_rps: loaded.rps,
    load_failed: loaded.bad,
    load_timeouts: loaded.timeouts,
  }
}

const t0 = performance.now()
const dataDir = mkdtempSync(join(tmpdir(), 'supernova-memory-'))
let embedded: ShapeResult
let nodeDefaults: ShapeResult
const tsxIdle: number[] = []
try {
  embedded = await measureShape({ SUPERNOVA_DATA_DIR: dataDir })
  // on the data the first start seeded, so its "first start" is a restart: its peak is not compared
  nodeDefaults = await measureShape({ SUPERNOVA_DATA_DIR: dataDir }, NODE_DEFAULTS)
  for (let i = 0; i < rounds; i++) {
    const s = await startServer(TSX, { SUPERNOVA_DATA_DIR: dataDir })
    tsxIdle.push(await idleRss(s))
    await s.stop()
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}

const pg = await startPostgres()
const redis = await startRedis()
let selfHosted: ShapeResult
try {
  const db = await createTestDatabase(pg.url, 'memory')
  selfHosted = await measureShape({ DATABASE_URL: db.url, REDIS_URL: redis.url })
} finally {
  await Promise.all([pg.stop(), redis.stop()])
}

const prefixed = (p: string, r: ShapeResult) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [`${p}_${k}`, v])) as Record<string, number>
report({
  name: 'memory',
  rounds,
  secondsUnderLoad: seconds,
  restSeconds,
  npmStart: NPM_START,
  connections,
  goalsMb: GOALS_MB,
  wallSeconds: round((performance.now() - t0) / 1000, 0),
  medians: {
    ...prefixed('embedded', embedded),
    embedded_node_defaults_idle_mb: nodeDefaults.idle_mb,
    embedded_node_defaults_at_rest_mb: nodeDefaults.at_rest_mb,
    embedded_node_defaults_load_peak_mb: nodeDefaults.load_peak_mb,
    embedded_node_defaults_load_rps: nodeDefaults.load_rps,
    embedded_tsx_loader_idle_mb: median(tsxIdle),
    ...prefixed('self_hosted', selfHosted),
  },
  ratios: {
    embedded_idle_over_goal: round(embedded.idle_mb / GOALS_MB.idle),
    embedded_at_rest_over_goal: round(embedded.at_rest_mb / GOALS_MB.idle),
    idle_over_node_defaults: round(embedded.idle_mb / nodeDefaults.idle_mb),
    at_rest_over_node_defaults: round(embedded.at_rest_mb / nodeDefaults.at_rest_mb),
    load_rps_over_node_defaults: round(embedded.load_rps / nodeDefaults.load_rps),
    embedded_first_start_peak_over_goal: round(embedded.first_start_peak_mb / GOALS_MB.firstStartPeak),
    embedded_load_over_goal: round(embedded.load_peak_mb / GOALS_MB.load),
    self_hosted_load_over_goal: round(selfHosted.load_peak_mb / GOALS_MB.load),
    bundled_over_tsx_loader_idle: round(embedded.idle_mb / median(tsxIdle)),
  },
})
// Timeouts (an overloaded machine) still measure memory; an error response means the profile is wrong.
const failed = embedded.load_failed + nodeDefaults.load_failed + selfHosted.load_failed
if (failed > 0) throw new Error(`${failed} failed requests under load`)
