import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startPostgres } from './postgres.ts'
import { provision } from './provision.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL started for this test run. */
    pgUrl: string
    /** Folder where each test file appends its runtime-contract counts (contract-setup.ts). */
    contractDir: string
  }
}

/**
 * Once per run, before any test file: provision what the tests need (installing what is missing, or stopping
 * with the command to run), then one real PostgreSQL for the whole run; each test file makes its own database
 * with createTestDatabase().
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now()
  const tools = await provision({ log: (line) => console.log(line) })
  const pg = tools.postgres
  console.log(
    `provision: ready in ${Math.round(performance.now() - started)} ms; PostgreSQL ${pg.npmPackage ?? pg.binDir} ` +
      `(${pg.source}), ${tools.redisServer}, ${tools.chromium}`,
  )
  const pgServer = await startPostgres(pg)
  project.provide('pgUrl', pgServer.url)
  const contractDir = mkdtempSync(join(tmpdir(), 'supernova-contract-'))
  project.provide('contractDir', contractDir)
  return async () => {
    await pgServer.stop()
    printContractCounts(contractDir)
  }
}

/** One line per run: how many responses the suite validated against /openapi.json, and what it could not read. */
function printContractCounts(dir: string) {
  let lines: string[] = []
  try {
    lines = readFileSync(join(dir, 'counts.ndjson'), 'utf8').split('\n').filter(Boolean)
  } catch {}
  rmSync(dir, { recursive: true, force: true })
  let validated = 0
  const skipped: Record<string, number> = {}
  for (const line of lines) {
    const c = JSON.parse(line) as { validated: number; skipped: Record<string, number> }
    validated += c.validated
    for (const [k, v] of Object.entries(c.skipped)) skipped[k] = (skipped[k] ?? 0) + v
  }
  const rest = Object.entries(skipped).map(([k, v]) => `${v} ${k}`)
  console.log(
    `contract: ${validated} responses validated against the OpenAPI document` +
      (rest.length ? ` (not validated: ${rest.join(', ')})` : ''),
  )
}
