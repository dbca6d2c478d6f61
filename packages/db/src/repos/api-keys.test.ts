import { describeApiKeyRepository } from '@supernova/testing'
import { createPgliteDatabase } from '../index.ts'

describeApiKeyRepository('pglite', async () => ({ db: await createPgliteDatabase() }))
