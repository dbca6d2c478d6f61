import { createPgliteDatabase } from '@supernova/db'
import { describeMarketHistory } from '@supernova/testing'

describeMarketHistory('pglite', async () => {
  const db = await createPgliteDatabase()
  return { db, close: () => db.close() }
})
