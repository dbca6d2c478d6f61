import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import type { AppEnv } from './env.ts'

const digest = (s: string) => createHash('sha256').update(s).digest()

/** The credential a request offers for the operator key: `Authorization: Bearer`, then `X-Operator-Key`. */
export function offeredOperatorKey(c: Context): string | undefined {
  const auth = c.req.header('authorization')
  return (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined) ?? c.req.header('x-operator-key')
}

/** True when `given` is the operator key; compared by digest in constant time. */
export function matchesOperatorKey(given: string | undefined, key: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(key))
}

/**
 * True when the request carries the operator key (`Authorization: Bearer <key>` or `X-Operator-Key`), or when no
 * key is configured (embedded quick start).
 */
export function isOperator(c: Context<AppEnv>): boolean {
  const key = c.var.deps.performance?.operatorKey
  return !key || matchesOperatorKey(offeredOperatorKey(c), key)
}
