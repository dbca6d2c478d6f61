import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv } from '../env.ts'

/** What the browser-safety layer needs: allowed CORS origins and when to send HSTS. */
export interface BrowserSafetyOptions {
  /** Origins allowed to call cross-origin (exact `scheme://host[:port]`); none: no CORS headers, same-origin only. */
  corsOrigins?: readonly string[]
  /** `tls` (default): HSTS only when the request came over TLS (`https:` or `X-Forwarded-Proto: https`); `always` on Lambda. */
  hsts?: 'tls' | 'always'
}

const HSTS = 'max-age=31536000; includeSubDomains'
// HTML pages that set no policy of their own get the strictest one (nothing loads, nothing frames them).
const HTML_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
/** Headers a cross-origin caller may read: pagination, caching, rate limits, tracing. */
const EXPOSED = [
  'X-Request-Id',
  'ETag',
  'Link',
  'Server-Timing',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
]

/**
 * Security headers on every answer (nosniff, no referrer, no framing, HSTS over TLS, a CSP on HTML pages
 * without one) and CORS for the configured origins: preflights from an allowed origin answer 204 here, before
 * authentication; other OPTIONS requests fall through to routing (204 with `Allow` on a known path).
 */
export function browserSafety(options: BrowserSafetyOptions = {}): MiddlewareHandler<AppEnv> {
  const origins = [...(options.corsOrigins ?? [])]
  const always = options.hsts === 'always'
  const allowed = new Set(origins)
  const corsLayer =
    origins.length > 0
      ? cors({
          origin: origins,
          allowHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'X-Request-Id', 'If-None-Match'],
          exposeHeaders: EXPOSED,
          maxAge: 600,
        })
      : undefined

  return async function browserSafety(c, next) {
    const tls = always || c.req.header('x-forwarded-proto') === 'https' || c.req.url.startsWith('https:')
    const origin = c.req.header('origin')
    const preflight =
      c.req.method === 'OPTIONS' && origin !== undefined && c.req.header('access-control-request-method')
    if (corsLayer && origin !== undefined && allowed.has(origin)) {
      const res = await corsLayer(c, next)
      if (preflight && res) {
        secure(res.headers, tls)
        return res
      }
    } else await next()
    secureResponse(c, tls)
  }
}

function secure(h: Headers, tls: boolean): void {
  h.set('X-Content-Type-Options', 'nosniff')
  h.set('Referrer-Policy', 'no-referrer')
  h.set('X-Frame-Options', 'DENY')
  if (tls) h.set('Strict-Transport-Security', HSTS)
  if (!h.has('Content-Security-Policy') && (h.get('content-type') ?? '').startsWith('text/html'))
    h.set('Content-Security-Policy', HTML_CSP)
}

function secureResponse(c: Context, tls: boolean): void {
  try {
    secure(c.res.headers, tls)
  } catch {
    // immutable headers (a fetched answer): answer with a mutable copy
    const copy = new Response(c.res.body, c.res)
    secure(copy.headers, tls)
    c.res = undefined
    c.res = copy
  }
}
