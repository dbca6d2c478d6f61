import { TimeoutError } from '@supernova/core'
import type { Context, MiddlewareHandler } from 'hono'

/** Default per-request deadline: under API Gateway's 29 s so the client gets our 504, not the gateway's. */
export const DEFAULT_TIMEOUT_MS = 25_000

interface Deadline {
  controller?: AbortController
  error?: TimeoutError
}

const deadlines = new WeakMap<Context, Deadline>()

/**
 * Aborts when this request's deadline passes: hand it to database or upstream calls so they stop too. Made on
 * first use, so requests that never ask pay nothing for it.
 */
export function requestSignal(c: Context): AbortSignal | undefined {
  const d = deadlines.get(c)
  if (!d) return undefined
  if (!d.controller) {
    d.controller = new AbortController()
    if (d.error) d.controller.abort(d.error)
  }
  return d.controller.signal
}

/**
 * Per-request deadline: a handler that has not produced its response within `ms` is answered with a
 * TimeoutError (504 in the error envelope) and its signal aborts. A streamed response counts as produced once
 * its headers are ready, so long NDJSON or SSE bodies are not cut.
 */
export function timeout(ms: number): MiddlewareHandler {
  return async function timeout(c, next) {
    const d: Deadline = {}
    deadlines.set(c, d)
    let timer: ReturnType<typeof setTimeout> | undefined
    // one promise settled by whichever comes first; the work may still settle (or fail) after the deadline
    // has answered, and nothing is left unhandled
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        d.error = new TimeoutError(`The request did not finish within ${ms} ms`, {
          details: [{ field: 'request', message: `deadline ${ms} ms` }],
        })
        d.controller?.abort(d.error)
        reject(d.error)
      }, ms)
      next().then(() => resolve(), reject)
    }).finally(() => clearTimeout(timer))
  }
}
