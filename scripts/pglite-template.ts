/**
 * `tsx scripts/pglite-template.ts`: rebuilds packages/db/pglite/pgdata-template.tar.gz, the empty database folder
 * that a new embedded data folder starts from (see packages/db/src/pglite.ts for why). Run it after upgrading
 * @electric-sql/pglite; the PGlite tests fail until the template matches the installed version.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGLITE_TEMPLATE, pgliteInitdb } from '@supernova/db'

const dir = mkdtempSync(join(tmpdir(), 'pglite-template-'))
try {
  await pgliteInitdb(dir)
  // ustar with paths relative to the folder is what PGlite's loadDataDir unpacks.
  execFileSync('tar', ['-C', dir, '--format=ustar', '-czf', PGLITE_TEMPLATE, ...readdirSync(dir)])
  console.log(`wrote ${PGLITE_TEMPLATE}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
