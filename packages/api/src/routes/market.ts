import { NotFoundError, ValidationError } from '@supernova/core'
import type { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { BarSchema, IsoDate, Limit, Page, SymbolParam, SymbolSchema } from '../schemas.ts'
import { decodeCursor, pageResponse } from './paging.ts'

const isSymbolCursor = (v: unknown): v is { s: string } =>
  typeof v === 'object' && v !== null && typeof (v as { s?: unknown }).s === 'string'

/** Market data: symbols (paginated) and daily bars by date range. */
export function marketRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/symbols',
      summary: 'List symbols',
      tags: ['market data'],
      query: z.object({
        limit: Limit(50, 500),
        cursor: z.string().max(512).optional(),
        offset: z.coerce.number().int().min(0).max(100_000).optional(),
        sector: z.string().max(64).optional(),
      }),
      responses: { 200: { description: 'A page of symbols', schema: Page(SymbolSchema) } },
    },
    async (c, { query }) => {
      if (query.cursor && query.offset !== undefined)
        throw new ValidationError('Use either query.cursor or query.offset, not both.', {
          details: [{ field: 'query.offset', message: 'not allowed together with cursor' }],
        })
      const after = query.cursor ? decodeCursor(query.cursor, isSymbolCursor).s : undefined
      const rows = await c.var.deps.market.listSymbols({
        limit: query.limit + 1,
        after,
        offset: query.offset,
        sector: query.sector,
      })
      return pageResponse(c, rows, query.limit, (r) => ({ s: r.symbol }))
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/symbols/:symbol',
      summary: 'One symbol with the span of its bars',
      tags: ['market data'],
      params: z.object({ symbol: SymbolParam }),
      responses: {
        200: {
          description: 'The symbol',
          schema: SymbolSchema.extend({
            bars: z.object({ count: z.number(), first: z.string().nullable(), last: z.string().nullable() }),
          }),
        },
      },
    },
    async (c, { params }) => {
      const s = await c.var.deps.market.getSymbol(params.symbol)
      if (!s) throw new NotFoundError(`Unknown symbol '${params.symbol}'.`)
      return c.json({ ...s, bars: await c.var.deps.market.barStats(params.symbol) })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/symbols/:symbol/bars',
      summary: 'Daily OHLCV bars of a symbol between two dates (inclusive)',
      tags: ['market data'],
      params: z.object({ symbol: SymbolParam }),
      query: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }),
      responses: {
        200: {
          description: 'Bars in date order',
          schema: z.object({ symbol: z.string(), data: z.array(BarSchema) }),
        },
      },
    },
    async (c, { params, query }) => {
      if (query.from && query.to && query.from > query.to)
        throw new ValidationError(`query.from (${query.from}) is after query.to (${query.to}).`, {
          details: [{ field: 'query.from', message: 'must not be after query.to' }],
        })
      const data = await c.var.deps.market.getBars(params.symbol, { from: query.from, to: query.to })
      // One query on the hot path; only an empty answer needs the second (unknown symbol vs. no bars in range).
      if (data.length === 0 && !(await c.var.deps.market.getSymbol(params.symbol)))
        throw new NotFoundError(`Unknown symbol '${params.symbol}'.`)
      return c.json({ symbol: params.symbol, data })
    },
  )
}
