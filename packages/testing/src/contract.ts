import { promisify } from 'node:util'
import * as zlib from 'node:zlib'
import type { ResponseObserver } from '@supernova/api'
import type { ValidateFunction } from 'ajv'

type Json = Record<string, unknown>

/** Per-process tally of the runtime contract check (kept on globalThis so every module copy shares it). */
export interface ContractTally {
  validated: number
  skipped: Record<string, number>
  violations: string[]
  pending: Set<Promise<void>>
}

const KEY = Symbol.for('supernova.contract')
const g = globalThis as { [KEY]?: ContractTally }
g[KEY] ??= { validated: 0, skipped: {}, violations: [], pending: new Set() }
const tally: ContractTally = g[KEY]

/** Largest body the check reads; bigger NDJSON streams are checked line by line up to here. */
const MAX_BODY = 8 * 1024 * 1024

const decoders: Record<string, ((b: Buffer) => Promise<Buffer>) | undefined> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
  zstd: (zlib as { zstdDecompress?: typeof zlib.gunzip }).zstdDecompress
    ? promisify((zlib as unknown as { zstdDecompress: typeof zlib.gunzip }).zstdDecompress)
    : undefined,
}

let ajvReady: Promise<{ compile(schema: Json): ValidateFunction }> | undefined
const compiled = new WeakMap<object, { full?: ValidateFunction; partial?: ValidateFunction }>()

function ajv() {
  ajvReady ??= (async () => {
    // loaded on first use: test files that make no app pay nothing
    const { Ajv2020 } = await import('ajv/dist/2020.js')
    const { default: addFormats } = await import('ajv-formats')
    const a = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
    addFormats.default ? addFormats.default(a) : (addFormats as unknown as (x: unknown) => void)(a)
    return a
  })()
  return ajvReady
}

/** Resolves `#/components/...` references of the document (the ones the builder writes). */
function deref(doc: Json, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((x) => deref(doc, x))
  if (!node || typeof node !== 'object') return node
  const ref = (node as Json).$ref
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let target: unknown = doc
    for (const part of ref.slice(2).split('/'))
      target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
    return deref(doc, target)
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(doc, v)]))
}

/** Drops every `required`: a `fields` selection keeps only some members, but their types must still hold. */
function partialOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(partialOf)
  if (!node || typeof node !== 'object') return node
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k !== 'required')
      .map(([k, v]) => [k, partialOf(v)]),
  )
}

async function validatorFor(schema: Json, partial: boolean): Promise<ValidateFunction> {
  const entry = compiled.get(schema) ?? {}
  compiled.set(schema, entry)
  const key = partial ? 'partial' : 'full'
  entry[key] ??= (await ajv()).compile((partial ? partialOf(schema) : schema) as Json)
  return entry[key]!
}

const pathMatchers = new WeakMap<object, { re: RegExp; path: string; literal: number }[]>()

