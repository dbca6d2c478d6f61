/**
 * Deploy-time database preparation: the stack invokes this function once per deploy in which the migrations
 * changed (stacks/migrate.ts), before traffic reaches new code. It applies pending migrations and, where the
 * stage seeds sample data, the seed; the API, worker and schedule functions skip both on their cold starts.
 * Migrations are additive and checksum-guarded (packages/db/src/migrate.ts), so running it twice is harmless.
 */
import { loadConfig, prepareDatabase } from '@supernova/runtime'

/** What the invocation answers (the deploy log shows it). */
export interface MigrateResult {
  applied: number[]
  seeded: boolean
}

/** The deployed handler: the event is ignored (the Invocation resource sends the migrations' hash). */
export const handler = async (): Promise<MigrateResult> => prepareDatabase(loadConfig())
