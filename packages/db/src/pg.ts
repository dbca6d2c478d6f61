import pg from 'pg'
import { type PoolLike, poolDatabase } from './pool.ts'
import type { SqlDatabase } from './port.ts'
import { pgTypes } from './types.ts'

export interface PgOptions {
  connectionString?: string
  /** A pre-built pool (then close() leaves it open). */
  pool?: pg.Pool
  max?: number
  /** Per-statement time limit enforced by the server (statement_timeout), ms. */
  statementTimeoutMs?: number
}

const types = pgTypes(pg.types)

/** node-postgres adapter for self-hosted PostgreSQL. */
export function createPgDatabase(options: PgOptions): SqlDatabase {
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      types,
      statement_timeout: options.statementTimeoutMs,
    })
  return poolDatabase('pg', pool as unknown as PoolLike, !options.pool)
}
