import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPglite } from './pglite.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-pglite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('openPglite', () => {
  it('starts a new data folder from the shipped template, which the installed PGlite opens', async () => {
    const { pg, from } = await openPglite(dir)
    expect(from).toBe('template')
    expect(readFileSync(join(dir, 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 16MB/m)
    const settings = await pg.query<{ name: string; setting: string }>(
      "select name, current_setting(name) as setting from unnest(array['shared_buffers', 'max_connections']) as name",
    )
    expect(settings.rows).toEqual([
      { name: 'shared_buffers', setting: '16MB' },
      { name: 'max_connections', setting: '10' },
    ])
    await pg.exec('create table kept (x int); insert into kept values (42)')
    await pg.close()
  })

  it('reopens the folder with its data', async () => {
    const { pg, from } = await openPglite(dir)
    expect(from).toBe('existing')
    expect((await pg.query<{ x: number }>('select x from kept')).rows).toEqual([{ x: 42 }])
    await pg.close()
  })

  it('opens an in-memory database from the template too', async () => {
    const { pg, from } = await openPglite()
    expect(from).toBe('template')
    expect((await pg.query('select count(*)::int as n from pg_database')).rows).toEqual([{ n: 3 }])
    await pg.close()
  })
})
