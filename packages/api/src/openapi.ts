import { isDeepStrictEqual } from 'node:util'
import { ValidationError } from '@supernova/core'
import type { Context, Env, Hono } from 'hono'
import { z } from 'zod'
import { checkJsonValue, singleQuery } from './input-guards.ts'
import { parseJsonBody } from './json-body.ts'
import { requireJson } from './middleware/media-type.ts'
import {
  type Access,
  accessOf,
  ERROR_RESPONSES,
  ERROR_SCHEMA,
  errorStatuses,
  exampleOf,
  SECURITY,
  SECURITY_SCHEMES,
  SHARED_HEADERS,
  SHARED_PARAMETERS,
  TAGS,
} from './openapi-components.ts'
import { QUERY_INTS } from './schemas.ts'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** One documented answer of a route: its schema (validated in the tests), media type and an example. */
export interface ResponseSpec {
  description: string
  schema?: z.ZodType
  /** Media type of the body; application/json when absent. */
  contentType?: string
  /** A representative body; a synthetic one is derived from the schema when absent. */
  example?: unknown
  /** The same answer in other media types by content negotiation (Accept: application/x-ndjson: one item per line). */
  alternatives?: Record<string, { schema: z.ZodType; example?: unknown }>
}

/** A route's contract: zod schemas for its inputs (validated) and outputs (documented), plus docs. */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method
  /** Hono path syntax (`/v1/symbols/:symbol`); OpenAPI gets `{symbol}`. */
  path: string
  /** Stable verb-noun name code generators turn into method names (`listWatchlists`); the contract test requires it. */
  operationId?: string
  summary: string
  description?: string
  /** Tags from TAGS (openapi-components.ts); the contract test rejects others. */
  tags?: string[]
  /** Who may call it; by path when absent (/v1: user, /performance and /metrics: operator, else public). */
  access?: Access
  params?: P
  query?: Q
  body?: B
  /** Runs on the parsed JSON before the body schema: a size limit that must answer before a large body is validated. */
  precheck?: (body: unknown) => void
  /** An example request body (a synthetic one is derived from the body schema when absent). */
  bodyExample?: unknown
  responses?: Record<number, ResponseSpec>
  /** Error statuses beyond those its shape implies (errorStatuses): 409, 502, 503... */
  errors?: number[]
}

export interface RouteInput<P, Q, B> {
  params: P
  query: Q
  body: B
}

type Out<T extends z.ZodType | undefined> = T extends z.ZodType ? z.output<T> : undefined
type Json = Record<string, unknown>

const FIELDS_PARAMETER = SHARED_PARAMETERS.fields!.parameter as Json

const isJson = (type: string) => /^application\/(?:[\w.+-]+\+)?json$/.test(type)

