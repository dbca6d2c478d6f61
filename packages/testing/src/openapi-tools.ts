import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createApp, documentOf } from '@supernova/api'
import { createPgliteDatabase } from '@supernova/db'
import { buildAppDeps } from '@supernova/runtime'

type Json = Record<string, unknown>

/** The repository root (scripts and tests write the snapshot and the generated client relative to it). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..')
/** The committed document the versioning check compares against (`npm run api:snapshot` rewrites it). */
export const SNAPSHOT_PATH = join(REPO_ROOT, 'packages/api/openapi.snapshot.json')
/** The client's generated types (`npm run client:generate` rewrites them). */
export const CLIENT_SCHEMA_PATH = join(REPO_ROOT, 'packages/client/src/http/schema.ts')

/** The app's document and routes, built in-process over an empty in-memory database (no server, no data). */
export async function buildApiDocument(): Promise<{
  document: Json
  routes: { method: string; path: string }[]
}> {
  const db = await createPgliteDatabase()
  try {
    const app = createApp(buildAppDeps(db))
    return { document: documentOf(app), routes: app.routes.map(({ method, path }) => ({ method, path })) }
  } finally {
    await db.close()
  }
}

/** The document as committed: stable key order is what the builder writes, two-space JSON and a newline. */
export const documentText = (document: Json) => `${JSON.stringify(document, null, 2)}\n`

/** The root package.json version (the document's info.version must equal it). */
export const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version

/** packages/client/src/http/schema.ts as openapi-typescript writes it from the document. */
export async function generateClientTypes(document: Json): Promise<string> {
  // loaded on demand: only the generator script and its staleness test need it
  const { default: openapiTS, astToString } = await import('openapi-typescript')
  const ast = await openapiTS(document as never, { alphabetize: false, exportType: true })
  return (
    '// Generated from the API document by `npm run client:generate` (openapi-typescript); do not edit.\n' +
    '// A test fails when this file is stale.\n\n' +
    astToString(ast)
  )
}
