import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { createObservers, observedQuery } from './observe.ts'
import type { QueryResult, SqlDatabase, SqlExecutor, Statement } from './port.ts'
import { textParsers } from './types.ts'

export interface PgliteOptions {
  /** Folder for the data files; omitted -> in memory. */
  dataDir?: string
  /** A pre-built PGlite instance (then dataDir is ignored and close() leaves it open). */
  client?: PGlite
}

/**
 * Postgres memory settings for the embedded database. PGlite runs one backend inside this process, so Postgres'
 * server-sized defaults (shared_buffers 128 MB, sized for many backends) become this process's RSS: the WASM heap
 * grows to hold them and never shrinks. 16 MB of shared buffers still holds the hot part of the sample data's bars
 * (the whole table is about 25 MB); one backend needs few connection slots. `-c` applies to existing data
 * folders; initdb's `--set` writes the same into postgresql.conf of new ones.
 */
const PGLITE_SETTINGS: Readonly<Record<string, string>> = { shared_buffers: '16MB', max_connections: '10' }

const startParams = [
  ...PGlite.defaultStartParams,
  ...Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
]
const initDbStartParams = Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['--set', `${k}=${v}`])

const parsers = Object.fromEntries(
  Object.entries(textParsers).map(([oid, fn]) => [oid, (v: string) => fn(v)]),
)

/**
 * PGlite adapter (embedded default): real Postgres in WASM, one session. PGlite queues calls itself and
 * `transaction` holds its lock, so statements from other callers wait rather than interleave.
 */
export async function createPgliteDatabase(options: PgliteOptions = {}): Promise<SqlDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const owned = !options.client
  const pg =
    options.client ?? (await PGlite.create(options.dataDir, { parsers, startParams, initDbStartParams }))
  const obs = createObservers()

  const exec = (q: Pick<PGlite, 'query'>) =>
    observedQuery(obs, async (text, params) => {
      const r = await q.query(text, params)
      return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) }
    })
  const query = exec(pg)

  return {
    kind: 'pglite',
    interactive: true,
    query,
    async batch(statements: readonly Statement[]) {
      return pg.transaction(async (tx) => {
        const q = exec(tx)
        const out: QueryResult[] = []
        for (const s of statements) out.push(await q(s.text, s.params, { name: s.name }))
        return out
      })
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) => fn({ query: exec(tx) }))
    },
    async ping() {
      await pg.query('select 1')
    },
    observe: obs.observe,
    async close() {
      if (owned && !pg.closed) await pg.close()
    },
  } satisfies SqlDatabase
}
