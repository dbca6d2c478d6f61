import { marketKeys } from '@supernova/cache'
import { barsAfter, NotFoundError, ValidationError } from '@supernova/core'
import type { Hono } from 'hono'
import { z } from 'zod'
import { cachedRead } from '../cache-read.ts'
import type { AppEnv } from '../env.ts'
import { historyOf, readHistory } from '../market-history/context.ts'
import { keysetRows, ndjsonResponse, wantsNdjson } from '../ndjson.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { cursorCodecFor, cursorPage, offsetPage, sendPage } from '../pagination.ts'
import { BarSchema, IsoDate, Limit, Page, QueryInt, SymbolParam, SymbolSchema } from '../schemas.ts'
import { loadSymbolDetail, symbolDetailCache } from './symbol-detail.ts'

/** Market data: symbols and daily bars by date range, paginated (signed cursors or offset) or streamed as NDJSON. */
export function marketRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/symbols',
      operationId: 'listSymbols',
      summary: 'List symbols',
      tags: ['market data'],
      query: z.object({
        limit: Limit(50, 500),
        cursor: z.string().max(1024).optional(),
        offset: QueryInt(0, 100_000).optional(),
        sector: z.string().max(64).optional(),
      }),
      responses: {
        200: {
          description: 'A page of symbols (every symbol as NDJSON on Accept: application/x-ndjson)',
          schema: Page(SymbolSchema),
          alternatives: { 'application/x-ndjson': { schema: SymbolSchema } },
        },
      },
    },
    async (c, { query }) => {
      if (query.cursor && query.offset !== undefined)
        throw new ValidationError('Use either query.cursor or query.offset, not both.', {
          details: [{ field: 'query.offset', message: 'not allowed together with cursor' }],
        })
      const codec = cursorCodecFor(c.var.deps.http?.cursorSecret)
      const after = query.cursor
        ? (codec.decode(query.cursor, 'symbols', ['string'])[0] as string)
        : undefined
      const { market } = c.var.deps
      if (wantsNdjson(c) && query.offset === undefined)
        return ndjsonResponse(
          c,
          keysetRows(
            (a, limit) => market.listSymbols({ limit, after: a, sector: query.sector }),
            (r) => r.symbol,
            500,
            after,
          ),
          { resumeAfter: (r) => codec.encode([(r as { symbol: string }).symbol], 'symbols') },
        )
      const rows = await market.listSymbols({
        limit: query.limit + 1,
        after,
        offset: query.offset,
        sector: query.sector,
      })
      return sendPage(
        c,
        query.offset === undefined
          ? cursorPage(rows, query.limit, (r) => [r.symbol], codec, 'symbols')
          : offsetPage(rows, query.limit, query.offset),
      )
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/symbols/:symbol',
      operationId: 'getSymbol',
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
      const { market } = c.var.deps
      const s = await cachedRead(
        c,
        marketKeys.symbol(params.symbol),
        () => loadSymbolDetail(market, params.symbol),
        symbolDetailCache(params.symbol),
      )
      if (!s) throw new NotFoundError(`Unknown symbol '${params.symbol}'.`)
      // one of the symbols users read: the start-up preload loads its history, hints and detail after a restart
      historyOf(c.var.deps).touch([params.symbol])
      return c.json(s)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/symbols/:symbol/bars',
      operationId: 'listSymbolBars',
      summary: 'Daily OHLCV bars of a symbol between two dates (inclusive)',
      tags: ['market data'],
      params: z.object({ symbol: SymbolParam }),
      query: z.object({
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        limit: Limit(1000, 10_000),
        cursor: z.string().max(1024).optional(),
      }),
      responses: {
        200: {
          description:
            'A page of bars in date order (NDJSON of the whole range on Accept: application/x-ndjson)',
          schema: Page(BarSchema).extend({ symbol: z.string() }),
          alternatives: { 'application/x-ndjson': { schema: BarSchema } },
        },
      },
    },
    async (c, { params, query }) => {
      if (query.from && query.to && query.from > query.to)
        throw new ValidationError(`query.from (${query.from}) is after query.to (${query.to}).`, {
          details: [{ field: 'query.from', message: 'must not be after query.to' }],
        })
      const { market } = c.var.deps
      const codec = cursorCodecFor(c.var.deps.http?.cursorSecret)
      const scope = `bars:${params.symbol}`
      const after = query.cursor ? (codec.decode(query.cursor, scope, ['string'])[0] as string) : undefined
      const range = { from: query.from, to: query.to }
      if (wantsNdjson(c)) {
        if (!(await market.getSymbol(params.symbol)))
          throw new NotFoundError(`Unknown symbol '${params.symbol}'.`)
        // the whole range, read from the database in keyset chunks as the client takes it
        const rows = keysetRows(
          (a, limit) => market.getBars(params.symbol, { ...range, after: a, limit }),
          (r) => r.date,
          2000,
          after,
        )
        return ndjsonResponse(c, rows, {
          resumeAfter: (r) => codec.encode([(r as { date: string }).date], scope),
        })
      }
      // Pages come from the symbol's cached history columns (one load per symbol, invalidated by import's tags),
      // not a database read and a cache entry per range: any range, cursor or limit is a slice of the same columns.
      const history = await readHistory(c, [params.symbol], range).catch(async (err: unknown) => {
        // A symbol with no bars at all has no history; it still answers an empty page, an unknown one 404.
        if (err instanceof NotFoundError && (await market.getSymbol(params.symbol))) return undefined
        throw err
      })
      const series = history?.series[0]
      const data = series ? barsAfter(series, after, query.limit + 1) : []
      return sendPage(c, {
        symbol: params.symbol,
        ...cursorPage(data, query.limit, (r) => [r.date], codec, scope),
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/bars',
      operationId: 'streamBars',
      summary:
        'Bars of many symbols over a date range, streamed as NDJSON (one bar per line, symbol by symbol)',
      tags: ['market data'],
      query: z.object({
        symbols: z
          .string()
          .min(1)
          .transform((v) => [
            ...new Set(
              v
                .split(',')
                .map((x) => x.trim().toUpperCase())
                .filter(Boolean),
            ),
          ])
          .pipe(
            z
              .array(SymbolParam)
              .min(1, 'name at least one symbol')
              .max(500, 'at most 500 symbols per request'),
          ),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
      }),
      responses: {
        200: {
          description: 'NDJSON: {symbol, date, open, high, low, close, volume} per line',
          schema: BarSchema.extend({ symbol: z.string() }),
          contentType: 'application/x-ndjson',
        },
      },
      errors: [404],
    },
    async (c, { query }) => {
      if (query.from && query.to && query.from > query.to)
        throw new ValidationError(`query.from (${query.from}) is after query.to (${query.to}).`, {
          details: [{ field: 'query.from', message: 'must not be after query.to' }],
        })
      const { market } = c.var.deps
      await market.requireSymbols(query.symbols)
      // Read in keyset chunks as the client takes them: memory stays flat however many bars the range holds.
      return ndjsonResponse(
        c,
        market.streamBars(query.symbols, { from: query.from, to: query.to, chunkSize: 2000 }),
      )
    },
  )
}
