import type { MiddlewareHandler } from 'hono'
import type { ResponseObserver } from '../deps.ts'

/**
 * Hands each final response (a clone, so the client's body is untouched) to a test-only observer; outermost, so it
 * sees exactly what the client gets (errors, 404s, compression, field selection).
 */
export function observeResponses(
  observer: ResponseObserver,
  document: () => Record<string, unknown>,
): MiddlewareHandler {
  return async (c, next) => {
    await next()
    observer({ request: c.req.raw, response: c.res.clone(), document: document() })
  }
}
