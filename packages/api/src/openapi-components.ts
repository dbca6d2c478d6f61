/**
 * The shared parts of the OpenAPI document: tags, security schemes, the error envelope and its responses, the
 * parameters every list or JSON answer shares, and the synthetic examples used where a route gives none.
 */

/** Every tag an operation may carry, with the description the docs page shows; an unknown tag fails the contract test. */
export const TAGS: Readonly<Record<string, string>> = {
  health: 'Liveness and readiness probes for load balancers and orchestrators (no credentials).',
  'market data': 'Symbols and daily OHLCV bars: paged JSON, or NDJSON streams of whole ranges.',
  profiles: 'Risk profiles from a questionnaire; advice and optimisation read them.',
  watchlists: 'Named lists of symbols owned by the caller.',
  alerts: 'Price and indicator alert rules owned by the caller, and their firings.',
  reports:
    'Stored results of backtests, studies and portfolios, their charts (SVG or PNG) and HTML report pages.',
  admin: 'API keys: create (shown once), list, rotate with an overlap, revoke. Needs the admin scope.',
  analytics: 'Backtests, portfolio optimisation and advice; long runs become background tasks.',
  sentiment: 'Financial-text sentiment scoring and per-symbol sentiment history.',
  tasks: 'Background tasks: submit, list, follow (Server-Sent Events) and cancel.',
  realtime: 'Tickets for the realtime WebSocket hub (ticks, task progress).',
  batch: 'Several API requests in one round trip.',
  performance: 'Operator-only metrics, reports, alerts, the live dashboard and Prometheus exposition.',
  docs: 'This API description and its reference page.',
}

/** Who may call an operation; maps to the `security` requirement written on it. */
export type Access = 'user' | 'operator' | 'public'

/** Credentials as SEAMS.md fixes them: API key header, bearer (JWT or API key), operator key header. */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'An API key (`snk_<public id>_<secret>`) in the X-API-Key header.',
  },
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description: '`Authorization: Bearer <token>` with a JWT or an API key.',
  },
  operatorKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Operator-Key',
    description: 'The operator key (also accepted as `Authorization: Bearer <key>`).',
  },
} as const

/** The `security` requirement of each kind of route (empty list: no credentials). */
export const SECURITY: Readonly<Record<Access, unknown[]>> = {
  user: [{ apiKey: [] }, { bearerAuth: [] }],
  operator: [{ operatorKey: [] }],
  public: [],
}

/** The access of a route that does not state it: /v1 is for users, /performance and /metrics for operators. */
export function accessOf(path: string): Access {
  if (path.startsWith('/v1/')) return 'user'
  if (path.startsWith('/performance/') || path === '/metrics') return 'operator'
  return 'public'
}

/** The error envelope (packages/api/src/errors.ts ErrorBody) as a JSON schema. */
export const ERROR_SCHEMA = {
  type: 'object',
  description: 'The one error body shape: a stable machine code, a human message, optional details.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code, e.g. validation_error.' },
        message: { type: 'string', description: 'What went wrong and how to fix it.' },
        details: { description: 'Per-field problems or other context, when there are any.' },
      },
    },
  },
} as const

/** Error statuses the document can name, each a shared response component with an example envelope. */
export const ERROR_RESPONSES: Readonly<
  Record<number, { name: string; description: string; code: string; message: string }>
> = {
  400: {
    name: 'BadRequest',
    description: 'The request is malformed or a parameter, field or body member is invalid.',
    code: 'validation_error',
    message: 'Invalid query.limit: Too big: expected number to be <=200.',
  },
  401: {
    name: 'Unauthorized',
    description: 'Credentials are missing or not valid.',
    code: 'unauthorized',
    message: 'This endpoint needs credentials (X-API-Key or Authorization: Bearer).',
  },
  403: {
    name: 'Forbidden',
    description: 'The credentials are valid but lack the scope this operation needs.',
    code: 'forbidden',
    message: 'These channels need the operator key.',
  },
  404: {
    name: 'NotFound',
    description: 'No such resource (or it belongs to another owner).',
    code: 'not_found',
    message: "Watchlist 'wl_0b6f…' does not exist.",
  },
  409: {
    name: 'Conflict',
    description: 'The request conflicts with the current state of the resource.',
    code: 'conflict',
    message: "AAPL is already in watchlist 'wl_0b6f…'.",
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'The request body is larger than the server accepts.',
    code: 'payload_too_large',
    message: 'The request body is larger than 4194304 bytes.',
  },
  414: {
    name: 'UriTooLong',
    description: 'The request URL is longer than the server accepts.',
    code: 'uri_too_long',
    message: 'The request URL is longer than 8192 characters.',
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The request body is not application/json.',
    code: 'unsupported_media_type',
    message: 'Send the body as application/json.',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Rate limit exceeded; retry after the Retry-After header.',
    code: 'rate_limited',
    message: 'Too many requests; retry in 12 s.',
  },
  500: {
    name: 'InternalError',
    description: 'Something went wrong on the server; the request id identifies it.',
    code: 'internal_error',
    message: 'Something went wrong on our side; the request id identifies it.',
  },
  502: {
    name: 'UpstreamError',
    description: 'A service this operation depends on failed.',
    code: 'upstream_error',
    message: 'The sentiment model endpoint failed.',
  },
  503: {
    name: 'Unavailable',
    description: 'The feature is not configured on this deployment, or a dependency is down.',
    code: 'unavailable',
    message: 'Background tasks are not configured on this deployment.',
  },
  504: {
    name: 'Timeout',
    description: 'The request did not finish within the server deadline.',
    code: 'timeout',
    message: 'The request took longer than 30000 ms.',
  },
}

