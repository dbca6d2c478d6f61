import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createTestDatabase } from '@supernova/testing'
import { afterAll, describe, expect, inject, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))
const root = resolve(here, '../../..')
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Builds deps for `env` in a fresh Node process and returns which driver packages it loaded. */
async function driversLoaded(env: Record<string, string>): Promise<{ shape: string; packages: Set<string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sn-drivers-'))
  dirs.push(dir)
  const log = join(dir, 'loaded.txt')
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      join(here, '../test/record-loads.mjs'),
      join(here, '../test/create-deps-child.ts'),
      JSON.stringify({ SUPERNOVA_DATA_DIR: dir, SEED_SAMPLE_DATA: 'false', LOG_LEVEL: 'silent', ...env }),
    ],
    { cwd: root, env: { ...process.env, SN_LOAD_LOG: log } },
  )
  const packages = new Set<string>()
  for (const url of readFileSync(log, 'utf8').split('\n')) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
    if (m) packages.add(m[1]!)
  }
  return { shape: (JSON.parse(stdout.trim().split('\n').at(-1)!) as { shape: string }).shape, packages }
}

const OTHER_SDKS = ['ioredis', '@upstash/redis', '@aws-sdk/client-sagemaker-runtime']
// `ws` is loaded on servers by the realtime hub (WebSocket /v1/realtime), so Neon's WebSocket driver is told apart
// by @neondatabase/serverless alone.

describe('createDeps loads only the database driver it chose', () => {
  it('embedded: PGlite, and neither pg nor Neon', async () => {
    const { shape, packages } = await driversLoaded({})
    expect(shape).toBe('embedded')
    expect(packages).toContain('@electric-sql/pglite')
    for (const p of ['pg', '@neondatabase/serverless', ...OTHER_SDKS]) expect(packages).not.toContain(p)
  }, 120_000)

  it('cluster: pg, and neither PGlite nor Neon', async () => {
    const db = await createTestDatabase(inject('pgUrl'), 'drivers')
    try {
      const { shape, packages } = await driversLoaded({ DATABASE_URL: db.url })
      expect(shape).toBe('cluster')
      expect(packages).toContain('pg')
      for (const p of ['@electric-sql/pglite', '@neondatabase/serverless', ...OTHER_SDKS])
        expect(packages).not.toContain(p)
    } finally {
      await db.drop()
    }
  }, 120_000)
})
