import type { TestProject } from 'vitest/node'
import { startPostgres } from './postgres.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL started for this test run. */
    pgUrl: string
  }
}

/** One real PostgreSQL for the whole test run; each test file makes its own database with createTestDatabase(). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgServer = await startPostgres()
  project.provide('pgUrl', pgServer.url)
  return async () => {
    await pgServer.stop()
  }
}
