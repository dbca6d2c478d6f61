import { AppError } from '@supernova/core'
import type { Context } from 'hono'

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * Rejects a body that is not declared JSON with 415. A browser can send `text/plain` (or a form) cross-site
 * without a preflight; requiring `application/json` makes every write a CORS-checked request.
 */
export function requireJson(c: Context): void {
  const type = c.req.header('content-type')
  if (type !== undefined && JSON_TYPE.test(type)) return
  throw new AppError(
    'unsupported_media_type',
    `This route takes a JSON body: send Content-Type: application/json${type ? ` (got '${type.slice(0, 100)}')` : ''}.`,
  )
}
