import type { HttpRecorder } from '@supernova/metrics'
import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { checkLimits, countBody } from './limits.ts'
import { recordRequest } from './metrics.ts'
import { DeadlineQueue } from './timeout.ts'

export interface RequestContextOptions {
  /** Set as `c.var.deps` for the routes. */
  deps: AppDeps
  /** Response header carrying the request id (default X-Request-Id); a valid incoming one is kept. */
  headerName?: string
  /** Records every request (method, route template, status, time, bytes); none when absent. */
  http?: HttpRecorder
  /** Largest request body in bytes (default 1 MiB) -> 413. */
  maxBodyBytes?: number
  /** Longest query string in characters (default 2048) -> 414. */
  maxQueryLength?: number
  /** Per-request deadline in ms -> 504; none when absent. */
  timeoutMs?: number
  /** The app's error handler: turns this layer's own rejections (limits, deadline) into the error envelope. */
  onError: ErrorHandler<AppEnv>
}

const VALID_ID = /^[\w\-=]{1,255}$/

/**
 * The outermost layer, fusing what were five: request id (hono/request-id's rules), `c.var.deps`, request
 * metrics, limits and the per-request deadline. One promise frame per request; the request-id header is added
 * to the final answer instead of being prepared up front, so responses keep Hono's plain-object headers until
 * a later step needs a Headers object anyway.
 */
export function requestContext(options: RequestContextOptions): MiddlewareHandler<AppEnv> {
  const { deps, http, onError } = options
  const headerName = options.headerName ?? 'X-Request-Id'
  const maxBody = options.maxBodyBytes ?? 1024 * 1024
  const maxQuery = options.maxQueryLength ?? 2048
  const queue = options.timeoutMs !== undefined ? new DeadlineQueue(options.timeoutMs) : undefined

  const finish = (c: Context<AppEnv>, id: string, start: number): void => {
    setHeader(c, headerName, id)
    if (http) recordRequest(http, c, start)
  }
  const fail = async (c: Context<AppEnv>, err: unknown, id: string, start: number): Promise<void> => {
    const error = err instanceof Error ? err : new Error(String(err))
    c.error = error
    const res = await onError(error, c)
    c.res = undefined
    c.res = res
    finish(c, id, start)
  }

  return function requestContext(c, next) {
    const start = performance.now()
    const incoming = c.req.raw.headers.get(headerName)
    const id = incoming && VALID_ID.test(incoming) ? incoming : crypto.randomUUID()
    c.set('requestId', id)
    c.set('deps', deps)
    let work: Promise<void>
    try {
      const body = checkLimits(c, maxBody, maxQuery)
      const inner: Next = body ? () => countBody(c, next, body, maxBody) : next
      work = queue ? queue.run(c, inner) : inner()
    } catch (err) {
      return fail(c, err, id, start)
    }
    return work.then(
      () => finish(c, id, start),
      (err: unknown) => fail(c, err, id, start),
    )
  }
}

function setHeader(c: Context, name: string, value: string): void {
  const res = c.res
  try {
    res.headers.set(name, value)
  } catch {
    // immutable headers (a fetched or Response.redirect answer): answer with a mutable copy
    const copy = new Response(res.body, res)
    copy.headers.set(name, value)
    c.res = undefined
    c.res = copy
  }
}
