import { ValidationError } from '@supernova/core'
import type { Context, Env, Hono } from 'hono'
import { z } from 'zod'
import { requireJson } from './middleware/media-type.ts'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** A route's contract: zod schemas for its inputs (validated) and outputs (documented), plus docs. */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method
  /** Hono path syntax (`/v1/symbols/:symbol`); OpenAPI gets `{symbol}`. */
  path: string
  summary: string
  /** Stable operation name for generated clients (`listAlerts`). */
  operationId?: string
  tags?: string[]
  params?: P
  query?: Q
  body?: B
  responses?: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>
}

export interface RouteInput<P, Q, B> {
  params: P
  query: Q
  body: B
}

type Out<T extends z.ZodType | undefined> = T extends z.ZodType ? z.output<T> : undefined

/** The shared `fields` query parameter (field selection in the respond layer), as an OpenAPI parameter. */
export const FIELDS_PARAMETER = {
  name: 'fields',
  in: 'query',
  required: false,
  description:
    'Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, ' +
    'list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400.',
  schema: { type: 'string', examples: ['date,close', 'data.symbol'] },
} as const

/** Collects route specs into an OpenAPI 3.1 document; one per app. */
export function createOpenApi(info: { title: string; version: string; description?: string }) {
  const paths: Record<string, Record<string, unknown>> = {}
  const jsonSchema = (s: z.ZodType, io: 'input' | 'output') =>
    z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' })

  return {
    add(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>) {
      const path = spec.path.replace(/:(\w+)/g, '{$1}')
      const parameters: unknown[] = []
      for (const [where, schema] of [
        ['path', spec.params],
        ['query', spec.query],
      ] as const) {
        if (!schema) continue
        const js = jsonSchema(schema, 'input') as {
          properties?: Record<string, unknown>
          required?: string[]
        }
        for (const [name, s] of Object.entries(js.properties ?? {}))
          parameters.push({
            name,
            in: where,
            required: where === 'path' || !!js.required?.includes(name),
            schema: s,
          })
      }
      // `fields` is served by the respond layer for every JSON answer, so no route schema declares it
      if (!parameters.some((x) => (x as { name: string }).name === 'fields'))
        parameters.push(FIELDS_PARAMETER)
      const responses: Record<string, unknown> = {}
      for (const [status, r] of Object.entries(spec.responses ?? { 200: { description: 'OK' } }))
        responses[status] = {
          description: r.description,
          ...(r.schema
            ? {
                content: {
                  [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') },
                },
              }
            : {}),
        }
      responses['4XX'] = {
        description: 'Client error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      }
      paths[path] ??= {}
      paths[path][spec.method] = {
        summary: spec.summary,
        operationId: spec.operationId,
        tags: spec.tags,
        parameters: parameters.length ? parameters : undefined,
        requestBody: spec.body
          ? { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } }
          : undefined,
        responses,
      }
    },
    document() {
      return {
        openapi: '3.1.0',
        info,
        paths,
        components: {
          schemas: {
            Error: {
              type: 'object',
              required: ['error'],
              properties: {
                error: {
                  type: 'object',
                  required: ['code', 'message'],
                  properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
                },
              },
            },
          },
        },
      }
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
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ValidationError(`The request body is not valid JSON: ${(e as Error).message}.`)
  }
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
    const params = parse('path', spec.params, c.req.param())
    const query = parse('query', spec.query, c.req.query())
    const body = spec.body ? parse('body', spec.body, await readJson(c)) : undefined
    return handler(c as Context<E>, { params, query, body } as RouteInput<Out<P>, Out<Q>, Out<B>>)
  })
}
