import type { NeonHttpOptions } from './neon-http.ts'
import type { NeonWsOptions } from './neon-ws.ts'
import type { PgOptions } from './pg.ts'
import type { PgliteOptions } from './pglite.ts'
import type { PgliteWorkerOptions } from './pglite-worker.ts'
import type { SqlDatabase } from './port.ts'

export { DataDirInUseError, lockDataDir } from './data-dir-lock.ts'
export { mapSqlError } from './errors.ts'
export type { Migration } from './migrate.ts'
export { loadMigrations, migrate } from './migrate.ts'
export type { NeonHttpOptions } from './neon-http.ts'
export type { NeonWsOptions } from './neon-ws.ts'
export { statementName } from './observe.ts'
export type { PgOptions } from './pg.ts'
export type { PgliteOptions } from './pglite.ts'
export { PGLITE_TEMPLATE } from './pglite-template.ts'
export type { DbThreadStats, PgliteWorkerOptions } from './pglite-worker.ts'
export type {
  QueryObserver,
  QueryResult,
  Row,
  SqlAdapterKind,
  SqlDatabase,
  SqlExecutor,
  Statement,
} from './port.ts'
export type { QueryPriority } from './priority.ts'
export { inBackground, queryPriority } from './priority.ts'
export { reclaimDeadRows, runsNoAutovacuum } from './reclaim.ts'
export type {
  AlertFiring,
  AlertRepository,
  AlertRule,
  AlertRuleInput,
  AlertSource,
} from './repos/alerts.ts'
export { alertRepository } from './repos/alerts.ts'
export type { ApiKeyCheck, ApiKeyRecord, ApiKeyRepository, IssuedApiKey } from './repos/api-keys.ts'
export { apiKeyRepository, hashApiKey } from './repos/api-keys.ts'
export type { BarQuery, MarketRepository, SymbolQuery } from './repos/market.ts'
export { marketRepository, PGLITE_HISTORY_CHUNK } from './repos/market.ts'
export type { ProfileRepository, StoredProfile } from './repos/profiles.ts'
export { profileRepository } from './repos/profiles.ts'
export type { ResultInsert, ResultKind, ResultRepository, StoredResultRow } from './repos/results.ts'
export { newResultId, RESULT_PREFIX, resultRepository } from './repos/results.ts'
export { seedSampleData } from './repos/seed.ts'
export type { Watchlist, WatchlistRepository } from './repos/watchlists.ts'
export { watchlistRepository } from './repos/watchlists.ts'

// Each adapter module imports its driver (pg, Neon + ws, PGlite's WASM) at its top; importing it only when its
// factory is called means a process loads the one driver createDeps chose, as cache and ml do for their SDKs.

/** PGlite adapter (embedded default); PGlite loads on the first call. */
export async function createPgliteDatabase(options?: PgliteOptions): Promise<SqlDatabase> {
  return (await import('./pglite.ts')).createPgliteDatabase(options)
}

/** PGlite on a worker thread (the embedded default): Postgres' CPU time off the event loop. */
export async function createPgliteWorkerDatabase(options?: PgliteWorkerOptions): Promise<SqlDatabase> {
  return (await import('./pglite-worker.ts')).createPgliteWorkerDatabase(options)
}

/** Runs PGlite's own initdb into `dir` (the template script's source); PGlite loads on the first call. */
export async function pgliteInitdb(dir: string): Promise<void> {
  return (await import('./pglite.ts')).pgliteInitdb(dir)
}

/** node-postgres adapter for self-hosted PostgreSQL; pg loads on the first call. */
export async function createPgDatabase(options: PgOptions): Promise<SqlDatabase> {
  return (await import('./pg.ts')).createPgDatabase(options)
}

/** Neon over HTTP (one round trip per statement, batches, no interactive transactions); Neon loads on the first call. */
export async function createNeonHttpDatabase(options: NeonHttpOptions): Promise<SqlDatabase> {
  return (await import('./neon-http.ts')).createNeonHttpDatabase(options)
}

/** Neon's WebSocket Pool (interactive transactions); Neon and ws load on the first call. */
export async function createNeonWsDatabase(options: NeonWsOptions): Promise<SqlDatabase> {
  return (await import('./neon-ws.ts')).createNeonWsDatabase(options)
}
