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
    if (db.threadStats) wireDbThread(monitor, db.threadStats.bind(db))
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

/**
 * `db_thread_utilization`: the share of the last interval the database's own thread (PGlite on a worker) was busy,
 * the CPU the event loop no longer spends on Postgres; `db_thread_restarts` counts threads opened again after one died.
 */
function wireDbThread(monitor: Monitor, stats: () => { activeMs: number; idleMs: number; restarts: number }) {
  let last = stats()
  monitor.registry.gauge({
    name: 'db_thread_utilization',
    help: "Share of the last interval the embedded database's worker thread was busy (0-1)",
    refresh: (g) => {
      const now = stats()
      const active = now.activeMs - last.activeMs
      const total = active + now.idleMs - last.idleMs
      last = now
      if (total > 0) g.set({}, active / total)
    },
  })
  monitor.registry.gauge({
    name: 'db_thread_restarts',
    help: "Times the embedded database's worker thread was opened again after it died",
    refresh: (g) => g.set({}, stats().restarts),
  })
}
