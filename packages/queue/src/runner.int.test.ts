import { createPgDatabase, createPgliteDatabase } from '@supernova/db'
import { createTestDatabase, describeTaskRunner, neonHttpTestDatabase } from '@supernova/testing'
import { inject } from 'vitest'

describeTaskRunner('pglite', async () => ({ db: await createPgliteDatabase() }))

describeTaskRunner('pg', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'tasks')
  return { db: await createPgDatabase({ connectionString: t.url, max: 20 }), cleanup: t.drop }
})

// Neon over HTTP has no interactive transactions: every claim, renewal and outcome is one statement.
describeTaskRunner(
  'neon-http (SQL over HTTP)',
  async () => {
    return neonHttpTestDatabase(inject('pgUrl'), 'tasksneon')
  },
  { bulk: 300 },
) // every statement is an HTTP round trip here; the volume runs on pg and PGlite
