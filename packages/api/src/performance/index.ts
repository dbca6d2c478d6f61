import { createMonitor, type Monitor } from '@supernova/metrics'
import type { AppDeps } from '../deps.ts'

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
  return monitor
}
