import type { AppDeps } from '@supernova/api'
import type { CacheStatsProvider, Monitor } from '@supernova/metrics'
import { sentimentCounterSource } from '@supernova/ml'

const wired = new WeakMap<Monitor, WeakSet<object>>()

/**
 * Hooks the adapters' metrics into the monitor: query timings and the pool gauge of the database, the tiered
 * cache's per-tier stats, the sentiment service's counters. Once per monitor and adapter, so deps rebuilt over
 * the same database do not count its queries twice.
 */
export function wireMonitor(
  monitor: Monitor,
  deps: Pick<AppDeps, 'db' | 'cache' | 'sentiment' | 'alerts'>,
): void {
  let seen = wired.get(monitor)
  if (!seen) {
    seen = new WeakSet()
    wired.set(monitor, seen)
  }
  const { db, cache, sentiment } = deps
  if (!seen.has(db)) {
    seen.add(db)
    monitor.db.attach(db)
    if (db.poolStats) monitor.db.setPoolStats(db.poolStats)
  }
  if (cache && !seen.has(cache)) {
    seen.add(cache)
    // TierStats is a closed interface; the monitor reads its numeric fields by name
    monitor.cache.register('cache', (() => cache.stats().tiers) as CacheStatsProvider)
  }
  if (sentiment && !seen.has(sentiment)) {
    seen.add(sentiment)
    monitor.addCounterSource(sentimentCounterSource(sentiment))
  }
  const alerts = deps.alerts
  if (alerts && !seen.has(alerts)) {
    seen.add(alerts)
    monitor.addCounterSource({
      name: 'alerts_evaluations_total',
      help: 'Alert rule evaluations by outcome: evaluated, fired, conflict (another evaluator wrote first), error',
      label: 'kind',
      read: () => {
        const s = alerts.stats()
        return { evaluated: s.evaluated, fired: s.fired, conflict: s.conflicts, error: s.errors }
      },
    })
  }
}
