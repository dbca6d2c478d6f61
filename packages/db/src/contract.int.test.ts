import {
  createTestDatabase,
  describeSqlDatabase,
  neonHttpTestDatabase,
  startNeonWsProxy,
} from '@supernova/testing'
import { inject } from 'vitest'
import {
  createNeonWsDatabase,
  createPgDatabase,
  createPgliteDatabase,
  createPgliteWorkerDatabase,
} from './index.ts'

describeSqlDatabase('pglite', async () => ({ db: await createPgliteDatabase() }))

describeSqlDatabase('pglite on a worker thread', async () => ({ db: await createPgliteWorkerDatabase() }))

describeSqlDatabase('pg', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'pg')
  return { db: await createPgDatabase({ connectionString: t.url }), cleanup: t.drop }
})

describeSqlDatabase('neon-ws (Pool through a WebSocket proxy)', async () => {
  const t = await createTestDatabase(inject('pgUrl'), 'neonws')
  const proxy = await startNeonWsProxy()
  const db = await createNeonWsDatabase({ connectionString: t.url, wsProxy: proxy.wsProxy })
  return {
    db,
    cleanup: async () => {
      await proxy.stop()
      await t.drop()
    },
  }
})

describeSqlDatabase('neon-http (SQL over HTTP)', async () => {
  return neonHttpTestDatabase(inject('pgUrl'), 'neonhttp')
})
