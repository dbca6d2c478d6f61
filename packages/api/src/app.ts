import { Hono } from 'hono'
import { adminKeyRoutes, authenticate } from './auth/index.ts'
import type { AppDeps } from './deps.ts'
import type { AppEnv } from './env.ts'
import { onError } from './errors.ts'
import { notFoundOrMethodNotAllowed } from './method-not-allowed.ts'
import { browserSafety } from './middleware/browser-safety.ts'
import { observeResponses } from './middleware/observe.ts'
import { rateLimit } from './middleware/rate-limit.ts'
import { requestContext } from './middleware/request-context.ts'
import { respond } from './middleware/respond.ts'
import { DEFAULT_TIMEOUT_MS } from './middleware/timeout.ts'
import { createOpenApi, type OpenApi } from './openapi.ts'
import { performanceRoutes, registerResponseCounters } from './performance/index.ts'
import { alertRoutes } from './routes/alerts.ts'
import { analyticsRoutes } from './routes/analytics.ts'
import { priceAnalyticsRequest } from './routes/analytics-price.ts'
import { batchRoute } from './routes/batch.ts'
import { docsRoutes } from './routes/docs.ts'
import { healthRoutes } from './routes/health.ts'
import { marketRoutes } from './routes/market.ts'
import { profileRoutes } from './routes/profiles.ts'
import { realtimeRoutes } from './routes/realtime.ts'
import { reportRoutes } from './routes/reports.ts'
import { sentimentRoutes } from './routes/sentiment.ts'
import { taskRoutes } from './routes/tasks.ts'
import { watchlistRoutes } from './routes/watchlists.ts'
import { API_VERSION } from './version.ts'

/** Default largest request body: inline price histories of a few MB (portfolio optimisation) must fit. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

const documents = new WeakMap<object, OpenApi>()

/** The OpenAPI document of an app made by createApp (servers: '/'), for tooling that needs no running server. */
export const documentOf = (app: Hono<AppEnv>): Record<string, unknown> => documents.get(app)!.document()

/**
 * The one Hono app for every deployment shape (Node server, Lambda, tests). Middleware order matters:
 * request id first (errors carry it), then limits, timeout, compression, ETag, field selection, then routes.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const openapi = createOpenApi({
    title: 'SuperNova API',
    version: API_VERSION,
    description: 'Market data, risk profiles, watchlists, sentiment, backtests, portfolios and performance.',
  })

  // Two layers instead of eight (each layer is a promise frame per request). The outer one: request id (errors
  // carry it), deps, request metrics timing the whole chain (on by default; see PerformanceOptions), limits
  // rejecting before any work, the deadline covering the rest. The inner one post-processes the final body:
  // field selection on the handler's JSON, the ETag of the selected body, compression of the final bytes.
  const monitor = deps.monitor
  registerResponseCounters(monitor)
  if (deps.observeResponse)
    app.use(
      '*',
      observeResponses(deps.observeResponse, () => openapi.document()),
    )
  app.use(
    '*',
    requestContext({
      deps,
      http: deps.performance?.requestMetrics !== false ? monitor.http : undefined,
      maxBodyBytes: deps.http?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      timeoutMs: deps.http?.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      onError,
    }),
  )
  app.use('*', browserSafety(deps.browser))
  app.use('/v1/*', authenticate(monitor))
  if (deps.rateLimit) app.use('*', rateLimit(deps.rateLimit, monitor))
  app.use('*', respond())

  healthRoutes(app, openapi)
  marketRoutes(app, openapi)
  profileRoutes(app, openapi)
  watchlistRoutes(app, openapi)
  analyticsRoutes(app, openapi)
  sentimentRoutes(app, openapi)
  reportRoutes(app, openapi)
  taskRoutes(app, openapi)
  realtimeRoutes(app, openapi)
  alertRoutes(app, openapi)
  adminKeyRoutes(app, openapi)
  performanceRoutes(app, openapi, monitor, deps.performance)

  batchRoute(app, { openapi, price: priceAnalyticsRequest })
  docsRoutes(app, openapi)
  documents.set(app, openapi)
  app.notFound(notFoundOrMethodNotAllowed(app))
  app.onError(onError)
  return app
}
