import { readFileSync } from 'node:fs'
import {
  breakingBumped,
  breakingChanges,
  buildApiDocument,
  documentText,
  packageVersion,
  SNAPSHOT_PATH,
} from '@supernova/testing'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { beforeAll, describe, expect, it } from 'vitest'
import { TAGS } from './openapi-components.ts'
import { API_VERSION } from './version.ts'

type Json = Record<string, unknown>
type Op = {
  operationId?: string
  tags?: string[]
  security?: unknown[]
  responses: Record<string, Json>
  requestBody?: { content: Record<string, Json> }
}

let doc: Json & { paths: Record<string, Record<string, Op>>; components: Json }
let routes: { method: string; path: string }[]
const ops: { where: string; method: string; path: string; op: Op }[] = []

beforeAll(async () => {
  const built = await buildApiDocument()
  doc = built.document as typeof doc
  routes = built.routes
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item))
      ops.push({ where: `${method.toUpperCase()} ${path}`, method, path, op })
})

const deref = (node: Json): Json =>
  typeof node.$ref === 'string'
    ? deref(
        (node.$ref as string)
          .slice(2)
          .split('/')
          .reduce((n: Json, k) => n[k] as Json, doc),
      )
    : node

describe('the OpenAPI document', () => {
  it('describes every route the app registers, and nothing else', () => {
    const registered = new Set(
      routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    const documented = new Set(ops.map((o) => o.where))
    expect(
      [...registered].filter((r) => !documented.has(r)),
      'routes missing from the document',
    ).toEqual([])
    expect(
      [...documented].filter((d) => !registered.has(d)),
      'documented operations with no route',
    ).toEqual([])
  })

  it('gives every operation a unique verb-noun operationId, known tags and a security requirement', () => {
    const missing: string[] = []
    const ids = new Map<string, string>()
    for (const { where, path, op } of ops) {
      if (!op.operationId || !/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(op.operationId))
        missing.push(`${where}: operationId`)
      else if (ids.has(op.operationId))
        missing.push(`${where}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`)
      else ids.set(op.operationId, where)
      if (!op.tags?.length || op.tags.some((t) => !TAGS[t]))
        missing.push(`${where}: tags ${op.tags} (known: TAGS)`)
      if (!Array.isArray(op.security)) missing.push(`${where}: security`)
      const expected = path.startsWith('/v1/')
        ? ['apiKey', 'bearerAuth']
        : path.startsWith('/performance/') || path === '/metrics'
          ? ['operatorKey']
          : []
      expect(
        op.security?.flatMap((s) => Object.keys(s as object)),
        where,
      ).toEqual(expected)
    }
    expect(missing).toEqual([])
  })

  it('gives every response a schema and an example that validates against it', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default ? addFormats.default(ajv) : (addFormats as unknown as (a: Ajv2020) => void)(ajv)
    ajv.addSchema({ $id: 'error', ...((doc.components.schemas as Json).Error as Json) })
    const problems: string[] = []
    for (const { where, op } of ops) {
      const bodies = Object.entries(op.responses).map(([status, r]) => [`${status}`, deref(r)] as const)
      if (op.requestBody) bodies.push(['request body', op.requestBody as Json])
      for (const [what, r] of bodies) {
        if (what === '204' || what === '304') continue
        const content = r.content as Record<string, Json> | undefined
        if (!content) {
          problems.push(`${where} ${what}: no content`)
          continue
        }
        for (const [type, media] of Object.entries(content)) {
          if (!media.schema || media.example === undefined) {
            problems.push(`${where} ${what} ${type}: schema and example needed`)
            continue
          }
          const schema = JSON.parse(
            JSON.stringify(media.schema).replaceAll('#/components/schemas/Error', 'error'),
          )
          const validate = ajv.compile(schema)
          if (!validate(media.example))
            problems.push(`${where} ${what} ${type}: ${ajv.errorsText(validate.errors)}`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('declares the error envelope, the shared parameters and the three security schemes as components', () => {
    expect(Object.keys(doc.components.securitySchemes as Json).sort()).toEqual([
      'apiKey',
      'bearerAuth',
      'operatorKey',
    ])
    expect(Object.keys(doc.components.parameters as Json)).toEqual(
      expect.arrayContaining(['Fields', 'Limit', 'Cursor', 'Offset', 'IfNoneMatch', 'AcceptEncoding']),
    )
    const statuses = new Set(ops.flatMap((o) => Object.keys(o.op.responses)))
    for (const s of ['400', '401', '403', '404', '409', '413', '414', '415', '429', '500', '503', '504'])
      expect(statuses.has(s), s).toBe(true)
  })

  it('carries the root package.json version as info.version', () => {
    expect(API_VERSION).toBe(packageVersion())
    expect((doc.info as Json).version).toBe(API_VERSION)
  })
})

describe('versioning against packages/api/openapi.snapshot.json', () => {
  it('matches the committed snapshot, or fails naming the breaking changes (run `npm run api:snapshot`)', () => {
    const snapshot = JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')) as Json & { info: { version: string } }
    const breaking = breakingChanges(snapshot, doc)
    const bumped = breakingBumped(snapshot.info.version, API_VERSION)
    expect(
      bumped ? [] : breaking,
      'breaking changes need a major version bump (root package.json + packages/api/src/version.ts)',
    ).toEqual([])
    expect(
      readFileSync(SNAPSHOT_PATH, 'utf8') === documentText(doc),
      'snapshot is stale: run `npm run api:snapshot`',
    ).toBe(true)
  })
})
