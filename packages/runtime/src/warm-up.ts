import { type AppDeps, createApp } from '@supernova/api'
import { createCache, sqlL3 } from '@supernova/cache'
import { generateUniverseBars, type SymbolInfo } from '@supernova/core'
import { marketRepository, reclaimDeadRows, type SqlDatabase, type SqlExecutor } from '@supernova/db'
import { createMonitor } from '@supernova/metrics'
import { buildAppDeps } from './deps.ts'
import { createLogger } from './logger.ts'
import { fullSizeSeries, settleEngines, warmEngines } from './warm-engines.ts'

/** Synthetic symbols (valid tickers, so the routes accept them); written inside a transaction that rolls back. */
const SYMBOLS: SymbolInfo[] = ['Technology', 'Energy', 'Financials', 'Healthcare'].map((sector, i) => ({
  symbol: `ZZWARMUP.${i}`,
  name: 'warm-up',
  sector,
  exchange: 'WARMUP',
  currency: 'USD',
}))

class RolledBack extends Error {}

/** Rounds of the shadow requests: a miss, an L3 hit, then L1 hits (see below). */
const ROUNDS = 6

/** What a warm-up did, for the start-up log line and the metric. */
export interface WarmUpResult {
  ms: number
  /** Requests answered by the shadow app (status 200 each, else the warm-up says which did not). */
  requests: Record<string, number>
  /** Reads the shadow app's second round answered from its L3 table (the restart path, compiled). */
  l3Hits: number
  /** Reads of the later rounds answered from the shadow's L1 (the rounds that let V8 optimise the hot code). */
  l1Hits: number
  /** Time the engines took on full-size inputs after the shadow requests (warmEngines), ms. */
  enginesMs: number
  /** Engine rounds after pauses that let V8 install the code it compiled meanwhile (settleEngines), and their ms. */
  settleRounds: number
  settleMs: number
  /** Time vacuuming the tables the shadow wrote took (PGlite only, else 0), ms. */
  vacuumMs: number
}

/**
 * The tables the shadow app writes (and rolls back). PGlite runs no autovacuum, so the rolled-back rows stayed in
 * them as dead space for good: about 22 pages (180 KB) more of `bars` per start, a sample database's 1,590 pages
 * grew to 28,855 over the benchmarks' starts. Vacuumed after the rollback, that space is free for the next
 * start's shadow rows (and trailing pages are cut off); it takes 10-40 ms once the tables have been vacuumed
 * (the first time, a whole pass: 130 ms over the sample's bars). The previous run's churn in them (cache entries
 * rewritten, results) is reclaimed with it.
 */
const SHADOW_TABLES = ['symbols', 'bars', 'results', 'cache_entries']

/**
 * Runs each analytics path once on synthetic data before the server listens, so the first real request pays for
 * its data, not for compilation: the analytics routes through a shadow app (Hono, validation, the history
 * service and cache code, alignment, the engines, storing a result, JSON) and the history query on the database.
 * The compute worker is not started: it takes only work priced over 10 ms (cost.ts), which pays for its start
 * (60-80 ms on a 40-symbol portfolio), and idle it held 20 MB. The shadow app runs inside a
 * transaction that is rolled back, over two years of synthetic bars for four synthetic symbols, with its own
 * cache (memory, and an L3 table in that transaction) and monitor: no real row is read or written, no real cache
 * entry filled, no cache or request metric counted. Then the engines run on full-size inputs in memory
 * (`warmEngines`). Databases without interactive transactions (Neon HTTP) get the engines only.
 */
