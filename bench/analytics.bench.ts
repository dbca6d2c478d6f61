/**
 * `npm run bench -- analytics`: the analytics requests end to end against the engines alone, on one embedded
 * server (createDeps: PGlite seeded with the sample universe, 12 years x 53 symbols; the tiered cache; createApp
 * served by @hono/node-server on 127.0.0.1, requests over loopback with keep-alive).
 * - requests: POST /v1/portfolios/optimize (10 symbols, max Sharpe), POST /v1/backtests (basket of 20, buy and
 *   hold), POST /v1/backtests (one symbol, 12 years, sma_cross), POST /v1/advice, and GET /v1/symbols/:symbol (the
 *   "simple API call"). cold = the first request after the symbols' cached reads are dropped from every tier
 *   (tag `sym:X`, what an import does: the read goes to the database); start = the first request of a restarted
 *   process (new app and cache, empty L1, the cache's SQL table L3 kept) once its start-up history warm is done;
 *   warm = repeated after
 *   that; compute = the engine alone on the same data, already in memory;
 * - readpath: reading 10 symbols' full histories from the database: one `bars.range` row query per symbol in turn
 *   (the former path) and in parallel, one row query for the set, one array_agg query for the set, and
 *   `historyColumns` (what the service uses: array_agg on PGlite, parallel rows on PostgreSQL), on PGlite, and on
 *   PostgreSQL when BENCH_PG=1 (started by the testing harness);
 * - the seed's reference rows beside ours.
 * Goals (issue 19), warm: portfolio < 15 ms, basket < 40 ms, one backtest < 5 ms, end to end <= 2x compute;
 * cold < 3x warm. Env: BENCH_REPEATS (7 warm), BENCH_COLD (5).
 * The same script runs on an older checkout (no history service): it then measures the former path.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import * as api from '@supernova/api'
import { createCache, sqlL3 } from '@supernova/cache'
import {
  advise,
  backtestStrategy,
  barsToColumns,
  optimizePortfolio,
  type PriceBars,
  runBasket,
  SAMPLE_UNIVERSE,
} from '@supernova/core'
import { createPgDatabase, migrate, type SqlDatabase, seedSampleData } from '@supernova/db'
import { buildAppDeps, createDeps, loadConfig } from '@supernova/runtime'
import { median, report, round } from './lib.ts'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 7)
const COLD = Number(process.env.BENCH_COLD ?? 5)
const symbols = SAMPLE_UNIVERSE.map((s) => s.symbol)
const ten = symbols.slice(0, 10)
const twenty = symbols.slice(10, 30)
const one = symbols[30]!

const dir = mkdtempSync(join(tmpdir(), 'sn-bench-analytics-'))
const runtime = await createDeps(
  loadConfig({ ...process.env, PORT: '0', SUPERNOVA_DATA_DIR: dir, SEED_SAMPLE_DATA: 'true' }),
)
const { deps } = runtime
const { createApp } = api
// absent before issue 19 (the script also measures older checkouts)
const warmHistories = (api as Partial<typeof api>).warmHistories
let app = createApp(deps)
const server = serve({ fetch: (req) => app.fetch(req), hostname: '127.0.0.1', port: 0 })
await new Promise<void>((r) => server.once('listening', () => r()))
const port = (server.address() as { port: number }).port
const base = `http://127.0.0.1:${port}`

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
  return res.headers.get('server-timing') ?? ''
}

const rowsToCols = async (s: string): Promise<PriceBars> =>
  barsToColumns(await deps.market.getBars(s, { limit: 50_000 }))
// the engines' inputs, built the way the routes build them
const data = {
  ten: await Promise.all(ten.map(rowsToCols)),
  twenty: await Promise.all(twenty.map(rowsToCols)),
  one: await rowsToCols(one),
}
function alignPairwise(series: PriceBars[]): Float64Array[] {
  const dates = [...new Set(series.flatMap((s) => s.dates))].sort()
  const at = new Map(dates.map((d, i) => [d, i]))
  return series.map((s) => {
    const col = new Float64Array(dates.length).fill(Number.NaN)
    s.dates.forEach((d, i) => {
      col[at.get(d)!] = s.close[i]!
    })
    for (let i = 1; i < col.length; i++)
      if (Number.isNaN(col[i]!) && !Number.isNaN(col[i - 1]!)) col[i] = col[i - 1]!
    return col
  })
}

const tenPrices = alignPairwise(data.ten)

interface Case {
  name: string
  symbols: string[]
  request: () => Promise<string>
  compute: () => unknown
}
const cases: Case[] = [
  {
    name: 'portfolio_10_max_sharpe',
    symbols: ten,
    request: () => call('POST', '/v1/portfolios/optimize', { symbols: ten, objective: 'max_sharpe' }),
    compute: () =>
      optimizePortfolio({
        tickers: ten,
        prices: tenPrices,
        objective: 'max_sharpe',
        riskFreeRate: 0.02,
      }),
  },
  {
    name: 'basket_20_buy_hold',
    symbols: twenty,
    request: () => call('POST', '/v1/backtests', { symbols: twenty, strategy: { name: 'buy_hold' } }),
    compute: () =>
      runBasket(
        twenty.map((symbol, i) => ({ symbol, bars: data.twenty[i]! })),
        'buy_hold',
        {},
        { initialCash: 10_000, rebalanceEvery: 21 },
      ),
  },
  {
    name: 'backtest_1_12y',
    symbols: [one],
    request: () => call('POST', '/v1/backtests', { symbol: one, strategy: { name: 'sma_cross' } }),
    compute: () => backtestStrategy(data.one, 'sma_cross', {}, { initialCash: 10_000 }),
  },
  {
    name: 'advice',
    symbols: [one],
    request: () => call('POST', '/v1/advice', { symbol: one, riskScore: 50 }),
    compute: () => advise({ bars: data.one, riskScore: 50 }),
  },
  {
    name: 'simple_get_symbol',
    symbols: [one],
    request: () => call('GET', `/v1/symbols/${one}`),
    compute: () => undefined,
  },
]

const time = async (fn: () => unknown): Promise<number> => {
  const t = performance.now()
  await fn()
  return performance.now() - t
}
const dropCached = (syms: string[]) => deps.cache!.deleteByTag(syms.map((s) => `sym:${s}`))
// A restarted process: new app, new cache (empty L1) over the same database, so L3 (the cache table) still
// holds what the previous process wrote; the database and its connection stay open (PGlite boot not counted).
const restartApp = async () => {
  await new Promise((r) => setTimeout(r, 50)) // let the previous app's write-behind reach L3
  const cache = createCache({ prefix: 'sn:', l3: sqlL3(deps.db, { sweepIntervalMs: 0 }), graceMs: 600_000 })
  restarted.push(cache)
  const next = buildAppDeps(deps.db, { cache, monitor: deps.monitor })
  // createDeps starts this warm in the background; a request that arrives once it is done
  if (warmHistories && next.history) await warmHistories(next.history, next.market)
  app = createApp(next)
}
const restarted: { close(): Promise<void> }[] = []

const rows: Record<string, Record<string, number>> = {}
const timings: Record<string, string> = {}
for (const c of cases) {
  const cold: number[] = []
  for (let i = 0; i < COLD; i++) {
    await dropCached(c.symbols)
    cold.push(await time(c.request))
  }
  const start: number[] = []
  for (let i = 0; i < COLD; i++) {
    await c.request()
    await restartApp()
    start.push(await time(c.request))
  }
  const warm: number[] = []
  for (let i = 0; i < 2; i++) await c.request()
  for (let i = 0; i < REPEATS; i++) warm.push(await time(c.request))
  timings[c.name] = await c.request()
  const compute: number[] = []
  for (let i = 0; i < 2; i++) c.compute()
  for (let i = 0; i < REPEATS; i++) compute.push(await time(c.compute))
  const w = median(warm)
  const k = median(compute)
  rows[c.name] = {
    cold_ms: round(median(cold), 2),
    start_ms: round(median(start), 2),
    warm_ms: round(w, 2),
    compute_ms: round(k, 3),
    warm_over_compute: round(w / Math.max(k, 1e-3), 1),
    cold_over_warm: round(median(cold) / w, 2),
    start_over_warm: round(median(start) / w, 2),
  }
  console.error(c.name, rows[c.name], timings[c.name])
}

// Reading 10 full histories from the database: the former row path against the columnar read.
async function readpath(db: SqlDatabase, market: typeof deps.market) {
  const variants: Record<string, () => Promise<unknown>> = {
    rows_per_symbol: async () => {
      for (const s of ten) await market.getBars(s, { limit: 50_000 })
    },
    rows_parallel: () => Promise.all(ten.map((s) => market.getBars(s, { limit: 50_000 }))),
    rows_one_query: () =>
      db.query(
        'select symbol, date, open, high, low, close, volume from bars where symbol = any($1::text[]) order by symbol, date',
        [ten],
      ),
    array_agg_one_query: () =>
      db.query(
        `select symbol, string_agg(date::text, ',' order by date) d, ${[
          'open',
          'high',
          'low',
          'close',
          'volume',
        ]
          .map((c) => `array_agg(${c} order by date) ${c}`)
          .join(', ')} from bars where symbol = any($1::text[]) group by symbol`,
        [ten],
      ),
  }
  if ('historyColumns' in market) variants.history_columns = () => market.historyColumns(ten)
  const out: Record<string, number> = {}
  for (const [name, fn] of Object.entries(variants)) {
    await fn()
    const ts: number[] = []
    for (let i = 0; i < REPEATS; i++) ts.push(await time(fn))
    out[name] = round(median(ts), 2)
  }
  return out
}
const read: Record<string, Record<string, number>> = { pglite: await readpath(deps.db, deps.market) }
if (process.env.BENCH_PG === '1') {
  const { startPostgres } = await import('@supernova/testing')
  const { marketRepository } = await import('@supernova/db')
  const pgServer = await startPostgres()
  const db = await createPgDatabase({ connectionString: pgServer.url })
  await migrate(db)
  await seedSampleData(db)
  read.pg = await readpath(db, marketRepository(db))
  await db.close()
  await pgServer.stop()
}

server.close()
for (const c of restarted) await c.close()
await runtime.close()
rmSync(dir, { recursive: true, force: true })

const seed = [
  ['backtesting', 1200, rows.backtest_1_12y!.warm_ms],
  ['complex optimisation', 6000, rows.portfolio_10_max_sharpe!.warm_ms],
  ['sentiment', 120, Number.NaN],
  ['simple API call', 30, rows.simple_get_symbol!.warm_ms],
] as const
console.error('\nseed reference (ms) vs ours warm (ms); sentiment: see `npm run bench -- sentiment`')
for (const [name, ref, ours] of seed)
  console.error(`  ${name.padEnd(22)} ${String(ref).padStart(6)}  ${ours}`)
const cols = [
  'cold_ms',
  'start_ms',
  'warm_ms',
  'compute_ms',
  'warm_over_compute',
  'cold_over_warm',
  'start_over_warm',
]
console.error(`\n${'request'.padEnd(26)}${cols.map((c) => c.padStart(18)).join('')}`)
for (const [name, r] of Object.entries(rows))
  console.error(`${name.padEnd(26)}${cols.map((c) => String(r[c]).padStart(18)).join('')}`)
console.error('\nread 10 histories (ms)', read)

report({
  name: 'analytics',
  medians: rows,
  ratios: Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.warm_over_compute!])),
  readpath: read,
  serverTiming: timings,
  seedReference: Object.fromEntries(seed.map(([n, ref, ours]) => [n, { seed_ms: ref, ours_ms: ours }])),
})