/** zod -> JSON Schema 2020-12 as OpenAPI 3.1 embeds it (no per-schema `$schema`). */
function jsonSchema(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema: out }) => {
      // zod leaves out the default of a transforming schema in input mode: a QueryInt's default is put back.
      const def = (
        zodSchema as unknown as {
          _zod: { def: { type: string; innerType?: z.ZodType; defaultValue?: unknown } }
        }
      )._zod.def
      if (def.type === 'default' && def.innerType && QUERY_INTS.has(def.innerType))
        out.default = def.defaultValue
      const int = QUERY_INTS.get(zodSchema as unknown as z.ZodType)
      if (!int) return
      // Wrappers (default, description) share this object: keep their keys, replace the string's own.
      for (const k of ['type', 'pattern', 'format', 'minLength', 'maxLength']) delete (out as Json)[k]
      Object.assign(out, { type: 'integer', minimum: int.min, maximum: int.max })
    },
  }) as Json
  return rest
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` })

/** Collects route specs into an OpenAPI 3.1 document; one per app. */
export function createOpenApi(info: { title: string; version: string; description?: string }) {
  const paths: Record<string, Record<string, unknown>> = {}
  const used = { parameters: new Set<string>(), responses: new Set<number>(), headers: new Set<string>() }
  // Specs are turned into path items when the document is first asked for, not at definition: converting every
  // zod schema to JSON Schema is most of the app's construction time, which a Lambda cold start would pay.
  const pending: RouteSpec<z.ZodType, z.ZodType, z.ZodType>[] = []
  let cached: Json | undefined

  const parameterFor = (p: Json) => {
    const shared = SHARED_PARAMETERS[p.name as string]
    if (shared && p.in === 'query' && isDeepStrictEqual(shared.parameter.schema, p.schema)) {
      used.parameters.add(shared.component)
      return ref('parameters', shared.component)
    }
    if (shared && p.in === 'query' && !p.description)
      return { ...p, description: shared.parameter.description }
    return p
  }

  const describe = (spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>) => {
    const path = spec.path.replace(/:(\w+)/g, '{$1}')
    const access = spec.access ?? accessOf(path)
    const parameters: unknown[] = []
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue
      const js = jsonSchema(schema, 'input') as { properties?: Json; required?: string[] }
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        const { description, ...rest } = s as Json
        parameters.push(
          parameterFor({
            name,
            in: where,
            required: where === 'path' || !!js.required?.includes(name),
            ...(description ? { description } : {}),
            schema: rest,
          }),
        )
      }
    }
    const declared = spec.responses ?? {}
    const answersJson = Object.values(declared).some((r) => isJson(r.contentType ?? 'application/json'))
    // `fields` is served by the respond layer for every JSON answer, so no route schema declares it
    if (
      answersJson &&
      !parameters.some(
        (x) => (x as Json).name === 'fields' || (x as Json).$ref === ref('parameters', 'Fields').$ref,
      )
    )
      parameters.push(parameterFor(FIELDS_PARAMETER))
    // conditional requests: the ETag layer tags 200 JSON answers to GET
    const etag =
      spec.method === 'get' && isJson(declared[200]?.contentType ?? 'application/json') && !!declared[200]
    if (etag) parameters.push(ref('parameters', 'IfNoneMatch'))
    parameters.push(ref('parameters', 'AcceptEncoding'))
    for (const h of etag ? ['IfNoneMatch', 'AcceptEncoding'] : ['AcceptEncoding']) used.headers.add(h)

    const responses: Record<string, unknown> = {}
    for (const [status, r] of Object.entries(declared)) {
      const type = r.contentType ?? 'application/json'
      const content: Json = {}
      if (r.schema) {
        const schema = jsonSchema(r.schema, 'output')
        content[type] = { schema, example: r.example ?? exampleOf(schema) }
      }
      for (const [alt, a] of Object.entries(r.alternatives ?? {})) {
        const schema = jsonSchema(a.schema, 'output')
        content[alt] = { schema, example: a.example ?? exampleOf(schema) }
      }
      responses[status] = {
        description: r.description,
        ...(Object.keys(content).length ? { content } : {}),
      }
    }
    if (etag)
      responses['304'] = { description: 'Not modified: the If-None-Match ETag still matches (no body).' }
    const errors = errorStatuses({
      access,
      hasInput: answersJson || !!spec.params || !!spec.query || !!spec.body,
      hasPathParams: !!spec.params,
      hasBody: !!spec.body,
      extra: spec.errors,
    })
    for (const status of errors) {
      if (responses[status]) continue
      used.responses.add(status)
      responses[status] = ref('responses', ERROR_RESPONSES[status]!.name)
    }

    let requestBody: Json | undefined
    if (spec.body) {
      const schema = jsonSchema(spec.body, 'input')
      requestBody = {
        required: true,
        content: { 'application/json': { schema, example: spec.bodyExample ?? exampleOf(schema) } },
      }
    }
    paths[path] ??= {}
    paths[path][spec.method] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      security: SECURITY[access],
      parameters,
      requestBody,
      responses,
    }
  }

  return {
    add(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>) {
      cached = undefined
      pending.push(spec)
    },
    /** The document (built once per set of routes); `servers` is filled per request by the /openapi.json route. */
    document(): Json {
      if (cached) return cached
      for (const spec of pending.splice(0)) describe(spec)
      const tags = new Set(
        Object.values(paths).flatMap((ops) =>
          Object.values(ops).flatMap((o) => (o as { tags?: string[] }).tags ?? []),
        ),
      )
      const pick = <T>(names: Iterable<string>, all: Record<string, T>) =>
        Object.fromEntries(
          [...names]
            .sort()
            .filter((n) => all[n])
            .map((n) => [n, all[n]!]),
        )
      cached = {
        openapi: '3.1.0',
        info: {
          ...info,
          license: { name: 'Proprietary', identifier: 'LicenseRef-SuperNova-Proprietary' },
        },
        servers: [
          {
            url: '/',
            description: 'The origin serving this document (/openapi.json names the deployment URL)',
          },
        ],
        tags: Object.keys(TAGS)
          .filter((t) => tags.has(t))
          .map((name) => ({ name, description: TAGS[name] })),
        paths,
        components: {
          schemas: { Error: ERROR_SCHEMA },
          responses: Object.fromEntries(
            [...used.responses].sort().map((status) => {
              const e = ERROR_RESPONSES[status]!
              return [
                e.name,
                {
                  description: e.description,
                  content: {
                    'application/json': {
                      schema: ref('schemas', 'Error'),
                      example: { error: { code: e.code, message: e.message } },
                    },
                  },
                },
              ]
            }),
          ),
          parameters: {
            ...Object.fromEntries(
              Object.values(SHARED_PARAMETERS)
                .filter((p) => used.parameters.has(p.component))
                .map((p) => [p.component, p.parameter]),
            ),
            ...pick(used.headers, SHARED_HEADERS as Record<string, unknown>),
          },
          securitySchemes: SECURITY_SCHEMES,
        },
      }
      return cached
    },
  }
}

export type OpenApi = ReturnType<typeof createOpenApi>

/** Turns zod issues into a 400 whose message and details name each offending field. */
export function validationError(where: string, error: z.ZodError): ValidationError {
  const details = error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }))
  const first = details[0]!
  const more =
    details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''
  return new ValidationError(`Invalid ${first.field}: ${first.message}${more}.`, { details })
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') throw new ValidationError('The request body is empty; send a JSON document.')
  requireJson(c)
  return parseJsonBody(text)
}

/** Registers a route on the app and in the OpenAPI document; inputs are parsed by their schemas before the handler runs. */
export function defineRoute<E extends Env, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  app: Hono<E>,
  openapi: OpenApi,
  spec: RouteSpec<P, Q, B>,
  handler: (c: Context<E>, input: RouteInput<Out<P>, Out<Q>, Out<B>>) => Response | Promise<Response>,
): void {
  openapi.add(spec as RouteSpec<z.ZodType, z.ZodType, z.ZodType>)
  app[spec.method](spec.path, async (c) => {
    const parse = (where: string, schema: z.ZodType | undefined, value: unknown) => {
      if (!schema) return undefined
      const r = schema.safeParse(value)
      if (!r.success) throw validationError(where, r.error)
      return r.data
    }
    const rawParams = c.req.param()
    checkJsonValue(rawParams, 'path')
    const params = parse('path', spec.params, rawParams)
    const query = parse('query', spec.query, singleQuery(c.req.queries(), spec.query))
    let body: unknown
    if (spec.body) {
      const raw = await readJson(c)
      // size and cost limits first: a 413 or too_expensive should not pay for walking and validating the body
      spec.precheck?.(raw)
      checkJsonValue(raw, 'body')
      body = parse('body', spec.body, raw)
    }
    return handler(c as Context<E>, { params, query, body } as RouteInput<Out<P>, Out<Q>, Out<B>>)
  })
}
