import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import type { AppEnv } from './env.ts'

/**
 * True when the request carries the operator key (`Authorization: Bearer <key>` or `X-Operator-Key`), or when no
 * key is configured (embedded quick start). Compared by digest in constant time.
 */
export function isOperator(c: Context<AppEnv>): boolean {
  const key = c.var.deps.performance?.operatorKey
  if (!key) return true
  const auth = c.req.header('authorization')
  const given = (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined) ?? c.req.header('x-operator-key')
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return given !== undefined && timingSafeEqual(digest(given), digest(key))
}
