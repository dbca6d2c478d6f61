import type { Monitor } from '@supernova/metrics'
import type { RateLimitBudget, RateLimitDecision, RateLimiter } from '@supernova/ratelimit'
import type { Context, MiddlewareHandler } from 'hono'
import { clientIp, type TrustProxy } from '../client-address.ts'
import type { AppEnv } from '../env.ts'
import { errorResponse } from '../errors.ts'
import { principalOf } from '../identity.ts'
import { requestLog } from '../request-log.ts'

/** Budgets and the store; createDeps builds it from RATE_LIMIT_*. */
export interface RateLimitOptions {
  limiter: RateLimiter
  /** Every /v1 request not billed to `expensive`. */
  budget: RateLimitBudget
  /** Analytics and bulk routes (`expensiveRoutes`), a separate and smaller allowance. */
  expensive: RateLimitBudget
  /** `METHOD /path` pairs billed to `expensive`; default EXPENSIVE_ROUTES. */
  expensiveRoutes?: readonly string[]
  /** Callers identified by a loopback address (local mode, the load suite) are not counted; default true. */
  exemptLoopback?: boolean
  /** Which hops' X-Forwarded-For entries to believe (TRUST_PROXY); default none: the socket peer is the client. */
  trustProxy?: TrustProxy
}

/** Routes whose single request can cost seconds of CPU or many sub-requests. */
export const EXPENSIVE_ROUTES: readonly string[] = [
  'POST /v1/backtests',
  'POST /v1/optimizations',
  'POST /v1/portfolios/optimize',
  'POST /v1/batch',
  'POST /v1/sentiment',
  'POST /v1/tasks',
]

const LOOPBACK = /^(?:127\.|::1$|::ffff:127\.)/

/** Who a request is billed to: its API key (or token owner) when authenticated, else its address. */
function identify(c: Context<AppEnv>, trust?: TrustProxy): { key: string; loopback: boolean } {
  const p = principalOf(c)
  if (p.kind !== 'local') return { key: p.keyId ? `key:${p.keyId}` : `owner:${p.owner}`, loopback: false }
  const ip = clientIp(c, trust)
  return { key: `ip:${ip}`, loopback: LOOPBACK.test(ip) }
}

function setHeaders(c: Context, d: RateLimitDecision, b: RateLimitBudget): void {
  c.header('RateLimit-Limit', String(d.limit))
  c.header('RateLimit-Remaining', String(d.remaining))
  c.header('RateLimit-Reset', String(Math.ceil(d.resetMs / 1000)))
  c.header('RateLimit-Policy', `${b.limit};w=${Math.ceil(b.windowMs / 1000)}`)
}

/**
 * Fixed-window rate limits on /v1, after authentication: per API key (or JWT owner), else per client address.
 * Every counted answer carries the IETF `RateLimit-*` headers; a refusal is a 429 `rate_limited` with
 * `Retry-After`. A store failure lets the request through (fail open) and is counted, never a 5xx.
 * Metric: `rate_limit_requests_total{budget,outcome=allowed|limited|failed_open}`.
 */
export function rateLimit(options: RateLimitOptions, monitor: Monitor): MiddlewareHandler<AppEnv> {
  const { limiter, budget, expensive } = options
  const exemptLoopback = options.exemptLoopback ?? true
  const costly = new Set(options.expensiveRoutes ?? EXPENSIVE_ROUTES)
  const counter = monitor.registry.counter({
    name: 'rate_limit_requests_total',
    help: 'Requests counted by the rate limiter, by budget and outcome (failed_open: the store was unavailable).',
    labelNames: ['budget', 'outcome'],
  })
  let lastWarn = 0

  return async function rateLimit(c, next) {
    const path = c.req.path
    if (!path.startsWith('/v1/')) return next()
    const who = identify(c, options.trustProxy)
    if (who.loopback && exemptLoopback) return next()
    const route = `${c.req.method} ${path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path}`
    const b = costly.has(route) ? expensive : budget
    let d: RateLimitDecision
    try {
      d = await limiter.consume(who.key, b)
    } catch (err) {
      counter.inc({ budget: b.name, outcome: 'failed_open' })
      const now = Date.now()
      if (now - lastWarn > 10_000) {
        lastWarn = now
        requestLog(c).warn({ err, limiter: limiter.name }, 'rate limit store unavailable; allowing requests')
      }
      return next()
    }
    setHeaders(c, d, b)
    if (d.allowed) {
      counter.inc({ budget: b.name, outcome: 'allowed' })
      return next()
    }
    counter.inc({ budget: b.name, outcome: 'limited' })
    const wait = Math.max(1, Math.ceil(d.resetMs / 1000))
    c.header('Retry-After', String(wait))
    return errorResponse(
      c,
      429,
      'rate_limited',
      `Rate limit of ${b.limit} requests per ${Math.ceil(b.windowMs / 1000)} s (${b.name} budget) reached; retry in ${wait} s.`,
      { budget: b.name, limit: b.limit, retryAfterSeconds: wait },
    )
  }
}
