/** A row as the adapters return it: column name -> value (int8/numeric as number, date as 'YYYY-MM-DD', timestamptz as Date, jsonb parsed). */
export type Row = Record<string, unknown>

export interface QueryResult<T = Row> {
  rows: T[]
  rowCount: number
}

/** One statement with positional parameters ($1, $2, ...). */
export interface Statement {
  text: string
  params?: readonly unknown[]
  /** Name used by metrics and the slow-query log; defaults to the first words of the SQL. */
  name?: string
}

/** What can run a statement: the database itself or an open transaction. */
export interface SqlExecutor {
  query<T = Row>(
    text: string,
    params?: readonly unknown[],
    options?: { name?: string },
  ): Promise<QueryResult<T>>
}

export type SqlAdapterKind = 'pglite' | 'pg' | 'neon-http' | 'neon-ws'

/** Hook the metrics layer hangs on every adapter (query time by statement name, errors). */
export type QueryObserver = (event: { name: string; durationMs: number; ok: boolean; rows: number }) => void

/**
 * The SQL port. `batch` is atomic and non-interactive (works on every adapter, including Neon HTTP);
 * `transaction` is interactive and only exists where the adapter has a session (`interactive: true`).
 */
export interface SqlDatabase extends SqlExecutor {
  readonly kind: SqlAdapterKind
  readonly interactive: boolean
  batch(statements: readonly Statement[]): Promise<QueryResult[]>
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>
  /** Cheap round trip used by readiness probes. */
  ping(): Promise<void>
  /** Connection pool state, where the adapter has a pool (pg, neon-ws). */
  poolStats?(): { total: number; idle: number; waiting: number }
  /** The database's own thread, where the adapter runs one (PGlite on a worker): busy and idle ms, restarts. */
  threadStats?(): { activeMs: number; idleMs: number; restarts: number }
  /** Subscribe to query timings (returns an unsubscribe function). */
  observe(observer: QueryObserver): () => void
  close(): Promise<void>
}
