import type { TieredCache } from '@supernova/cache'
import type { MarketRepository, ProfileRepository, SqlDatabase, WatchlistRepository } from '@supernova/db'
import type { Monitor } from '@supernova/metrics'
import type { SentimentService } from '@supernova/ml'
import type { TaskQueue } from '@supernova/queue'
import type { PerformanceOptions } from './performance/options.ts'

/** A dependency the readiness probe checks (database, L2, model endpoint...). */
export interface ReadinessCheck {
  name: string
  check(): Promise<void>
}

/**
 * Everything routes need, built once by createDeps() (packages/runtime) or by a test. Optional members are
 * features whose adapters other packages provide; routes degrade when they are absent.
 */
export interface AppDeps {
  db: SqlDatabase
  market: MarketRepository
  profiles: ProfileRepository
  watchlists: WatchlistRepository
  /** Which adapter serves each port, for logs and /health. */
  adapters?: Record<string, string>
  /** Readiness probes run by /health/ready, each with a timeout. */
  readiness?: ReadinessCheck[]
  /** Settings the HTTP layer reads. */
  http?: {
    /** Largest accepted request body, bytes. */
    maxBodyBytes?: number
    /** Secret for signing pagination cursors. */
    cursorSecret?: string
    /** Per-request deadline, ms (answered 504). */
    requestTimeoutMs?: number
  }
  version?: string
  /** Monitoring (packages/metrics); createApp builds and starts one when absent. */
  monitor?: Monitor
  /** Tiered cache (packages/cache) for market-data reads; reads go straight to the database without it. */
  cache?: TieredCache
  /** Sentiment scoring and history (packages/ml); the sentiment routes answer 503 without it. */
  sentiment?: SentimentService
  /** Background tasks (packages/queue); the task routes answer 503 and long work stays refused without it. */
  tasks?: TaskQueue
  /** /performance/* and /metrics: operator key, request-metrics switch, stream period. */
  performance?: PerformanceOptions
}
