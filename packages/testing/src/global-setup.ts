import type { TestProject } from 'vitest/node'
import { startPostgres } from './postgres.ts'
import { provision } from './provision.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL started for this test run. */
    pgUrl: string
  }
}

/**
 * Once per run, before any test file: provision what the tests need (installing what is missing, or stopping
 * with the command to run), then one real PostgreSQL for the whole run; each test file makes its own database
 * with createTestDatabase().
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now()
  const tools = await provision({ log: (line) => console.log(line) })
  const pg = tools.postgres
  console.log(
    `provision: ready in ${Math.round(performance.now() - started)} ms; PostgreSQL ${pg.npmPackage ?? pg.binDir} ` +
      `(${pg.source}), ${tools.redisServer}, ${tools.chromium}`,
  )
  const pgServer = await startPostgres(pg)
  project.provide('pgUrl', pgServer.url)
  return async () => {
    await pgServer.stop()
  }
}
