import type { HttpRecorder } from '@supernova/metrics'
import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'
import { byteLength, knownBodyOf } from './fields.ts'

/** Route label for requests no route matched (so scanners cannot blow up label cardinality). */
export const UNMATCHED_ROUTE = '__unmatched__'

/**
 * The matched route template (`/v1/symbols/:symbol`), never the raw path: the last matched route that is not
 * `app.use` middleware. Early rejections (413, 414) still get their route's label.
 */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!
    if (r.method !== 'ALL') return r.path
  }
  return UNMATCHED_ROUTE
}

/** Records the finished request `c` (answer in `c.res`) that started at `start` (performance.now()). */
export function recordRequest(http: HttpRecorder, c: Context, start: number): void {
  const res = c.res
  const declaredIn = c.req.raw.headers.get('content-length')
  const declaredOut = res.headers.get('content-length')
  let bytesOut = 0
  if (declaredOut !== null) bytesOut = Number(declaredOut) || 0
  else {
    const k = knownBodyOf(res)
    if (k) bytesOut = byteLength(k.body)
  }
  http.record(
    c.req.method,
    routeTemplate(c),
    res.status,
    performance.now() - start,
    declaredIn === null ? 0 : Number(declaredIn) || 0,
    bytesOut,
  )
}
