import { AppError } from '@supernova/core'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import type { AppDeps } from './deps.ts'
import type { AppEnv } from './env.ts'
import { notFound, onError } from './errors.ts'
import { createOpenApi } from './openapi.ts'
import { healthRoutes } from './routes/health.ts'
import { marketRoutes } from './routes/market.ts'
import { profileRoutes } from './routes/profiles.ts'
import { watchlistRoutes } from './routes/watchlists.ts'

/** Default largest request body: inline price histories of a few MB (portfolio optimisation) must fit. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

/**
 * The one Hono app for every deployment shape (Node server, Lambda, tests). Middleware order matters:
 * request id first (errors carry it), then limits, then routes.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const openapi = createOpenApi({
    title: 'SuperNova API',
    version: deps.version ?? '0.1.0',
    description: 'Market data, risk profiles, watchlists, sentiment, backtests, portfolios and performance.',
  })

  app.use('*', requestId({ headerName: 'X-Request-Id' }))
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.http?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          413,
          `The request body is larger than ${deps.http?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes.`,
        )
      },
    }),
  )

  healthRoutes(app, openapi)
  marketRoutes(app, openapi)
  profileRoutes(app, openapi)
  watchlistRoutes(app, openapi)

  app.get('/openapi.json', (c) => c.json(openapi.document()))
  app.notFound(notFound)
  app.onError(onError)
  return app
}
