export { mapSqlError } from './errors.ts'
export type { Migration } from './migrate.ts'
export { loadMigrations, migrate } from './migrate.ts'
export type { NeonHttpOptions, NeonWsOptions } from './neon.ts'
export { createNeonHttpDatabase, createNeonWsDatabase } from './neon.ts'
export { statementName } from './observe.ts'
export type { PgOptions } from './pg.ts'
export { createPgDatabase } from './pg.ts'
export type { PgliteOptions } from './pglite.ts'
export { createPgliteDatabase, pgliteInitdb } from './pglite.ts'
export { PGLITE_TEMPLATE } from './pglite-template.ts'
export type {
  QueryObserver,
  QueryResult,
  Row,
  SqlAdapterKind,
  SqlDatabase,
  SqlExecutor,
  Statement,
} from './port.ts'
export type { BarQuery, MarketRepository, SymbolQuery } from './repos/market.ts'
export { marketRepository } from './repos/market.ts'
export type { ProfileRepository, StoredProfile } from './repos/profiles.ts'
export { profileRepository } from './repos/profiles.ts'
export { seedSampleData } from './repos/seed.ts'
export type { Watchlist, WatchlistRepository } from './repos/watchlists.ts'
export { watchlistRepository } from './repos/watchlists.ts'
