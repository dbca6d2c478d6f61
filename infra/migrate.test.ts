import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrateFunctionSettings, migrationsFingerprint } from './migrate.ts'

const migrations = join(import.meta.dirname, '..', 'packages/db/migrations')
const dir = mkdtempSync(join(tmpdir(), 'sn-migrate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the deploy-time Migrate function', () => {
  it('seeds sample data on development stages only, with the longest Lambda timeout', () => {
    expect(migrateFunctionSettings('dev').environment.SEED_SAMPLE_DATA).toBe('true')
    expect(migrateFunctionSettings('production').environment.SEED_SAMPLE_DATA).toBe('false')
    expect(migrateFunctionSettings('production').timeout).toBe('15 minutes')
    expect(migrateFunctionSettings('dev').handler).toBe('functions/migrate.handler')
  })

  it('is triggered again when a migration is added or edited, and only then', () => {
    const copy = join(dir, 'm')
    cpSync(migrations, copy, { recursive: true })
    const before = migrationsFingerprint(copy)
    expect(before).toMatch(/^[0-9a-f]{64}$/)
    expect(migrationsFingerprint(copy)).toBe(before)
    writeFileSync(join(copy, 'README.txt'), 'not a migration')
    expect(migrationsFingerprint(copy)).toBe(before)
    writeFileSync(join(copy, '999_extra.sql'), 'select 1;')
    const added = migrationsFingerprint(copy)
    expect(added).not.toBe(before)
    writeFileSync(join(copy, '999_extra.sql'), 'select 2;')
    expect(migrationsFingerprint(copy)).not.toBe(added)
  })
})
