import { type AlertCondition, describeAlert, NotFoundError } from '@supernova/core'
import { type AlertFiring, type AlertRule, alertRepository } from '@supernova/db'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { paginationShape, sendPage, timeKeyedPage } from '../pagination.ts'
import { Page, SymbolParam } from '../schemas.ts'

const Op = z.enum(['above', 'below'])
const Period = (max: number) => z.number().int().min(2).max(max)

/** A rule's condition, one shape per kind (core's AlertCondition). */
export const AlertConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('price'), op: Op, level: z.number().positive() }).strict(),
  z
    .object({
      kind: z.literal('move'),
      direction: z.enum(['up', 'down', 'either']).default('either'),
      percent: z.number().positive().max(1000),
      windowBars: z.number().int().min(1).max(250).default(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rsi'),
      op: Op,
      level: z.number().min(0).max(100),
      period: Period(100).default(14),
    })
    .strict(),
  z
    .object({
      kind: z.literal('ma_cross'),
      average: z.enum(['sma', 'ema']).default('sma'),
      fast: Period(200),
      slow: Period(400),
      direction: z.enum(['above', 'below']),
    })
    .strict()
    .refine((c) => c.fast < c.slow, { message: 'fast must be shorter than slow', path: ['fast'] }),
  z.object({ kind: z.literal('sentiment'), op: Op, level: z.number().min(-1).max(1) }).strict(),
])

const Hysteresis = z
  .number()
  .min(0)
  .max(100)
  .nullable()
  .describe(
    're-arm distance in the condition’s unit (default per kind: price/move 0.5, RSI 2, ma_cross 0.1 %)',
  )

const StateSchema = z.object({
  armed: z.boolean().nullable(),
  value: z.number().nullable(),
  margin: z.number().nullable(),
  evaluatedAt: z.string().nullable(),
  firedAt: z.string().nullable(),
  fireCount: z.number(),
})

const AlertSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  symbol: z.string(),
  condition: z.unknown(),
  description: z.string(),
  hysteresis: z.number().nullable(),
  enabled: z.boolean(),
  state: StateSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
})

const FiringSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  symbol: z.string(),
  message: z.string(),
  value: z.number(),
  price: z.number(),
  source: z.enum(['tick', 'bar', 'schedule']),
  firedAt: z.string(),
})

const AlertId = z.string().regex(/^alr_[0-9a-f-]{36}$/, 'expected an alert id such as alr_0b6f…')
const Name = z.string().trim().min(1).max(120).nullable()

const view = (r: AlertRule) => ({
  id: r.id,
  name: r.name,
  symbol: r.symbol,
  condition: r.condition,
  description: describeAlert(r.symbol, r.condition),
  hysteresis: r.hysteresis,
  enabled: r.enabled,
  state: r.state,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

const firingView = ({ owner: _o, ...f }: AlertFiring) => ({ ...f, firedAt: f.firedAt.toISOString() })

const rulesOf = (c: Context<AppEnv>) => c.var.deps.alertRules ?? alertRepository(c.var.deps.db)
const notFound = (id: string) => new NotFoundError(`Alert '${id}' does not exist.`)

/** Alert rules of the caller (owner): CRUD and firing history. Another owner's rule answers 404. */
export function alertRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  const tags = ['alerts']
  const changed = (c: Context<AppEnv>) => c.var.deps.alerts?.rulesChanged()

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/alerts',
      operationId: 'listAlerts',
      summary: 'List alert rules (oldest first)',
      tags,
      query: z.object(paginationShape({ defaultLimit: 50, maxLimit: 200 })),
      responses: { 200: { description: 'A page of alert rules', schema: Page(AlertSchema) } },
    },
    async (c, { query }) => {
      const page = await timeKeyedPage(
        c.var.deps.http?.cursorSecret,
        query,
        'alerts',
        ({ limit, key, offset }) =>
          rulesOf(c).list(ownerOf(c), {
            limit,
            after: key && { createdAt: key.at, id: key.id },
            offset,
          }),
        (r) => ({ at: r.createdAt, id: r.id }),
      )
      return sendPage(c, { ...page, data: page.data.map(view) })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/alerts',
      operationId: 'createAlert',
      summary: 'Create an alert rule (fires on alerts:{owner} once per crossing)',
      tags,
      body: z.object({
        name: Name.optional(),
        symbol: SymbolParam,
        condition: AlertConditionSchema,
        hysteresis: Hysteresis.optional(),
        enabled: z.boolean().default(true),
      }),
      responses: { 201: { description: 'The new rule', schema: AlertSchema } },
      // the symbol must exist
      errors: [404],
    },
    async (c, { body }) => {
      await c.var.deps.market.requireSymbols([body.symbol])
      const rule = await rulesOf(c).create(ownerOf(c), {
        ...body,
        condition: body.condition as AlertCondition,
      })
      changed(c)
      c.header('Location', `/v1/alerts/${rule.id}`)
      return c.json(view(rule), 201)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/alerts/:id',
      operationId: 'getAlert',
      summary: 'One alert rule with its evaluation state',
      tags,
      params: z.object({ id: AlertId }),
      responses: { 200: { description: 'The rule', schema: AlertSchema } },
    },
    async (c, { params }) => {
      const rule = await rulesOf(c).get(ownerOf(c), params.id)
      if (!rule) throw notFound(params.id)
      return c.json(view(rule))
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'patch',
      path: '/v1/alerts/:id',
      operationId: 'updateAlert',
      summary: 'Change an alert rule (a new symbol, condition or hysteresis starts its state afresh)',
      tags,
      params: z.object({ id: AlertId }),
      body: z
        .object({
          name: Name.optional(),
          symbol: SymbolParam.optional(),
          condition: AlertConditionSchema.optional(),
          hysteresis: Hysteresis.optional(),
          enabled: z.boolean().optional(),
        })
        .strict(),
      responses: { 200: { description: 'The updated rule', schema: AlertSchema } },
    },
    async (c, { params, body }) => {
      if (body.symbol) await c.var.deps.market.requireSymbols([body.symbol])
      const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
      const rule = await rulesOf(c).update(ownerOf(c), params.id, patch)
      if (!rule) throw notFound(params.id)
      changed(c)
      return c.json(view(rule))
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'delete',
      path: '/v1/alerts/:id',
      operationId: 'deleteAlert',
      summary: 'Delete an alert rule and its firings',
      tags,
      params: z.object({ id: AlertId }),
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { params }) => {
      if (!(await rulesOf(c).delete(ownerOf(c), params.id))) throw notFound(params.id)
      changed(c)
      return c.body(null, 204)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/alerts/:id/firings',
      operationId: 'listAlertFirings',
      summary: 'Firings of an alert rule (newest first)',
      tags,
      params: z.object({ id: AlertId }),
      query: z.object(paginationShape({ defaultLimit: 50, maxLimit: 500 })),
      responses: { 200: { description: 'A page of firings', schema: Page(FiringSchema) } },
    },
    async (c, { params, query }) => {
      const owner = ownerOf(c)
      const repo = rulesOf(c)
      if (!(await repo.get(owner, params.id))) throw notFound(params.id)
      const page = await timeKeyedPage(
        c.var.deps.http?.cursorSecret,
        query,
        'alert-firings',
        ({ limit, key, offset }) =>
          repo.listFirings(owner, {
            ruleId: params.id,
            limit,
            before: key && { firedAt: key.at, id: key.id },
            offset,
          }),
        (f) => ({ at: f.firedAt, id: f.id }),
      )
      return sendPage(c, { ...page, data: page.data.map(firingView) })
    },
  )
}
