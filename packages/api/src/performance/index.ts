import { createMonitor, type Monitor } from '@supernova/metrics'
import { sentimentCounterSource } from '@supernova/ml'
import type { AppDeps } from '../deps.ts'
import { compressionStats } from '../middleware/compress.ts'
import { etagStats } from '../middleware/etag.ts'

export type { PerformanceOptions } from './options.ts'
export { liveSnapshot, operatorGuard, performanceRoutes } from './routes.ts'

const wired = new WeakMap<Monitor, WeakSet<object>>()

interface CacheWithStats {
  stats(): { tiers?: Record<string, Record<string, unknown>> }
}

/**
 * The app's monitor: `deps.monitor` when the runtime built one, else a new started one (monitoring is on by
 * default). Either way the database's query timings and the cache's stats are hooked in, once per pair.
 */
export function appMonitor(deps: AppDeps): Monitor {
  const monitor = deps.monitor ?? createMonitor().start()
  let seen = wired.get(monitor)
  if (!seen) {
    seen = new WeakSet()
    wired.set(monitor, seen)
    registerResponseCounters(monitor)
  }
  if (!seen.has(deps.db)) {
    seen.add(deps.db)
    monitor.db.attach(deps.db)
  }
  const cache = (deps as { cache?: Partial<CacheWithStats> }).cache
  if (cache && typeof cache.stats === 'function' && !seen.has(cache)) {
    seen.add(cache)
    const c = cache as CacheWithStats
    monitor.cache.register('cache', () => c.stats().tiers ?? {})
  }
  if (deps.sentiment && !seen.has(deps.sentiment)) {
    seen.add(deps.sentiment)
    monitor.addCounterSource(sentimentCounterSource(deps.sentiment))
  }
  return monitor
}

/** The response-optimisation middleware's process-wide counters, as windowed counter families. */
function registerResponseCounters(monitor: Monitor) {
  monitor.addCounterSource({
    name: 'http_compression_total',
    help: 'Responses by compression outcome (coding, streamed, skipped as too small).',
    label: 'outcome',
    read: () => {
      const s = compressionStats()
      return { ...s.compressed, streamed: s.streamed, skipped_small: s.skippedSmall }
    },
  })
  monitor.addCounterSource({
    name: 'http_compression_bytes_total',
    help: 'Bytes of buffered bodies before (in) and after (out) compression.',
    label: 'stage',
    read: () => {
      const s = compressionStats()
      return { in: s.bytesIn, out: s.bytesOut }
    },
  })
  monitor.addCounterSource({
    name: 'http_etag_total',
    help: 'Responses tagged with an ETag, and conditional requests answered 304.',
    label: 'outcome',
    read: () => {
      const s = etagStats()
      return { tagged: s.tagged, not_modified: s.notModified }
    },
  })
}
