import { createTestDatabase, describeApiKeyRepository, startNeonHttpEndpoint } from '@supernova/testing'
import { inject } from 'vitest'
import { createNeonHttpDatabase, createPgDatabase } from '../index.ts'

describeApiKeyRepository('pg', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'keys_pg')
  return { db: await createPgDatabase({ connectionString: t.url }), cleanup: t.drop }
})

// Neon over HTTP has no interactive transactions: creation and rotation must hold as atomic batches.
describeApiKeyRepository('neon-http (SQL over HTTP)', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'keys_neon')
  const endpoint = await startNeonHttpEndpoint(Number(new URL(t.url).port))
  const db = await createNeonHttpDatabase({ connectionString: t.url, fetchEndpoint: () => endpoint.url })
  return {
    db,
    cleanup: async () => {
      await endpoint.stop()
      await t.drop()
    },
  }
})
