import { randomUUID } from 'node:crypto'
import { ConflictError, NotFoundError } from '@supernova/core'
import type { SqlDatabase } from '../port.ts'
import { marketRepository } from './market.ts'

export interface Watchlist {
  id: string
  name: string
  symbols: string[]
  createdAt: Date
}

/**
 * Watchlists and their symbols, each under its owner; a duplicate symbol is a conflict, an unknown one is not found.
 * Every call takes the owner: another owner's watchlist (and its items) answers as if it did not exist.
 */
export function watchlistRepository(db: SqlDatabase) {
  const select = `select w.id, w.name, w.created_at as "createdAt",
      coalesce(array_agg(i.symbol order by i.added_at, i.symbol) filter (where i.symbol is not null), '{}') as symbols
    from watchlists w left join watchlist_items i on i.watchlist_id = w.id`

  const { requireSymbols } = marketRepository(db)

  return {
    async create(owner: string, name: string, symbols: readonly string[] = []): Promise<Watchlist> {
      const unique = [...new Set(symbols)]
      await requireSymbols(unique)
      const id = `wl_${randomUUID()}`
      await db.batch([
        {
          // Millisecond precision: page cursors carry the time as a JS Date, which must compare equal to the row.
          text: "insert into watchlists (id, owner, name, created_at) values ($1, $2, $3, date_trunc('milliseconds', now()))",
          params: [id, owner, name],
          name: 'watchlists.create',
        },
        ...unique.map((s, i) => ({
          text: 'insert into watchlist_items (watchlist_id, symbol, added_at) values ($1, $2, now() + make_interval(secs => $3 / 1e6))',
          params: [id, s, i],
          name: 'watchlists.add',
        })),
      ])
      return (await this.get(owner, id))!
    },
    async get(owner: string, id: string): Promise<Watchlist | undefined> {
      const r = await db.query<Watchlist>(
        `${select} where w.id = $1 and w.owner = $2 group by w.id`,
        [id, owner],
        {
          name: 'watchlists.get',
        },
      )
      return r.rows[0]
    },
    /** Newest first would reshuffle pages as lists are created; ordering by (created_at, id) keeps pages stable. */
    async list(q: {
      owner: string
      limit: number
      after?: { createdAt: string; id: string }
      offset?: number
    }): Promise<Watchlist[]> {
      const params: unknown[] = [q.owner]
      let where = 'where w.owner = $1'
      if (q.after) {
        params.push(q.after.createdAt, q.after.id)
        where += ' and (w.created_at, w.id) > ($2::timestamptz, $3)'
      }
      params.push(q.limit)
      let sql = `${select} ${where} group by w.id order by w.created_at, w.id limit $${params.length}`
      if (q.offset) {
        params.push(q.offset)
        sql += ` offset $${params.length}`
      }
      return (await db.query<Watchlist>(sql, params, { name: 'watchlists.list' })).rows
    },
    async addSymbol(owner: string, id: string, symbol: string): Promise<Watchlist> {
      if (!(await this.get(owner, id))) throw new NotFoundError(`Watchlist '${id}' does not exist.`)
      await requireSymbols([symbol])
      try {
        await db.query('insert into watchlist_items (watchlist_id, symbol) values ($1, $2)', [id, symbol], {
          name: 'watchlists.add',
        })
      } catch (e) {
        if (e instanceof ConflictError)
          throw new ConflictError(`${symbol} is already on watchlist '${id}'.`, {
            details: { symbol },
            cause: e,
          })
        throw e
      }
      return (await this.get(owner, id))!
    },
    async removeSymbol(owner: string, id: string, symbol: string): Promise<Watchlist> {
      const r = await db.query(
        `delete from watchlist_items i using watchlists w
         where i.watchlist_id = $1 and i.symbol = $2 and w.id = i.watchlist_id and w.owner = $3`,
        [id, symbol, owner],
        {
          name: 'watchlists.remove',
        },
      )
      if (r.rowCount === 0) {
        if (!(await this.get(owner, id))) throw new NotFoundError(`Watchlist '${id}' does not exist.`)
        throw new NotFoundError(`${symbol} is not on watchlist '${id}'.`)
      }
      return (await this.get(owner, id))!
    },
    async delete(owner: string, id: string): Promise<void> {
      const r = await db.query('delete from watchlists where id = $1 and owner = $2', [id, owner], {
        name: 'watchlists.delete',
      })
      if (r.rowCount === 0) throw new NotFoundError(`Watchlist '${id}' does not exist.`)
    },
  }
}

export type WatchlistRepository = ReturnType<typeof watchlistRepository>
