import { hasScope, type Scope } from '@supernova/core'
import type { Monitor } from '@supernova/metrics'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { errorResponse } from '../errors.ts'
import type { AuthFailure, Credential } from './authenticator.ts'

/** Labels of `auth_requests_total`. */
export type AuthOutcome = 'ok' | AuthFailure | 'forbidden'

/**
 * The scope a request needs: admin for /v1/admin/*, read for GET/HEAD, write for the rest. Two POSTs are reads:
 * a batch (each sub-request is checked on its own method) and a realtime ticket (subscribing reads; the ticket
 * route checks each channel against the caller's owner).
 */
export function requiredScope(method: string, path: string): Scope {
  if (path === '/v1/admin' || path.startsWith('/v1/admin/')) return 'admin'
  if (method === 'GET' || method === 'HEAD') return 'read'
  if (path === '/v1/batch' || path === '/v1/realtime/token') return 'read'
  return 'write'
}

/** `X-API-Key: <key>` or `Authorization: Bearer <key or JWT>` (SEAMS: the fixed wire format). */
export function credentialOf(c: Context): Credential | undefined {
  const key = c.req.header('x-api-key')
  if (key !== undefined) return { scheme: 'api-key', text: key.trim() }
  const auth = c.req.header('authorization')
  if (auth === undefined) return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth)
  return { scheme: 'bearer', text: m?.[1] ?? '' }
}

/**
 * Authenticates every `/v1/*` request (health, docs, OpenAPI, /performance and /metrics live outside /v1 and keep
 * their own guard): sets `c.var.principal`, answers 401 with `WWW-Authenticate` when credentials are missing,
 * invalid, expired or revoked, and 403 when the principal lacks the scope the method and path need.
 * Without `deps.identity` (a bare test app) requests pass through as the local owner.
 */
export function authenticate(monitor: Monitor): MiddlewareHandler<AppEnv> {
  const counter = monitor.registry.counter({
    name: 'auth_requests_total',
    help: 'Authentication outcomes of /v1 requests (ok, missing, invalid, expired, revoked, forbidden).',
    labelNames: ['outcome'],
  })
  const count = (outcome: AuthOutcome) => counter.inc({ outcome })
  return async (c, next) => {
    const auth = c.var.deps.identity?.auth
    if (!auth || c.req.method === 'OPTIONS') return next()
    const r = await auth.authenticate(credentialOf(c))
    if (!r.ok) {
      count(r.reason)
      const error = r.reason === 'missing' ? '' : `, error="invalid_token", error_description="${r.reason}"`
      c.header('WWW-Authenticate', `Bearer realm="supernova"${error}`)
      return errorResponse(c, 401, 'unauthorized', r.message, {
        reason: r.reason,
        ...(r.keyId ? { keyId: r.keyId } : {}),
      })
    }
    const need = requiredScope(c.req.method, c.req.path)
    if (!hasScope(r.principal, need)) {
      count('forbidden')
      c.header('WWW-Authenticate', `Bearer realm="supernova", error="insufficient_scope", scope="${need}"`)
      return errorResponse(
        c,
        403,
        'forbidden',
        `${c.req.method} ${c.req.path} needs the '${need}' scope; these credentials have ${r.principal.scopes.map((s) => `'${s}'`).join(', ') || 'none'}. Ask an administrator for a key with '${need}'.`,
        { required: need, scopes: r.principal.scopes },
      )
    }
    count('ok')
    c.set('principal', r.principal)
    return next()
  }
}
