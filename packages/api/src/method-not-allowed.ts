import type { Context, NotFoundHandler } from 'hono'
import { errorResponse, notFound } from './errors.ts'

/** The part of a Hono app this reads: its registered routes. */
interface Routed {
  routes: readonly { method: string; path: string }[]
}

interface RoutePattern {
  re: RegExp
  methods: Set<string>
}

/** `/v1/tasks/:id` -> /^\/v1\/tasks\/[^/]+$/ (Hono's `:name{re}` keeps its pattern, `*` matches the rest). */
function patternOf(path: string): RegExp {
  const parts = path.split('/').map((seg) => {
    if (seg === '*') return '.*'
    const param = /^:\w+(?:\{(.+)\})?\??$/.exec(seg)
    if (param) return param[1] ? `(?:${param[1]})` : '[^/]+'
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  })
  return new RegExp(`^${parts.join('/')}/?$`)
}

/** Methods each registered path answers, read from the router's routes once (after every route is added). */
function routeTable(app: Routed): RoutePattern[] {
  const byPath = new Map<string, Set<string>>()
  for (const r of app.routes) {
    if (r.method === 'ALL') continue // middleware
    let m = byPath.get(r.path)
    if (!m) {
      m = new Set()
      byPath.set(r.path, m)
    }
    m.add(r.method.toUpperCase())
    if (r.method.toUpperCase() === 'GET') m.add('HEAD')
  }
  return [...byPath].map(([path, methods]) => ({ re: patternOf(path), methods }))
}

/**
 * The app's not-found handler: a known path asked with another method answers 405 `method_not_allowed` with
 * `Allow` (OPTIONS answers 204 with `Allow`); a path no route matches stays 404.
 */
export function notFoundOrMethodNotAllowed(app: Routed): NotFoundHandler {
  let table: RoutePattern[] | undefined
  return (c: Context) => {
    table ??= routeTable(app)
    const path = c.req.path
    const methods = new Set<string>()
    for (const r of table) if (r.re.test(path)) for (const m of r.methods) methods.add(m)
    if (methods.size === 0) return notFound(c)
    methods.add('OPTIONS')
    const allow = [...methods].sort().join(', ')
    if (c.req.method === 'OPTIONS') return c.body(null, 204, { Allow: allow })
    const res = errorResponse(
      c,
      405,
      'method_not_allowed',
      `${c.req.method} is not allowed on ${path}; allowed: ${allow}.`,
    )
    res.headers.set('Allow', allow)
    return res
  }
}