/** The error statuses a route answers by its shape: inputs -> 400, path ids -> 404, bodies -> 413/415, etc. */
export function errorStatuses(route: {
  access: Access
  hasInput: boolean
  hasPathParams: boolean
  hasBody: boolean
  extra?: number[]
}): number[] {
  // 414: the limits layer checks every URL before routing
  const out = new Set<number>([414, 500, 504, ...(route.extra ?? [])])
  if (route.hasInput) out.add(400)
  if (route.access !== 'public') out.add(401).add(429)
  // 503: a user route authenticates first, and a JWT issuer's key set may be unreachable
  if (route.access === 'user') out.add(403).add(503)
  if (route.hasPathParams) out.add(404)
  if (route.hasBody) out.add(413).add(415)
  return [...out].sort((a, b) => a - b)
}

/** Shared parameters; a route's own parameter becomes a `$ref` when its schema is the shared one. */
export const SHARED_PARAMETERS: Readonly<
  Record<string, { component: string; parameter: Record<string, unknown> }>
> = {
  fields: {
    component: 'Fields',
    parameter: {
      name: 'fields',
      in: 'query',
      required: false,
      description:
        'Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, ' +
        'list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400.',
      schema: { type: 'string', examples: ['date,close', 'data.symbol'] },
    },
  },
  limit: {
    component: 'Limit',
    parameter: {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'Most items in one page.',
      schema: { default: 50, type: 'integer', minimum: 1, maximum: 200 },
    },
  },
  cursor: {
    component: 'Cursor',
    parameter: {
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'The `next_cursor` of the previous page (opaque, signed); not with `offset`.',
      schema: { type: 'string', minLength: 1, maxLength: 2048 },
    },
  },
  offset: {
    component: 'Offset',
    parameter: {
      name: 'offset',
      in: 'query',
      required: false,
      description: 'Items to skip (offset paging); not with `cursor`.',
      schema: { type: 'integer', minimum: 0, maximum: 100000 },
    },
  },
}

/** Request headers every JSON GET (conditional requests) or every response (compression) honours. */
export const SHARED_HEADERS = {
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'An ETag from an earlier answer; a 304 without a body comes back while it still matches.',
    schema: { type: 'string', examples: ['W/"5d1-kC3bq1"'] },
  },
  AcceptEncoding: {
    name: 'Accept-Encoding',
    in: 'header',
    required: false,
    description: 'Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed.',
    schema: { type: 'string', examples: ['br, gzip'] },
  },
} as const

type Json = Record<string, unknown>

/** A plausible value for a JSON schema, for responses that give no example of their own (deterministic). */
export function exampleOf(schema: unknown, depth = 0): unknown {
  const s = (schema ?? {}) as Json
  if (s.example !== undefined) return s.example
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0]
  if (s.const !== undefined) return s.const
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0]
  if (s.default !== undefined) return s.default
  for (const k of ['oneOf', 'anyOf'] as const)
    if (Array.isArray(s[k]) && (s[k] as unknown[]).length) return exampleOf((s[k] as unknown[])[0], depth)
  if (Array.isArray(s.prefixItems)) return (s.prefixItems as unknown[]).map((x) => exampleOf(x, depth + 1))
  if (Array.isArray(s.allOf))
    return Object.assign({}, ...(s.allOf as unknown[]).map((x) => exampleOf(x, depth)))
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string)
  switch (type) {
    case 'object': {
      const out: Json = {}
      const required = new Set((s.required as string[]) ?? [])
      for (const [k, v] of Object.entries((s.properties as Json) ?? {}))
        if (required.has(k) || depth < 2) out[k] = exampleOf(v, depth + 1)
      return out
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1
      return Array.from({ length: Math.max(min, depth < 3 ? 1 : 0) }, () => exampleOf(s.items, depth + 1))
    }
    case 'integer':
      return typeof s.minimum === 'number' ? s.minimum : 1
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1.5
    case 'boolean':
      return true
    case 'null':
      return null
    case 'string':
      return stringExample(s)
    default:
      return null
  }
}

function stringExample(s: Json): string {
  if (s.format === 'date-time') return '2024-01-02T15:04:05.000Z'
  if (s.format === 'date') return '2024-01-02'
  if (s.format === 'uri' || s.format === 'url') return 'https://api.example.net/v1/symbols'
  if (s.format === 'uuid') return '0b6f1c9e-3d2a-4c8b-9a7e-5f4d3c2b1a09'
  const min = typeof s.minLength === 'number' ? s.minLength : 0
  return 'string'.padEnd(min, 'x')
}
