// The API contract's tooling, all from the document built in-process (no server):
//   tsx scripts/openapi.ts lint       @redocly/cli lint, recommended rules; any error or warning fails
//   tsx scripts/openapi.ts snapshot   rewrite packages/api/openapi.snapshot.json (refused for a breaking change
//                                     without a major version bump)
//   tsx scripts/openapi.ts client     regenerate packages/client/src/http/schema.ts (openapi-typescript)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  breakingBumped,
  breakingChanges,
  buildApiDocument,
  CLIENT_SCHEMA_PATH,
  documentText,
  generateClientTypes,
  REPO_ROOT,
  SNAPSHOT_PATH,
} from '@supernova/testing'

type Problem = { ruleId: string; severity: string; message: string; location: { pointer: string }[] }

async function lint(): Promise<number> {
  const { document } = await buildApiDocument()
  const dir = mkdtempSync(join(tmpdir(), 'supernova-openapi-'))
  const file = join(dir, 'openapi.json')
  writeFileSync(file, documentText(document))
  let out: string
  try {
    out = execFileSync(
      join(REPO_ROOT, 'node_modules/.bin/redocly'),
      ['lint', file, '--config', join(REPO_ROOT, 'redocly.yaml'), '--format=json'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        // offline and quiet: no usage telemetry, no update check
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    )
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? ''
    if (!out) throw e
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const problems = (JSON.parse(out) as { problems: Problem[] }).problems
  for (const p of problems)
    console.log(`${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)
  const errors = problems.filter((p) => p.severity === 'error').length
  console.log(
    `api:lint (@redocly/cli, recommended): ${errors} errors, ${problems.length - errors} warnings in ` +
      `${Object.keys(document.paths as object).length} paths`,
  )
  return problems.length ? 1 : 0
}

async function snapshot(): Promise<number> {
  const { document } = await buildApiDocument()
  if (existsSync(SNAPSHOT_PATH)) {
    const before = JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8'))
    const breaking = breakingChanges(before, document)
    const from = before.info.version as string
    const to = (document.info as { version: string }).version
    if (breaking.length && !breakingBumped(from, to)) {
      console.error(
        `Refused: ${breaking.length} breaking change(s) need a major version bump (root package.json and ` +
          `packages/api/src/version.ts; ${from} -> ?):\n  ${breaking.join('\n  ')}`,
      )
      return 1
    }
  }
  writeFileSync(SNAPSHOT_PATH, documentText(document))
  console.log(`wrote ${SNAPSHOT_PATH}`)
  return 0
}

async function client(): Promise<number> {
  const { document } = await buildApiDocument()
  writeFileSync(CLIENT_SCHEMA_PATH, await generateClientTypes(document))
  console.log(`wrote ${CLIENT_SCHEMA_PATH}`)
  return 0
}

const commands: Record<string, () => Promise<number>> = { lint, snapshot, client }
const run = commands[process.argv[2] ?? '']
if (!run) {
  console.error(`usage: tsx scripts/openapi.ts ${Object.keys(commands).join('|')}`)
  process.exit(2)
}
process.exitCode = await run()
