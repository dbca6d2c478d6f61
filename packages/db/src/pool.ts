import { mapSqlError } from './errors.ts'
import { createObservers, observedQuery } from './observe.ts'
import type { QueryResult, SqlDatabase, SqlExecutor, Statement } from './port.ts'

/** Shared by the pg and Neon WebSocket adapters: both speak node-postgres' Pool/Client API. */
export interface PoolLike {
  query(config: { text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>
  connect(): Promise<{
    query(config: { text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>
    release(err?: Error | boolean): void
    on?(event: 'error', listener: (err: Error) => void): unknown
    removeListener?(event: 'error', listener: (err: Error) => void): unknown
  }>
  end(): Promise<void>
  on?(event: 'error', listener: (err: Error) => void): unknown
  totalCount?: number
  idleCount?: number
  waitingCount?: number
}

/** Builds the port over a node-postgres-compatible pool; interactive transactions hold one pooled client. */
export function poolDatabase(kind: 'pg' | 'neon-ws', pool: PoolLike, owned: boolean): SqlDatabase {
  const obs = createObservers()
  // An idle client dying (server restart) must not crash the process; the next query reconnects.
  pool.on?.('error', () => {})
  const exec = (q: Pick<PoolLike, 'query'>) =>
    observedQuery(obs, async (text, values) => {
      const r = await q.query({ text, values })
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length }
    })
  async function transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await obs.run('connect', async () => ({ rowCount: 0, client: await pool.connect() }))
    const c = client.client
    // A checked-out client whose server dies emits 'error' itself (the pool only listens on idle ones): unheard,
    // that ends the process. The failing query rejects anyway, and the release below discards the client.
    const onError = () => {}
    c.on?.('error', onError)
    const release = (err?: Error) => {
      c.removeListener?.('error', onError)
      c.release(err)
    }
    // begin/commit run on the raw client: their errors are mapped here (a lost server is a 503, not a 500)
    const control = (text: string) =>
      c.query({ text }).catch((e: unknown) => {
        throw mapSqlError(e)
      })
    try {
      await control('begin')
      const result = await fn({ query: exec(c) })
      await control('commit')
      release()
      return result
    } catch (error) {
      try {
        await c.query({ text: 'rollback' })
        release()
      } catch (rollbackError) {
        release(rollbackError as Error)
      }
      throw error
    }
  }
  return {
    kind,
    interactive: true,
    query: exec(pool),
    batch: (statements: readonly Statement[]) =>
      transaction(async (tx) => {
        const out: QueryResult[] = []
        for (const s of statements) out.push(await tx.query(s.text, s.params, { name: s.name }))
        return out
      }),
    transaction,
    async ping() {
      await pool.query({ text: 'select 1' })
    },
    observe: obs.observe,
    poolStats: () => ({
      total: pool.totalCount ?? 0,
      idle: pool.idleCount ?? 0,
      waiting: pool.waitingCount ?? 0,
    }),
    async close() {
      if (owned) await pool.end()
    },
  } satisfies SqlDatabase
}