export async function warmUp(deps: AppDeps): Promise<WarmUpResult> {
  const t0 = performance.now()
  const series = generateUniverseBars(SYMBOLS, { from: '2024-01-02', to: '2025-12-31' })
  const requests: Record<string, number> = {}
  let l3Hits = 0
  let l1Hits = 0
  const db = deps.db
  if (db.interactive)
    await db
      .transaction(async (tx) => {
        const txDb = inTransaction(db, tx)
        const market = marketRepository(txDb)
        await market.upsertSymbols(SYMBOLS)
        for (const s of series) await market.upsertBars(s)
        // with an L3 on the same transaction (its rows roll back with the rest), which the second round reads:
        // a restarted server's first requests find their data there, and that path is then compiled too
        const cache = createCache({ prefix: 'warmup:', l3: sqlL3(txDb, { sweepIntervalMs: 0 }) })
        const shadow = buildAppDeps(txDb, {
          market,
          cache,
          compute: deps.compute,
          monitor: createMonitor(),
          logger: createLogger({ LOG_LEVEL: 'silent' }),
          http: deps.http,
          version: deps.version,
        })
        const app = createApp(shadow)
        const names = SYMBOLS.map((s) => s.symbol)
        const calls: [string, string, unknown?][] = [
          ['portfolio', '/v1/portfolios/optimize', { symbols: names, objective: 'max_sharpe' }],
          ['basket', '/v1/backtests', { symbols: names, strategy: { name: 'buy_hold' } }],
          ['backtest', '/v1/backtests', { symbol: names[0], strategy: { name: 'sma_cross' } }],
          ['advice', '/v1/advice', { symbol: names[0], riskScore: 50 }],
          ['symbol', `/v1/symbols/${names[0]}`],
        ]
        // the first read of each is a miss (database, encode, L3 write), the second an L3 hit (decode); the rest
        // are L1 hits that run the engines and the answer's code often enough for V8 to optimise them: measured on
        // a restart (bench/analytics-server.ts), 4 rounds more took 20-30% off the first advice, backtest and
        // portfolio requests for 0.25 s more start-up
        for (let round = 0; round < ROUNDS; round++) {
          if (round === 1) {
            await cache.flush()
            cache.clearLocal()
          }
          for (const [name, path, body] of calls) {
            const res = await app.request(path, {
              method: body ? 'POST' : 'GET',
              // as a browser asks: the answers are compressed as the first real ones will be
              headers: {
                'accept-encoding': 'gzip, deflate, br',
                ...(body ? { 'content-type': 'application/json' } : {}),
              },
              body: body ? JSON.stringify(body) : undefined,
            })
            await res.arrayBuffer()
            requests[name] = res.status
          }
        }
        // the shadow's results are written (and rolled back) inside the transaction, not after it
        await shadow.results?.flush()
        l3Hits = cache.stats().tiers.l3?.hits ?? 0
        l1Hits = cache.stats().tiers.l1?.hits ?? 0
        await cache.close()
        throw new RolledBack()
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e
      })
  const vacuumMs = db.interactive ? await reclaimDeadRows(db, SHADOW_TABLES, 'warmup.vacuum') : 0
  // then the engines on inputs of a real request's size (see warmEngines)
  const full = fullSizeSeries()
  const enginesMs = warmEngines(full)
  // and the optimised code V8 compiles meanwhile installed before the first request (see settleEngines)
  const settle = await settleEngines(full)
  return {
    ms: performance.now() - t0,
    requests,
    l3Hits,
    l1Hits,
    enginesMs,
    settleRounds: settle.rounds,
    settleMs: settle.ms,
    vacuumMs,
  }
}

/** The database seen through one open transaction: every statement of the shadow app runs (and rolls back) in it. */
function inTransaction(db: SqlDatabase, tx: SqlExecutor): SqlDatabase {
  // One session runs one statement at a time. On pg the shadow app reads histories in parallel, which pg queues
  // with a deprecation warning today and refuses in pg 9: queue them here instead.
  let tail: Promise<unknown> = Promise.resolve()
  const query = ((...args: Parameters<SqlExecutor['query']>) => {
    const run = tail.then(() => tx.query(...args))
    tail = run.catch(() => undefined)
    return run
  }) as SqlExecutor['query']
  return {
    ...db,
    query,
    transaction: (fn) => fn({ query }),
    async batch(statements) {
      const out = []
      for (const s of statements) out.push(await query(s.text, s.params, { name: s.name }))
      return out
    },
  }
}
