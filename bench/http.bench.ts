/**
 * `npm run bench -- http`: GET /v1/symbols/{symbol}/bars through the full stack against a bare Hono route that
 * returns the same bytes, each server in its own process on @hono/node-server, load from this process over
 * loopback (autocannon, 32 connections). Alternating rounds, medians.
 */
import { join } from 'node:path'
import { median, report, round } from './lib.ts'
import { type LoadResult, load, startChild } from './load.ts'

const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const seconds = Number(process.env.BENCH_SECONDS ?? 4)
const path = '/v1/symbols/AAPL/bars?from=2025-01-02&to=2025-03-31'
const env = { SUPERNOVA_DATA_DIR: join(process.cwd(), '.supernova', 'bench'), LOG_LEVEL: 'warn' }
const script = join(import.meta.dirname, 'http-server.ts')

const full = await startChild(script, ['full', path], env)
const bare = await startChild(script, ['bare', path], env)
const runs: { full: LoadResult[]; bare: LoadResult[] } = { full: [], bare: [] }
try {
  await load(full.url + path, { seconds: 1 })
  await load(bare.url + path, { seconds: 1 })
  for (let i = 0; i < rounds; i++) {
    runs.full.push(await load(full.url + path, { seconds }))
    runs.bare.push(await load(bare.url + path, { seconds }))
  }
} finally {
  await Promise.all([full.stop(), bare.stop()])
}
const m = (xs: LoadResult[], k: keyof LoadResult) => median(xs.map((x) => x[k]))
const bad = [...runs.full, ...runs.bare].reduce((n, r) => n + r.errors + r.non2xx, 0)
if (bad > 0) throw new Error(`${bad} failed requests during the benchmark`)
report({
  name: 'http',
  path,
  rounds,
  secondsPerRound: seconds,
  connections: 32,
  medians: {
    full_rps: round(m(runs.full, 'rps'), 0),
    full_p50_ms: m(runs.full, 'p50'),
    full_p99_ms: m(runs.full, 'p99'),
    bare_rps: round(m(runs.bare, 'rps'), 0),
    bare_p50_ms: m(runs.bare, 'p50'),
    bare_p99_ms: m(runs.bare, 'p99'),
    bytes_per_response: round(m(runs.full, 'bytesPerReq'), 0),
  },
  ratios: {
    full_over_bare_rps: round(m(runs.full, 'rps') / m(runs.bare, 'rps')),
    full_over_bare_p99: round(m(runs.full, 'p99') / Math.max(1, m(runs.bare, 'p99'))),
  },
})
