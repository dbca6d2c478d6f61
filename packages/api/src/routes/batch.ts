import { ValidationError } from '@supernova/core'
import type { Context, Env, Hono } from 'hono'
import { z } from 'zod'
import { batchCostMs, COST_LIMITS, tooExpensive } from '../cost.ts'
import { parseJsonBody } from '../json-body.ts'
import { requireJson } from '../middleware/media-type.ts'
import { defineRoute, type OpenApi, validationError } from '../openapi.ts'
import { requestLog } from '../request-log.ts'

export interface BatchOptions {
  /** Most sub-requests in one batch (default 20); more is a 400. */
  maxItems?: number
  /** How many sub-requests run at once (default: all of them, up to maxItems). */
  concurrency?: number
  /** Where the batch endpoint lives (default /v1/batch). */
  path?: string
  /** Registers the route in this OpenAPI document (and validates through defineRoute). */
  openapi?: OpenApi
  /** Estimated ms of computation of one sub-request (cost.ts); the batch's sum is capped at COST_LIMITS.batchMs. */
  price?: (method: string, path: string, body: unknown) => number
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

const itemSchema = z.object({
  id: z.string().max(64).optional(),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(METHODS)),
  path: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^\/(?!\/)/, 'must be a path on this API, starting with a single /')
    .meta({ examples: ['/v1/symbols/AAPL'] }),
  // Checked here, as a top-level request's would be by the HTTP parser: a bad name or value is a 400, not a 500.
  headers: z
    .record(
      z
        .string()
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, 'expected an HTTP header name (token characters)'),
      z
        .string()
        .max(8192)
        .regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'expected a header value: Latin-1 text without CR, LF or NUL'),
    )
    .optional(),
  body: z.unknown().optional(),
})

/** Body of `POST /v1/batch`. */
export const batchRequestSchema = (maxItems: number) =>
  z.object({ requests: z.array(itemSchema).min(1).max(maxItems) })

/** One sub-request's answer, in request order. */
export interface BatchItemResult {
  id?: string
  status: number
  headers: Record<string, string>
  body: unknown
}

const BATCH_MARK = 'x-supernova-batch'
// Request headers a sub-request does not inherit from the batch: they describe the batch's own body or
// transfer, or would make the sub-answer something other than plain JSON.
const NOT_INHERITED = new Set([
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'accept-encoding',
  'accept',
  'connection',
  'expect',
  'if-none-match',
  'if-match',
  'if-modified-since',
  'range',
])

const normalise = (p: string) => {
  const path = p.split(/[?#]/)[0]!.toLowerCase()
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}

async function runPool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n)
  let next = 0
  const worker = async () => {
    while (next < n) {
      const i = next++
      out[i] = await task(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker))
  return out
}

/**
 * `POST /v1/batch`: runs up to `maxItems` sub-requests `{method, path, headers?, body?}` concurrently through
 * the same app (`app.fetch`, so every middleware, limit and error mapping applies to each), and answers 200
 * with each one's status, headers and body in order. Sub-requests inherit the caller's credentials; one failing
 * does not fail the others; batches cannot nest.
 */
export function batchRoute<E extends Env>(app: Hono<E>, options: BatchOptions = {}): void {
  const maxItems = options.maxItems ?? 20
  const concurrency = options.concurrency ?? maxItems
  const path = options.path ?? '/v1/batch'
  const schema = batchRequestSchema(maxItems)
  const self = normalise(path)

  const run = async (c: Context<E>, input: z.output<typeof schema>): Promise<Response> => {
    if (c.req.raw.headers.has(BATCH_MARK))
      throw new ValidationError('A batch cannot contain another batch.', {
        details: [{ field: 'body.requests', message: 'nested batch' }],
      })
    const nested = input.requests.findIndex((r) => normalise(r.path) === self)
    if (nested >= 0)
      throw new ValidationError('A batch cannot contain another batch.', {
        details: [{ field: `body.requests.${nested}.path`, message: 'nested batch' }],
      })
    if (options.price) {
      const ms = batchCostMs(input.requests.map((r) => options.price!(r.method, r.path, r.body)))
      if (ms > COST_LIMITS.batchMs)
        throw tooExpensive(
          'batch.ms',
          COST_LIMITS.batchMs,
          ms,
          `The batch's sub-requests are estimated at ${Math.round(ms)} ms of computation together; the limit is ${COST_LIMITS.batchMs} ms. Split it.`,
        )
    }
    const inherited = new Headers()
    c.req.raw.headers.forEach((v, k) => {
      if (!NOT_INHERITED.has(k)) inherited.set(k, v)
    })
    let executionCtx: Parameters<Hono<E>['fetch']>[2]
    try {
      executionCtx = c.executionCtx
    } catch {
      executionCtx = undefined
    }
    const base = new URL(c.req.url)
    const results = await runPool(input.requests.length, concurrency, async (i): Promise<BatchItemResult> => {
      const item = input.requests[i]!
      const idPart = item.id === undefined ? {} : { id: item.id }
      try {
        const headers = new Headers(inherited)
        for (const [k, v] of Object.entries(item.headers ?? {})) headers.set(k, v)
        headers.set('accept-encoding', 'identity')
        headers.set(BATCH_MARK, '1')
        let body: string | undefined
        if (item.body !== undefined && item.method !== 'GET' && item.method !== 'HEAD') {
          if (typeof item.body === 'string' && headers.has('content-type')) body = item.body
          else {
            body = JSON.stringify(item.body)
            headers.set('content-type', 'application/json')
          }
        }
        const url = new URL(item.path, base)
        const res = await app.fetch(
          new Request(url, { method: item.method, headers, body }),
          c.env,
          executionCtx,
        )
        const outHeaders: Record<string, string> = {}
        res.headers.forEach((v, k) => {
          if (k !== 'content-length') outHeaders[k] = v
        })
        const text = await res.text()
        const isJson = /^application\/(?:[\w.+-]+\+)?json/i.test(res.headers.get('content-type') ?? '')
        let parsed: unknown = text === '' ? null : text
        if (isJson && text !== '') {
          try {
            parsed = JSON.parse(text)
          } catch {
            parsed = text
          }
        }
        return { ...idPart, status: res.status, headers: outHeaders, body: parsed }
      } catch (e) {
        // the raw JavaScript message stays in the log
        requestLog(c).error({ err: e, item: i }, 'batch sub-request failed')
        return {
          ...idPart,
          status: 500,
          headers: { 'content-type': 'application/json' },
          body: { error: { code: 'internal_error', message: 'The sub-request failed on our side.' } },
        }
      }
    })
    return c.json({ responses: results })
  }

  if (options.openapi) {
    defineRoute(
      app,
      options.openapi,
      {
        method: 'post',
        path,
        operationId: 'runBatch',
        summary: `Run up to ${maxItems} API requests concurrently in one round trip`,
        tags: ['batch'],
        body: schema,
        responses: {
          200: {
            description: 'Each sub-request’s status, headers and body, in request order',
            schema: z.object({
              responses: z.array(
                z.object({
                  id: z.string().optional(),
                  status: z.number(),
                  headers: z.record(z.string(), z.string()),
                  body: z.unknown(),
                }),
              ),
            }),
          },
        },
      },
      (c, { body }) => run(c, body),
    )
    return
  }
  app.post(path, async (c) => {
    requireJson(c)
    const text = await c.req.text()
    const raw = await parseJsonBody(text)
    const parsed = schema.safeParse(raw)
    if (!parsed.success) throw validationError('body', parsed.error)
    return run(c, parsed.data)
  })
}
