import { createPgDatabase } from '@supernova/db'
import { createTestDatabase, describeMarketHistory } from '@supernova/testing'
import { inject } from 'vitest'

describeMarketHistory('pg', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'history')
  const db = await createPgDatabase({ connectionString: t.url })
  return {
    db,
    async close() {
      await db.close()
      await t.drop()
    },
  }
})
