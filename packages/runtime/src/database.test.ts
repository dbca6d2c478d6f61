import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { openDatabase } from './database.ts'

const dir = mkdtempSync(join(tmpdir(), 'sn-open-db-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('openDatabase (embedded PGlite)', () => {
  it("runs PGlite on the event loop when its worker thread cannot start, and says so in the adapter's line", async () => {
    const config = loadConfig({ SUPERNOVA_DATA_DIR: dir, PGLITE_THREAD: 'worker' })
    const { db, description } = await openDatabase(config, async () => {
      throw new Error('no thread entry in this bundle')
    })
    try {
      expect(description).toContain(
        'on the event loop: the worker thread did not start (no thread entry in this bundle)',
      )
      expect((await db.query<{ n: number }>('select 1 + 1 as n')).rows[0]!.n).toBe(2)
    } finally {
      await db.close()
    }
  }, 60_000)
})
