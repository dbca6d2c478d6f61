import { NotFoundError } from '@supernova/core'
import type { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { paginationShape, sendPage, timeKeyedPage } from '../pagination.ts'
import { Page, SymbolParam } from '../schemas.ts'

const WatchlistSchema = z.object({
  id: z.string(),
  name: z.string(),
  symbols: z.array(z.string()),
  createdAt: z.string(),
})
const WatchlistId = z
  .string()
  .regex(/^wl_[0-9a-f-]{36}$/, 'expected a watchlist id such as wl_0b6f…')
  .meta({ examples: ['wl_0b6f1c9e-3d2a-4c8b-9a7e-5f4d3c2b1a09'] })
/** Watchlists: create, list, read, add and remove symbols, delete. */
export function watchlistRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  const tags = ['watchlists']
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/watchlists',
      operationId: 'createWatchlist',
      summary: 'Create a watchlist',
      tags,
      errors: [404],
      body: z.object({
        name: z.string().trim().min(1).max(120),
        symbols: z.array(SymbolParam).max(500).default([]),
      }),
      responses: { 201: { description: 'The new watchlist', schema: WatchlistSchema } },
    },
    async (c, { body }) => {
      const w = await c.var.deps.watchlists.create(ownerOf(c), body.name, body.symbols)
      c.header('Location', `/v1/watchlists/${w.id}`)
      return c.json(w, 201)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/watchlists',
      operationId: 'listWatchlists',
      summary: 'List watchlists (oldest first)',
      tags,
      query: z.object(paginationShape({ defaultLimit: 50, maxLimit: 200 })),
      responses: { 200: { description: 'A page of watchlists', schema: Page(WatchlistSchema) } },
    },
    async (c, { query }) =>
      // Keyset on (created_at, id): the id makes the order total, so no list is skipped or repeated.
      sendPage(
        c,
        await timeKeyedPage(
          c.var.deps.http?.cursorSecret,
          query,
          'watchlists',
          ({ limit, key, offset }) =>
            c.var.deps.watchlists.list({
              owner: ownerOf(c),
              limit,
              after: key && { createdAt: key.at.toISOString(), id: key.id },
              offset,
            }),
          (w) => ({ at: new Date(w.createdAt), id: w.id }),
        ),
      ),
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/watchlists/:id',
      operationId: 'getWatchlist',
      summary: 'One watchlist',
      tags,
      params: z.object({ id: WatchlistId }),
      responses: { 200: { description: 'The watchlist', schema: WatchlistSchema } },
    },
    async (c, { params }) => {
      const w = await c.var.deps.watchlists.get(ownerOf(c), params.id)
      if (!w) throw new NotFoundError(`Watchlist '${params.id}' does not exist.`)
      return c.json(w)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/watchlists/:id/symbols',
      operationId: 'addWatchlistSymbol',
      summary: 'Add a symbol to a watchlist (409 if it is already there)',
      tags,
      errors: [409],
      params: z.object({ id: WatchlistId }),
      body: z.object({ symbol: SymbolParam }),
      responses: { 201: { description: 'The updated watchlist', schema: WatchlistSchema } },
    },
    async (c, { params, body }) =>
      c.json(await c.var.deps.watchlists.addSymbol(ownerOf(c), params.id, body.symbol), 201),
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'delete',
      path: '/v1/watchlists/:id/symbols/:symbol',
      operationId: 'removeWatchlistSymbol',
      summary: 'Remove a symbol from a watchlist',
      tags,
      params: z.object({ id: WatchlistId, symbol: SymbolParam }),
      responses: { 200: { description: 'The updated watchlist', schema: WatchlistSchema } },
    },
    async (c, { params }) =>
      c.json(await c.var.deps.watchlists.removeSymbol(ownerOf(c), params.id, params.symbol)),
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'delete',
      path: '/v1/watchlists/:id',
      operationId: 'deleteWatchlist',
      summary: 'Delete a watchlist',
      tags,
      params: z.object({ id: WatchlistId }),
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { params }) => {
      await c.var.deps.watchlists.delete(ownerOf(c), params.id)
      return c.body(null, 204)
    },
  )
}
