import { AppError, type AppErrorCode } from '@supernova/core'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { requestLog } from './request-log.ts'

/** The one error body shape the API returns. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

const statusCodes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
}

/** The one place an error code becomes an HTTP status (core's errors carry only the code). */
export const ERROR_STATUS: Readonly<Record<AppErrorCode, ContentfulStatusCode>> = {
  validation_error: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  unavailable: 503,
  timeout: 504,
  too_expensive: 400,
}

/** HTTP status of an AppError, by its code. */
export const errorStatus = (err: AppError): ContentfulStatusCode => ERROR_STATUS[err.code] ?? 500

/** Writes the error envelope with the given status. */
export function errorResponse(
  c: Context,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): Response {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } }
  return c.json(body, status as ContentfulStatusCode)
}

/** Maps AppErrors to their status; anything unexpected is logged with the request id and becomes a bare 500. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    const status = errorStatus(err)
    if (status >= 500) logError(c, err)
    return errorResponse(c, status, err.code, err.message, err.details)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    return errorResponse(c, status, statusCodes[status] ?? 'http_error', err.message || 'Request failed.')
  }
  logError(c, err)
  return errorResponse(
    c,
    500,
    'internal_error',
    'Something went wrong on our side; the request id identifies it.',
    {
      requestId: c.get('requestId'),
    },
  )
}

function logError(c: Context, err: unknown) {
  // pino's err serializer keeps type, message, stack and the cause chain
  requestLog(c).error({ err, method: c.req.method, path: c.req.path }, 'request failed')
}

/** The 404 envelope for a path no route matches. */
export function notFound(c: Context): Response {
  return errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`)
}
