import type { BreakerState } from '@supernova/core'
import { LatencyHistogram, type LatencySnapshot } from '@supernova/metrics'
import type { BusStats } from './bus.ts'
import type { WarmerStats } from './warmers.ts'

export { LatencyHistogram, type LatencySnapshot }

/** Mutable counters of one tier. */
export class TierCounters {
  hits = 0
  misses = 0
  sets = 0
  deletes = 0
  evictions = 0
  errors = 0
  timeouts = 0
  /** Calls not made because the breaker was open. */
  shortCircuits = 0
  bytesRead = 0
  bytesWritten = 0
  readonly latency = new LatencyHistogram()
}

/** One tier's figures in a `stats()` snapshot. */
export interface TierStats {
  hits: number
  misses: number
  sets: number
  deletes: number
  evictions: number
  errors: number
  timeouts: number
  shortCircuits: number
  bytesRead: number
  bytesWritten: number
  /** hits / (hits + misses); 0 before the first lookup. */
  hitRate: number
  latency: LatencySnapshot
  /** L1 only: entries and bytes held, admissions refused by TinyLFU. */
  items?: number
  bytes?: number
  rejections?: number
  /** Remote tiers only. */
  breaker?: { state: BreakerState; opens: number }
}

export function tierSnapshot(c: TierCounters): TierStats {
  const lookups = c.hits + c.misses
  return {
    hits: c.hits,
    misses: c.misses,
    sets: c.sets,
    deletes: c.deletes,
    evictions: c.evictions,
    errors: c.errors,
    timeouts: c.timeouts,
    shortCircuits: c.shortCircuits,
    bytesRead: c.bytesRead,
    bytesWritten: c.bytesWritten,
    hitRate: lookups ? c.hits / lookups : 0,
    latency: c.latency.snapshot(),
  }
}

/** `stats()`: per-tier counters plus the loader, stale serving, single flight, locks, bus and warmers. */
export interface CacheStats {
  tiers: { l1?: TierStats; l2?: TierStats; l3?: TierStats }
  /** Reads answered by some tier / all reads (the loader ran for the rest). */
  hitRate: number
  reads: number
  loader: { calls: number; errors: number; latency: LatencySnapshot }
  stale: { swr: number; grace: number; softTimeout: number; locked: number; hardTimeouts: number }
  singleFlight: { joined: number }
  locks: { acquired: number; contended: number; waitedForOther: number }
  bus: BusStats
  warmers: WarmerStats
}

/** The read path's own counters (the tiers, the bus and the warmers keep theirs; the cache counts reads). */
export class CacheCounters {
  /** Callers that joined a load already running for their key in this process. */
  joined = 0
  readonly loader = { calls: 0, errors: 0, latency: new LatencyHistogram() }
  readonly stale = { swr: 0, grace: 0, softTimeout: 0, locked: 0, hardTimeouts: 0 }
  readonly locks = { acquired: 0, contended: 0, waitedForOther: 0 }

  /** The snapshot of every counter, given the reads (counted by the cache) and the tiers', bus's and warmers' figures. */
  snapshot(
    reads: number,
    tiers: CacheStats['tiers'],
    bus: BusStats | undefined,
    warmers: WarmerStats,
  ): CacheStats {
    const calls = this.loader.calls
    return {
      tiers,
      hitRate: reads ? Math.max(0, reads - calls) / reads : 0,
      reads,
      loader: { calls, errors: this.loader.errors, latency: this.loader.latency.snapshot() },
      stale: { ...this.stale },
      singleFlight: { joined: this.joined },
      locks: { ...this.locks },
      bus: bus ? { ...bus } : { published: 0, received: 0, errors: 0 },
      warmers,
    }
  }
}
