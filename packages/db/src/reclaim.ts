import type { SqlDatabase } from './port.ts'

/** Adapters whose database runs no autovacuum: embedded PGlite (one process, no background workers). */
export const runsNoAutovacuum = (db: Pick<SqlDatabase, 'kind'>): boolean => db.kind === 'pglite'

/**
 * VACUUMs `tables` where nothing else would: on PGlite, rows that were deleted, rewritten or rolled back stay as
 * dead space for good unless the code that churned them vacuums. On PostgreSQL (self-hosted, Neon) autovacuum does
 * it, and this is a no-op. Callers run it after their own churn (the warm-up's rollback, the cache's sweep, the
 * task prune), outside a transaction. Answers the ms it took (0 when skipped).
 */
export async function reclaimDeadRows(
  db: SqlDatabase,
  tables: readonly string[],
  name: string,
): Promise<number> {
  if (!runsNoAutovacuum(db) || tables.length === 0) return 0
  const t = performance.now()
  await db.query(`vacuum ${tables.join(', ')}`, [], { name })
  return performance.now() - t
}
