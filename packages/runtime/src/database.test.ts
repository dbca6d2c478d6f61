import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'
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

  it('opens a folder for one process: a second open is refused while the first holds it, then allowed', async () => {
    const own = join(dir, 'shared')
    const config = loadConfig({ SUPERNOVA_DATA_DIR: own, PGLITE_THREAD: 'worker' })
    const first = await openDatabase(config)
    try {
      // this process holds it; a second process is what the lock stops, so act as one: the lock names another PID
      const { writeFileSync } = await import('node:fs')
      writeFileSync(join(own, 'pgdata.lock'), `${process.ppid}\n`)
      const second = await openDatabase(config).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(second).toBeInstanceOf(ConfigError)
      expect((second as Error).message).toContain(`SUPERNOVA_DATA_DIR: The database folder`)
      expect((second as Error).message).toContain(`in use by process ${process.ppid}`)
      writeFileSync(join(own, 'pgdata.lock'), `${process.pid}\n`)
    } finally {
      await first.db.close()
    }
    // closing released it
    expect(existsSync(join(own, 'pgdata.lock'))).toBe(false)
    const again = await openDatabase(config)
    expect((await again.db.query<{ n: number }>('select 2 as n')).rows[0]!.n).toBe(2)
    await again.db.close()
  }, 60_000)

  it('a folder PGlite cannot open is a ConfigError naming it and what to do, and leaves no lock behind', async () => {
    const damaged = join(dir, 'damaged')
    const { mkdirSync, writeFileSync } = await import('node:fs')
    mkdirSync(join(damaged, 'pgdata'), { recursive: true })
    writeFileSync(join(damaged, 'pgdata', 'PG_VERSION'), '17\n') // a data folder with nothing else in it
    const err = await openDatabase(loadConfig({ SUPERNOVA_DATA_DIR: damaged, PGLITE_THREAD: 'worker' })).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain(
      `The embedded database in ${join(damaged, 'pgdata')} could not be opened`,
    )
    expect((err as Error).message).toContain('move it aside')
    expect(existsSync(join(damaged, 'pgdata.lock'))).toBe(false)
  }, 60_000)
})
