import type { TieredCache } from '@supernova/cache'
import type { SentimentHint } from '@supernova/core'
import type {
  AlertRepository,
  ApiKeyRepository,
  MarketRepository,
  ProfileRepository,
  SqlDatabase,
  WatchlistRepository,
} from '@supernova/db'
import type { Monitor } from '@supernova/metrics'
import type { SentimentService } from '@supernova/ml'
import type { ComputePool, TaskQueue } from '@supernova/queue'
import type { AblyPublisher, RealtimeHub, RealtimePublisher, TicketSigner } from '@supernova/realtime'
import type { AlertEvaluator } from './alerts/evaluator.ts'
import type { Authenticator } from './auth/authenticator.ts'
import type { MarketHistory } from './market-history/service.ts'
import type { BrowserSafetyOptions } from './middleware/browser-safety.ts'
import type { RateLimitOptions } from './middleware/rate-limit.ts'
import type { PerformanceOptions } from './performance/options.ts'
import type { ResultWriter } from './routes/result-writer.ts'

/** A dependency the readiness probe checks (database, L2, model endpoint...). */
export interface ReadinessCheck {
  name: string
  check(): Promise<void>
}

/** Structured logging (pino's shape); createDeps builds it at LOG_LEVEL, requests log through a child with their id. */
export interface Logger {
  error(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

/** A recent sentiment hint per symbol, for the advice route; neutral when the port is absent. */
export interface SentimentHintSource {
  hint(symbol: string): Promise<SentimentHint | undefined>
  /** Reads the hints of `symbols` ahead of their requests (one query), where the source keeps them; answers how many. */
  prefetch?(symbols: readonly string[]): Promise<number>
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
    /** Base URL for the OpenAPI `servers` entry (API_PUBLIC_URL); the request's origin when absent. */
    publicUrl?: string
  }
  version?: string
  /** Monitoring (packages/metrics), built and wired to the adapters by createDeps/buildAppDeps. */
  monitor: Monitor
  /** The process logger; unknown errors are logged through a per-request child carrying the request id. */
  logger: Logger
  /** Tiered cache (packages/cache) for market-data reads; reads go straight to the database without it. */
  cache?: TieredCache
  /** Where synchronous analytics results are stored (write-behind); one over `db` when absent. */
  results?: ResultWriter
  /** Market history in columns for the analytics routes; built over `market` and `cache` when absent. */
  history?: MarketHistory
  /** Sentiment scoring and history (packages/ml); the sentiment routes answer 503 without it. */
  sentiment?: SentimentService
  /** Sentiment hints for advice (stored sentiment over 30 days where the sentiment service is wired). */
  sentimentHints?: SentimentHintSource
  /** Background tasks (packages/queue); the task routes answer 503 and long work stays refused without it. */
  tasks?: TaskQueue
  /**
   * Realtime (packages/realtime): the publisher port and how clients get in: Ably token requests (`ably`), or hub
   * tickets and, on servers, the hub whose upgrade handler the Node server attaches; /v1/realtime/token answers
   * 503 with neither.
   */
  realtime?: {
    publisher: RealtimePublisher
    tickets?: TicketSigner
    hub?: RealtimeHub
    ably?: Pick<AblyPublisher, 'tokenRequest'>
  }
  /** Alert rules and firings (built over `db` by buildAppDeps; the routes build one when absent). */
  alertRules?: AlertRepository
  /** Evaluates alert rules on ticks, bars and the schedule, publishing firings on `alerts:{owner}`. */
  alerts?: AlertEvaluator
  /**
   * Worker threads for CPU-heavy requests past the inline budget (cost.ts), terminated at the request's deadline.
   * buildAppDeps starts one; without it (Lambda: one request per instance) such work runs in-thread.
   */
  compute?: Pick<ComputePool, 'run'>
  /**
   * Identity: who each /v1 request is (API keys, JWTs, or the local owner on loopback with no keys) and the key
   * store behind /v1/admin/keys. buildAppDeps makes one in local mode; createDeps from the configuration.
   */
  identity?: { auth: Authenticator; keys: ApiKeyRepository; rotationOverlapMs?: number }
  /** /performance/* and /metrics: operator key, request-metrics switch, stream period. */
  performance?: PerformanceOptions
  /**
   * Test-only hook (packages/testing sets it): sees every request and final response with the app's OpenAPI
   * document, to validate the response against it. Production leaves it unset and adds no middleware.
   */
  observeResponse?: ResponseObserver
  /** CORS origins and HSTS (security headers are always sent). */
  browser?: BrowserSafetyOptions
  /**
   * Aborted when the server starts draining (SIGTERM/SIGINT): open NDJSON and SSE streams end with a final
   * `shutdown` event telling the client to resume elsewhere, instead of being cut.
   */
  draining?: AbortSignal
  /** Rate limits on /v1 (packages/ratelimit store, budgets); none when absent. */
  rateLimit?: RateLimitOptions
}

/** What observeResponse receives: the request, a clone of the final response, and the app's document. */
export type ResponseObserver = (exchange: {
  request: Request
  response: Response
  document: Record<string, unknown>
}) => void
