/**
 * `npm run bench -- pglite-thread`: the embedded server (`node scripts/start.mjs`, PGlite in a data folder) under
 * an analytics-heavy mix, with PGlite on the event loop (PGLITE_THREAD=main, the former default) and on its own
 * worker thread (worker, the default), alternating, BENCH_ROUNDS times each. The mix writes and reads the
 * database on most requests: single-symbol backtests and portfolios (a stored result each, written after the
 * answer), advice, risk profiles (an insert each), symbol pages. Reports requests per second, p50/p99 latency and
 * the server's CPU per request (all threads) per mode, medians over rounds, and worker / main ratios.
 * BENCH_SECONDS (default 10) per run, BENCH_CONNECTIONS (default 8).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SAMPLE_UNIVERSE } from '@supernova/core'
import { median, report, round } from './lib.ts'
import { cpuMsOf, driveMix, type MixRequest, NPM_START, startServer } from './server-child.ts'

const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8)
const symbols = SAMPLE_UNIVERSE.map((s) => s.symbol)
const MODES = ['main', 'worker'] as const

const json = (body: unknown) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/** The request a connection sends next (symbols round-robin). */
function nextRequest(n: number): MixRequest {
  const sym = symbols[n % symbols.length]!
  const five = [0, 1, 2, 3, 4].map((k) => symbols[(n + k * 7) % symbols.length]!)
  switch (n % 5) {
    case 0:
      return { path: '/v1/backtests', ...json({ symbol: sym, strategy: { name: 'sma_cross' } }) }
    case 1:
      return { path: '/v1/portfolios/optimize', ...json({ symbols: five, objective: 'min_volatility' }) }
    case 2:
      return { path: '/v1/advice', ...json({ symbol: sym, riskScore: (n * 13) % 101 }) }
    case 3:
      return {
        path: '/v1/profiles',
        ...json({
          age: 20 + (n % 50),
          horizonYears: 15,
          incomeStability: 'stable',
          experience: 'intermediate',
          lossTolerance: 'hold',
          goal: 'growth',
        }),
      }
    default:
      return { path: `/v1/symbols/${sym}/bars?limit=250` }
  }
}

interface Run {
  rps: number
  p50_ms: number
  p99_ms: number
  cpu_ms_per_request: number
  failed: number
}

async function run(dataDir: string, mode: (typeof MODES)[number]): Promise<Run> {
  const s = await startServer(NPM_START, { SUPERNOVA_DATA_DIR: dataDir, PGLITE_THREAD: mode })
  try {
    await new Promise((r) => setTimeout(r, 1000))
    const cpu0 = cpuMsOf(s.pid)
    const r = await driveMix(s.url, nextRequest, { connections, seconds })
    const cpu = cpuMsOf(s.pid) - cpu0
    return {
      rps: round(r.requests.average, 1),
      p50_ms: r.latency.p50,
      p99_ms: r.latency.p99,
      cpu_ms_per_request: round(cpu / Math.max(1, r.requests.total), 2),
      failed: r.errors + r.non2xx,
    }
  } finally {
    await s.stop()
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'supernova-pglite-thread-'))
const runs: Record<string, Run[]> = { main: [], worker: [] }
try {
  // the first start seeds the sample data; its run is discarded
  await run(dataDir, 'worker')
  for (let i = 0; i < rounds; i++) for (const m of MODES) runs[m]!.push(await run(dataDir, m))
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
const med = (m: string, k: keyof Run) => round(median(runs[m]!.map((r) => r[k])), 2)
const medians = Object.fromEntries(
  MODES.map((m) => [
    m,
    Object.fromEntries(
      (['rps', 'p50_ms', 'p99_ms', 'cpu_ms_per_request', 'failed'] as const).map((k) => [k, med(m, k)]),
    ),
  ]),
)
report({
  name: 'pglite-thread',
  seconds,
  connections,
  rounds,
  runs,
  medians,
  ratios: {
    worker_over_main_rps: round(med('worker', 'rps') / med('main', 'rps'), 3),
    worker_over_main_p99: round(med('worker', 'p99_ms') / med('main', 'p99_ms'), 3),
    worker_over_main_cpu_per_request: round(
      med('worker', 'cpu_ms_per_request') / med('main', 'cpu_ms_per_request'),
      3,
    ),
  },
})
