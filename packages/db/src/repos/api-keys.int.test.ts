import { createTestDatabase, describeApiKeyRepository, neonHttpTestDatabase } from '@supernova/testing'
import { inject } from 'vitest'
import { createPgDatabase } from '../index.ts'

describeApiKeyRepository('pg', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'keys_pg')
  return { db: await createPgDatabase({ connectionString: t.url }), cleanup: t.drop }
})

// Neon over HTTP has no interactive transactions: creation and rotation must hold as atomic batches.
describeApiKeyRepository('neon-http (SQL over HTTP)', async () => {
  return neonHttpTestDatabase(inject('pgUrl'), 'keys_neon')
})