/** The document's path template a request path falls under (literal segments win over templated ones). */
function templateOf(doc: Json, pathname: string): string | undefined {
  let list = pathMatchers.get(doc)
  if (!list) {
    list = Object.keys(doc.paths as Json).map((path) => ({
      path,
      re: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}$`),
      literal: path.split('/').filter((s) => s && !s.startsWith('{')).length,
    }))
    list.sort((a, b) => b.literal - a.literal)
    pathMatchers.set(doc, list)
  }
  return list.find((m) => m.re.test(pathname))?.path
}

async function readBody(res: Response): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  const reader = res.body?.getReader()
  if (!reader) return ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(Buffer.from(value))
    size += value.byteLength
    if (size > MAX_BODY) {
      await reader.cancel()
      break
    }
  }
  let bytes: Buffer = Buffer.concat(chunks)
  const coding = res.headers.get('content-encoding')?.trim().toLowerCase()
  if (coding && coding !== 'identity') {
    const decode = decoders[coding]
    if (!decode) throw new Error(`cannot decode content-encoding ${coding}`)
    bytes = await decode(bytes)
  }
  return bytes.toString('utf8')
}

const skip = (why: string): undefined => {
  tally.skipped[why] = (tally.skipped[why] ?? 0) + 1
}

const errorsOf = (v: ValidateFunction) =>
  (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ')

/** Checks one exchange against the document; returns the problem, or undefined when the response conforms. */
async function check(request: Request, res: Response, doc: Json): Promise<string | undefined> {
  const url = new URL(request.url)
  const method = request.method.toLowerCase()
  if (method === 'options') return skip('preflight')
  const template = templateOf(doc, url.pathname)
  const op = template
    ? ((doc.paths as Json)[template] as Json)[method === 'head' ? 'get' : method]
    : undefined
  if (!op) {
    await res.body?.cancel()
    if (res.status === 404 || res.status === 405) return skip('no route (404/405)')
    return 'the document describes no operation for this request'
  }
  const responses = (op as Json).responses as Json
  const status = String(res.status)
  const declared = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default
  if (!declared) {
    await res.body?.cancel()
    return `status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`
  }
  const content = (deref(doc, declared) as Json).content as Record<string, Json> | undefined
  if (res.status === 204 || res.status === 304 || method === 'head' || !content) {
    const text = await readBody(res)
    if (text !== '' && method !== 'head') return `a body came back where ${status} declares none`
    tally.validated++
    return
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const media = content[type]
  if (!media) {
    await res.body?.cancel()
    return `content-type ${type || '(none)'} is not declared for ${status} (declared: ${Object.keys(content).join(', ')})`
  }
  if (type === 'text/event-stream') {
    // endless by design: its headers are checked, its events are not read
    await res.body?.cancel()
    return skip('event stream')
  }
  const text = await readBody(res)
  const validate = await validatorFor(media.schema as Json, url.searchParams.has('fields'))
  const docs: unknown[] = []
  if (type === 'application/x-ndjson') {
    for (const line of text.split('\n')) if (line.trim()) docs.push(JSON.parse(line))
  } else docs.push(/json$/.test(type) ? JSON.parse(text) : text)
  for (const [i, body] of docs.entries())
    if (!validate(body))
      return `body${docs.length > 1 ? ` line ${i + 1}` : ''} breaks the schema: ${errorsOf(validate)}`
  tally.validated++
}

/**
 * The runtime contract check createTestAppDeps wires into every test app: each response is validated against
 * the operation the app's OpenAPI document declares for it (status, media type, body schema). Violations are
 * collected and thrown by drainContract() after each test, so the test that caused one fails.
 */
export const observeContract: ResponseObserver = ({ request, response, document }) => {
  const where = `${request.method} ${new URL(request.url).pathname}${new URL(request.url).search} -> ${response.status}`
  const p = check(request, response, document)
    .then((problem) => {
      if (problem) tally.violations.push(`${where}: ${problem}`)
    })
    .catch((e) => {
      tally.violations.push(`${where}: could not check: ${(e as Error).message}`)
    })
    .finally(() => tally.pending.delete(p))
  tally.pending.add(p)
}

/** Waits for checks in flight (bodies still being read give up after a while) and throws if any response broke the contract. */
export async function drainContract(waitMs = 3000): Promise<void> {
  if (tally.pending.size) {
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled([...tally.pending]),
      new Promise((r) => {
        timer = setTimeout(r, waitMs)
      }),
    ])
    clearTimeout(timer)
  }
  const found = tally.violations.splice(0)
  if (found.length)
    throw new Error(
      `Responses that break the OpenAPI contract (packages/api/src/openapi.ts):\n  ${found.join('\n  ')}`,
    )
}

/** Counts so far in this process: responses validated, and those skipped by reason. */
export const contractCounts = () => ({ validated: tally.validated, skipped: { ...tally.skipped } })
