import type { Context } from 'hono'
import type { AppDeps, Logger } from './deps.ts'

/** Logs nothing: for an error handler reached outside createApp (no deps on the context). */
const NO_LOG: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => NO_LOG,
}

/**
 * The request's logger: a child of `deps.logger` carrying the request id (X-Request-Id). Made on first use and
 * kept on the context, so requests that log nothing pay nothing.
 */
export function requestLog(c: Context): Logger {
  let log = c.get('log') as Logger | undefined
  if (!log) {
    const deps = c.get('deps') as AppDeps | undefined
    log = deps?.logger ? deps.logger.child({ requestId: c.get('requestId') }) : NO_LOG
    c.set('log', log)
  }
  return log
}
