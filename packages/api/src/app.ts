import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import type { AppDeps } from './deps.ts'
import type { AppEnv } from './env.ts'
import { notFound, onError } from './errors.ts'
import { batchRoute } from './middleware/batch.ts'
import { compress } from './middleware/compress.ts'
import { etag } from './middleware/etag.ts'
import { fieldSelection } from './middleware/fields.ts'
import { limits } from './middleware/limits.ts'
import { requestMetrics } from './middleware/metrics.ts'
import { DEFAULT_TIMEOUT_MS, timeout } from './middleware/timeout.ts'
import { createOpenApi } from './openapi.ts'
import { appMonitor, performanceRoutes } from './performance/index.ts'
import { analyticsRoutes } from './routes/analytics.ts'
import { healthRoutes } from './routes/health.ts'
import { marketRoutes } from './routes/market.ts'
import { profileRoutes } from './routes/profiles.ts'
import { sentimentRoutes } from './routes/sentiment.ts'
import { watchlistRoutes } from './routes/watchlists.ts'

/** Default largest request body: inline price histories of a few MB (portfolio optimisation) must fit. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

/**
 * The one Hono app for every deployment shape (Node server, Lambda, tests). Middleware order matters:
 * request id first (errors carry it), then limits, timeout, compression, ETag, field selection, then routes.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const openapi = createOpenApi({
    title: 'SuperNova API',
    version: deps.version ?? '0.1.0',
    description: 'Market data, risk profiles, watchlists, sentiment, backtests, portfolios and performance.',
  })

  app.use('*', requestId({ headerName: 'X-Request-Id' }))
  // Request metrics wrap everything else so they time the whole chain (on by default; see PerformanceOptions).
  const monitor = appMonitor(deps)
  if (deps.performance?.requestMetrics !== false) app.use('*', requestMetrics(monitor.http))
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  // Response optimisation, outermost first: limits reject before any work; the deadline covers the rest;
  // compression sees the final bytes, the ETag the selected body, field selection the handler's JSON.
  app.use('*', limits({ maxBodyBytes: deps.http?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES }))
  app.use('*', timeout(deps.http?.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS))
  app.use('*', compress())
  app.use('*', etag())
  app.use('*', fieldSelection())

  healthRoutes(app, openapi)
  marketRoutes(app, openapi)
  profileRoutes(app, openapi)
  watchlistRoutes(app, openapi)
  analyticsRoutes(app, openapi)
  sentimentRoutes(app, openapi)
  performanceRoutes(app, openapi, monitor, deps.performance)

  batchRoute(app, { openapi })
  app.get('/openapi.json', (c) => c.json(openapi.document()))
  app.notFound(notFound)
  app.onError(onError)
  return app
}
