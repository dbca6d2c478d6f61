import { TimeoutError } from '@supernova/core'
import type { Context, MiddlewareHandler } from 'hono'

/** Default per-request deadline: under API Gateway's 29 s so the client gets our 504, not the gateway's. */
export const DEFAULT_TIMEOUT_MS = 25_000

const signals = new WeakMap<Context, AbortSignal>()

/** Aborts when this request's deadline passes: hand it to database or upstream calls so they stop too. */
export const requestSignal = (c: Context): AbortSignal | undefined => signals.get(c)

/**
 * Per-request deadline: a handler that has not produced its response within `ms` is answered with a
 * TimeoutError (504 in the error envelope) and its signal aborts. A streamed response counts as produced once
 * its headers are ready, so long NDJSON or SSE bodies are not cut.
 */
export function timeout(ms: number): MiddlewareHandler {
  return async function timeout(c, next) {
    const ac = new AbortController()
    signals.set(c, ac.signal)
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new TimeoutError(`The request did not finish within ${ms} ms`, {
          details: [{ field: 'request', message: `deadline ${ms} ms` }],
        })
        ac.abort(err)
        reject(err)
      }, ms)
    })
    const work = next()
    // the work may settle (or fail) after the deadline has answered; nothing must be left unhandled
    work.catch(() => {})
    try {
      await Promise.race([work, deadline])
    } finally {
      clearTimeout(timer)
    }
  }
}
