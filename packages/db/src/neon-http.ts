import { neon, neonConfig, types as neonTypes } from '@neondatabase/serverless'
import { AppError } from '@supernova/core'
import { createObservers, observedQuery } from './observe.ts'
import type { Row, SqlDatabase, Statement } from './port.ts'
import { pgTypes } from './types.ts'

const types = pgTypes(neonTypes)

export interface NeonHttpOptions {
  connectionString: string
  /** Where SQL-over-HTTP requests go; production leaves it unset (Neon derives it from the host). Process-wide. */
  fetchEndpoint?: string | ((host: string, port: number | string) => string)
}

/**
 * Neon over HTTP (`neon()`): one round trip per statement, no session. `batch` maps to Neon's
 * non-interactive `transaction([...])`; interactive transactions are refused, as in production.
 */
export function createNeonHttpDatabase(options: NeonHttpOptions): SqlDatabase {
  if (options.fetchEndpoint) neonConfig.fetchEndpoint = options.fetchEndpoint
  // Type parsers only take effect per call (the constructor's `types` is ignored by `query()`).
  const sql = neon(options.connectionString, { fullResults: true })
  const callOpts = { fullResults: true, types } as const
  const obs = createObservers()
  const query = observedQuery(obs, async (text, params) => {
    const r = await sql.query(text, params, callOpts)
    return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length }
  })
  return {
    kind: 'neon-http',
    interactive: false,
    query,
    async batch(statements: readonly Statement[]) {
      if (statements.length === 0) return []
      return obs.run(statements[0]?.name ?? 'batch', async () => {
        const results = await sql.transaction(
          statements.map((s) => sql.query(s.text, (s.params ?? []) as unknown[])),
          callOpts,
        )
        const out = results.map((r) => ({ rows: r.rows as Row[], rowCount: r.rowCount ?? r.rows.length }))
        return Object.assign(out, { rowCount: out.reduce((n, r) => n + r.rowCount, 0) })
      })
    },
    async transaction() {
      throw new AppError(
        'internal_error',
        'Neon HTTP has no interactive transactions: use batch(), or the Neon WebSocket Pool (DATABASE_DRIVER=neon-ws).',
      )
    },
    async ping() {
      await sql.query('select 1', [], callOpts)
    },
    observe: obs.observe,
    async close() {},
  } satisfies SqlDatabase
}
