export { mapSqlError } from './errors.ts'
export type { Migration } from './migrate.ts'
export { loadMigrations, migrate } from './migrate.ts'
export type { NeonHttpOptions, NeonWsOptions } from './neon.ts'
export { createNeonHttpDatabase, createNeonWsDatabase } from './neon.ts'
export { statementName } from './observe.ts'
export type { PgOptions } from './pg.ts'
export { createPgDatabase } from './pg.ts'
export type { PgliteOptions } from './pglite.ts'
export { createPgliteDatabase } from './pglite.ts'
export type {
  QueryObserver,
  QueryResult,
  Row,
  SqlAdapterKind,
  SqlDatabase,
  SqlExecutor,
  Statement,
} from './port.ts'
