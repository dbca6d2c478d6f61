import { preloadSymbolDetails, type WarmedHistories, warmHistories } from '@supernova/api'
import { inBackground } from '@supernova/db'
import type { Runtime } from './deps.ts'

/**
 * The start-up history preload (WARMUP_HISTORY_SYMBOLS, default 20 outside tests): the histories read last before
 * this start (a list kept in the cache), then the first symbols', loaded into the cache in the background lane (the
 * first requests' statements go first on embedded PGlite). Logs what it loaded and sets
 * `market_history_preloaded{from}`; then the sentiment hints and symbol details (`symbol_details_preloaded`) of the
 * recently read symbols. Undefined when there is none: on Lambda (Upstash) a cold start should not pay
 * for it. Never rejects. Servers start it once their warm-up has let go of the database.
 */
export function preloadHistories(runtime: Runtime): Promise<WarmedHistories | undefined> | undefined {
  const { config, deps } = runtime
  const count = config.WARMUP_HISTORY_SYMBOLS ?? (config.NODE_ENV === 'test' ? 0 : 20)
  const history = deps.history
  if (config.UPSTASH_REDIS_REST_URL || !history || count <= 0) return undefined
  const t0 = performance.now()
  const gauge = deps.monitor.registry.gauge({
    name: 'market_history_preloaded',
    help: 'Histories loaded into the cache at start, by why: read recently (before the start) or listed first',
    labelNames: ['from'],
  })
  const details = deps.monitor.registry.gauge({
    name: 'symbol_details_preloaded',
    help: 'Symbol details (GET /v1/symbols/:symbol) loaded into the cache at start: those of the histories read last',
  })
  return inBackground(async () => {
    const w = await warmHistories(history, deps.market, count)
    const recent = (await history.recent()).slice(0, count)
    // the advice and alert rules of those symbols read their sentiment hints too: one query reads them all, and
    // the first advice after a start no longer waits for its own (4 ms of a first advice of about 11)
    const hints = deps.sentimentHints?.prefetch
      ? await deps.sentimentHints.prefetch(recent).catch((err: unknown) => {
          deps.logger.warn({ err }, 'sentiment hint prefetch failed; the first advice reads its own')
          return 0
        })
      : 0
    // and their details (GET /v1/symbols/:symbol): the first such read after a restart was an L3 read, 5x a warm one
    const found = deps.cache
      ? await preloadSymbolDetails(deps.cache, deps.market, recent).catch((err: unknown) => {
          deps.logger.warn({ err }, 'symbol detail preload failed; the first reads go to L2/L3')
          return 0
        })
      : 0
    return { ...w, hints, details: found }
  }).then(
    (w) => {
      gauge.set({ from: 'recent' }, w.recent)
      gauge.set({ from: 'listed' }, w.listed)
      details.set({}, w.details)
      deps.logger.info({ ...w, ms: Math.round(performance.now() - t0) }, 'histories preloaded')
      return w
    },
    (err: unknown) => {
      deps.logger.warn({ err }, 'history preload failed; the first reads go to the database')
      return undefined
    },
  )
}
