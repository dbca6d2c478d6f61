/**
 * `npm run bench -- health-delay`: how long one hostile request (or batch) can delay `/health`. The embedded server
 * runs in a child process (createDeps + createApp, PGlite, the task runner and the compute pool as `npm start` has
 * them); this process probes GET /health every 10 ms while it fires each request class from issue 13 once, and
 * keeps probing until the answer is in plus a settle window (202 tasks keep running in the server meanwhile, then
 * are cancelled). Per class: worst and p99 probe latency, medians over BENCH_ROUNDS rounds; `idle` is the same
 * probe with nothing else running. Goal: every class's worst under 100 ms.
 */
import { join } from 'node:path'
import { SAMPLE_UNIVERSE } from '@supernova/core'
import { median, report, round } from './lib.ts'
import { startChild } from './load.ts'

const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 1_500)
const env = { SUPERNOVA_DATA_DIR: join(process.cwd(), '.supernova', 'bench-health'), LOG_LEVEL: 'error' }
const script = join(import.meta.dirname, 'http-server.ts')

const days = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
  )

function inlineRiskParity(n: number, t: number) {
  const dates = days(t)
  const series: Record<string, number[]> = {}
  for (let j = 0; j < n; j++) {
    let p = 100
    series[`S${j}`] = dates.map((_, i) => {
      p *= 1 + Math.sin(i * 0.37 + j) * 0.01
      return round(p, 4)
    })
  }
  return { prices: { dates, series }, objective: 'risk_parity' }
}

const tpe = { symbol: 'AAPL', strategy: 'ma_cross', method: 'tpe', trials: 5_000 }
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META', 'JPM', 'BAC', 'XOM', 'CVX', 'KO', 'PEP']

/** Each hostile class: one request, as the issue tried them. */
const CLASSES: Record<string, { path: string; body: unknown }> = {
  'risk-parity-1100-inline': { path: '/v1/portfolios/optimize', body: inlineRiskParity(1_100, 250) },
  'risk-parity-1600-inline': { path: '/v1/portfolios/optimize', body: inlineRiskParity(1_600, 250) },
  'risk-parity-500-inline': { path: '/v1/portfolios/optimize', body: inlineRiskParity(500, 250) },
  'tpe-5000': { path: '/v1/optimizations', body: tpe },
  'batch-2-tpe-5000': {
    path: '/v1/batch',
    body: { requests: [0, 1].map(() => ({ method: 'POST', path: '/v1/optimizations', body: tpe })) },
  },
  'batch-6-random-600': {
    path: '/v1/batch',
    body: {
      requests: SYMBOLS.slice(0, 6).map((symbol) => ({
        method: 'POST',
        path: '/v1/optimizations',
        body: { symbol, strategy: 'ma_cross', method: 'random', trials: 600 },
      })),
    },
  },
  'basket-12': { path: '/v1/backtests', body: { symbols: SYMBOLS, strategy: { name: 'ma_cross' } } },
  [`basket-${SAMPLE_UNIVERSE.length}`]: {
    path: '/v1/backtests',
    body: { symbols: SAMPLE_UNIVERSE.map((x) => x.symbol), strategy: { name: 'ma_cross' } },
  },
  'grid-400': {
    path: '/v1/optimizations',
    body: {
      symbol: 'MSFT',
      strategy: 'ma_cross',
      method: 'grid',
      space: { fast: { min: 2, max: 40, step: 2 }, slow: { min: 50, max: 240, step: 10 } },
    },
  },
  'grid-1e6': {
    path: '/v1/optimizations',
    body: {
      symbol: 'MSFT',
      strategy: 'ma_cross',
      method: 'grid',
      space: { fast: { min: 2, max: 200, step: 0.2 }, slow: { min: 2, max: 500, step: 0.5 } },
    },
  },
}

const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? Number.NaN
}

/** Probes /health every 10 ms until `until` settles plus the settle window; returns each probe's latency. */
async function probe(url: string, until: Promise<unknown>): Promise<number[]> {
  const lat: number[] = []
  const pending = new Set<Promise<void>>()
  const timer = setInterval(() => {
    const t = performance.now()
    const p = fetch(`${url}/health`)
      .then((r) => r.arrayBuffer())
      .then(() => {
        lat.push(performance.now() - t)
      })
      .catch(() => {
        lat.push(Number.POSITIVE_INFINITY)
      })
      .finally(() => pending.delete(p))
    pending.add(p)
  }, 10)
  await until.catch(() => {})
  await new Promise((r) => setTimeout(r, settleMs))
  clearInterval(timer)
  await Promise.all(pending)
  return lat
}

const server = await startChild(script, ['full', '/health'], env)
const statuses: Record<string, number[]> = {}
const runs: Record<string, { worst: number; p99: number }[]> = { idle: [] }
try {
  for (let i = 0; i < 20; i++) await fetch(`${server.url}/health`).then((r) => r.arrayBuffer())
  for (let r = 0; r < rounds; r++) {
    const idle = await probe(server.url, new Promise((res) => setTimeout(res, 1_000)))
    runs.idle!.push({ worst: Math.max(...idle), p99: p99(idle) })
    for (const [name, { path, body }] of Object.entries(CLASSES)) {
      const text = JSON.stringify(body)
      const fired = fetch(server.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      }).then(async (res) => {
        statuses[name] = [...(statuses[name] ?? []), res.status]
        return res.json() as Promise<{ id?: string; responses?: { body?: { id?: string } }[] }>
      })
      const lat = await probe(server.url, fired)
      runs[name] = [...(runs[name] ?? []), { worst: Math.max(...lat), p99: p99(lat) }]
      // background tasks this class started would run into the next class: cancel them
      const answer = await fired.catch(
        () => ({}) as { id?: string; responses?: { body?: { id?: string } }[] },
      )
      const ids = [answer.id, ...(answer.responses ?? []).map((x) => x.body?.id)].filter(
        (id): id is string => typeof id === 'string' && id.startsWith('task_'),
      )
      for (const id of ids) await fetch(`${server.url}/v1/tasks/${id}`, { method: 'DELETE' }).catch(() => {})
    }
  }
} finally {
  await server.stop()
}

const medianOf = Object.fromEntries(
  Object.entries(runs).map(([k, xs]) => [
    k,
    { worstMs: round(median(xs.map((x) => x.worst)), 1), p99Ms: round(median(xs.map((x) => x.p99)), 1) },
  ]),
)
const hostile = Object.entries(medianOf).filter(([k]) => k !== 'idle')
const worst = Math.max(...hostile.map(([, v]) => v.worstMs))
console.error(
  Object.entries(medianOf)
    .map(
      ([k, v]) =>
        `${k.padEnd(26)} worst ${String(v.worstMs).padStart(7)} ms  p99 ${String(v.p99Ms).padStart(7)} ms  status ${statuses[k]?.join(',') ?? '-'}`,
    )
    .join('\n'),
)
report({
  name: 'health-delay',
  medians: Object.fromEntries(Object.entries(medianOf).map(([k, v]) => [k, v])),
  ratios: { worstVsGoal100ms: round(worst / 100, 3), worstVsIdle: round(worst / medianOf.idle!.worstMs, 2) },
  statuses,
  worstMs: worst,
  rounds,
})
