import { ValidationError } from '@supernova/core'
import type { Context } from 'hono'

/** A parsed `fields=` selection: `true` keeps the whole value, a map keeps only the named children. */
export type FieldTree = Map<string, FieldTree | true>

/** A response body we already hold in memory: its text or bytes, and for JSON made by `c.json` the value. */
export interface KnownBody {
  body: string | Uint8Array
  value?: unknown
}

// Bodies of responses made by `c.json` (or rebuilt by our middleware) while one of our middlewares is active,
// so field selection, ETags and compression work on the value and text instead of re-reading the body stream
// (which on Node also materialises @hono/node-server's lightweight Response).
const known = new WeakMap<Response, KnownBody>()
const wrapped = new WeakSet<Context>()

/** The in-memory body behind a response, when one of our middlewares saw it being made. */
export const knownBodyOf = (res: Response): KnownBody | undefined => known.get(res)

/** Remembers the in-memory body of a response built by our own middleware. */
export const rememberBody = (res: Response, body: string | Uint8Array, value?: unknown): void => {
  known.set(res, value === undefined ? { body } : { body, value })
}

/** Byte length of a known body (UTF-8 for text). */
export const byteLength = (body: string | Uint8Array): number =>
  typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength

/**
 * The whole body of `c.res` in memory: the known one, or read once from the stream, in which case `c.res` is
 * replaced by an equivalent response whose body is remembered for the next middleware. Null when bodiless.
 */
export async function bufferBody(c: Context): Promise<KnownBody | null> {
  const res = c.res
  const k = known.get(res)
  if (k) return k
  if (!res.body) return null
  const bytes = new Uint8Array(await res.arrayBuffer())
  const out = new Response(bytes, { status: res.status, headers: res.headers })
  known.set(out, { body: bytes })
  c.res = undefined
  c.res = out
  return { body: bytes }
}

/**
 * Wraps `c.json` once per request so the serialised text is kept beside the response (one `JSON.stringify`
 * instead of a later stream read). Same header semantics as Hono's own `c.json`.
 */
export function captureJson(c: Context): void {
  if (wrapped.has(c)) return
  wrapped.add(c)
  const body = c.body
  const json = ((object: unknown, arg?: unknown, headers?: Record<string, string | string[]>) => {
    const text = jsonText(object)
    // biome-ignore lint/suspicious/noExplicitAny: mirrors Hono's overloads of c.json/c.body
    const res = (body as any)(text, arg, { 'Content-Type': 'application/json', ...headers }) as Response
    known.set(res, { body: text, value: object })
    return res
  }) as Context['json']
  c.json = json
}

// JSON text of frozen values (the tiered cache's L1 hands out deep-frozen values): they cannot change, so
// an L1 hit served many times is serialised once.
const frozenText = new WeakMap<object, string>()

/**
 * A value that writes its own JSON text (exactly what JSON.stringify would give for it), e.g. a series held as
 * columns: `jsonText` uses it for top-level members instead of serialising the objects its `toJSON` builds.
 */
export const JSON_TEXT = Symbol.for('supernova.jsonText')

type SelfSerialising = { [JSON_TEXT](): string }
const selfSerialising = (v: object): v is SelfSerialising =>
  typeof (v as Partial<SelfSerialising>)[JSON_TEXT] === 'function'

const textOf = (v: unknown): string | undefined => {
  if (v !== null && typeof v === 'object' && selfSerialising(v)) return v[JSON_TEXT]()
  if (v === null || typeof v !== 'object' || !Object.isFrozen(v)) return JSON.stringify(v)
  // Only arrays and plain objects: a frozen Date (for one) can still change its time.
  if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return JSON.stringify(v)
  let t = frozenText.get(v)
  if (t === undefined) {
    t = JSON.stringify(v)
    frozenText.set(v, t)
  }
  return t
}

/**
 * `JSON.stringify`, except that frozen values, at the top or one level down (a list envelope around a cached
 * page), reuse their memoised text. Same output as JSON.stringify for plain data.
 */
export function jsonText(value: unknown): string {
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.getPrototypeOf(value) !== Object.prototype
  )
    return textOf(value) ?? 'null'
  if (Object.isFrozen(value)) return textOf(value)!
  let out = '{'
  let first = true
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k]
    if (
      v !== null &&
      typeof v === 'object' &&
      !selfSerialising(v) &&
      typeof (v as { toJSON?: unknown }).toJSON === 'function'
    )
      return JSON.stringify(value)
    const t = textOf(v)
    if (t === undefined) continue // undefined, functions and symbols are dropped, as JSON.stringify does
    out += `${first ? '' : ','}${JSON.stringify(k)}:${t}`
    first = false
  }
  return `${out}}`
}

const FIELD_PATH = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*$/
const MAX_FIELDS = 100

/** Parses `a,b.c` into a tree; a malformed list is a ValidationError naming `fields`. */
export function parseFields(raw: string): FieldTree {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  const fail = (message: string, problems: string[]): never => {
    throw new ValidationError(message, {
      details: problems.map((m) => ({ field: 'query.fields', message: m })),
    })
  }
  if (parts.length === 0) fail('query.fields must name at least one field.', ['empty'])
  if (parts.length > MAX_FIELDS)
    fail(`query.fields names more than ${MAX_FIELDS} fields.`, [`at most ${MAX_FIELDS} fields`])
  const bad = parts.filter((p) => !FIELD_PATH.test(p))
  if (bad.length > 0)
    fail(
      `Malformed names in query.fields: ${bad.join(', ')}.`,
      bad.map((f) => `malformed field name '${f}'`),
    )
  const root: FieldTree = new Map()
  for (const p of parts) {
    const segs = p.split('.')
    let node = root
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!
      const last = i === segs.length - 1
      const cur = node.get(seg)
      if (cur === true) break // the whole value is already kept
      if (last) {
        node.set(seg, true)
        break
      }
      const next: FieldTree = cur ?? new Map()
      node.set(seg, next)
      node = next
    }
  }
  return root
}

interface Tracker {
  // dotted paths whose parent was examined as an object at least once
  examined: Set<string>
  // dotted paths present in at least one examined object
  found: Set<string>
  // dotted paths found with a primitive value although sub-fields were asked for
  scalar: Set<string>
  // dotted paths found with an object value at least once
  objects: Set<string>
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function project(value: unknown, tree: FieldTree, prefix: string, t: Tracker | undefined): unknown {
  // selection reads what the JSON would hold (a column series' points, for one)
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    value = (value as { toJSON(): unknown }).toJSON()
  if (Array.isArray(value)) return value.map((v) => project(v, tree, prefix, t))
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, sub] of tree) {
    const path = t ? (prefix ? `${prefix}.${key}` : key) : ''
    t?.examined.add(path)
    if (!Object.hasOwn(value, key)) continue
    t?.found.add(path)
    const v = value[key]
    if (sub === true || v === null || v === undefined) out[key] = v
    else {
      if (typeof v === 'object') t?.objects.add(path)
      else t?.scalar.add(path)
      out[key] = project(v, sub, path, t)
    }
  }
  return out
}

/** Selection without validation, for the rows of a stream after the first has been checked. */
export const projectFields = (value: unknown, tree: FieldTree): unknown => project(value, tree, '', undefined)

const leafPaths = (tree: FieldTree, prefix = ''): string[] =>
  [...tree].flatMap(([k, sub]) => {
    const path = prefix ? `${prefix}.${k}` : k
    return sub === true ? [path] : leafPaths(sub, path)
  })

/** True for the list envelope `{data: [...], has_more, ...}`: selection applies to the items, not the envelope. */
const isEnvelope = (v: unknown): v is { data: unknown[] } & Record<string, unknown> =>
  isPlainObject(v) && Array.isArray(v.data) && 'has_more' in v

/**
 * Keeps only the selected fields of an object, of each object in an array, or of each item of a list envelope.
 * A field no examined object has (or a sub-field of a scalar) is a ValidationError naming it; fields that
 * could not be checked (an empty list, a null parent) pass.
 */
export function selectFields(value: unknown, tree: FieldTree): unknown {
  const t: Tracker = { examined: new Set(), found: new Set(), scalar: new Set(), objects: new Set() }
  const out = isEnvelope(value)
    ? { ...value, data: project(value.data, tree, '', t) }
    : project(value, tree, '', t)
  const unknown = unknownFields(tree, t)
  if (unknown.length > 0)
    throw new ValidationError(`Unknown fields in query.fields: ${unknown.join(', ')}.`, {
      details: unknown.map((f) => ({ field: 'query.fields', message: `unknown field '${f}'`, value: f })),
    })
  return out
}

function unknownFields(tree: FieldTree, t: Tracker): string[] {
  const bad: string[] = []
  for (const path of leafPaths(tree)) {
    // walk from the root: the first segment examined but never found is unknown
    const segs = path.split('.')
    for (let i = 1; i <= segs.length; i++) {
      const p = segs.slice(0, i).join('.')
      if (!t.examined.has(p)) break
      if (!t.found.has(p)) {
        bad.push(p)
        break
      }
      if (i < segs.length && t.scalar.has(p) && !t.objects.has(p)) {
        bad.push(path)
        break
      }
    }
  }
  return [...new Set(bad)]
}

/** The parsed `fields=` of this request, or undefined when absent (checked without parsing the query). */
export function requestedFields(c: Context): FieldTree | undefined {
  if (!c.req.url.includes('fields=')) return undefined
  const raw = c.req.query('fields')
  return raw === undefined ? undefined : parseFields(raw)
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * Applies a parsed selection to `c.res` (a 2xx JSON answer) after the handler ran: synchronous when the body
 * is known (made by `c.json`), a promise only when it has to be read from the stream.
 */
export function applyFieldSelection(c: Context, tree: FieldTree): void | Promise<void> {
  const res = c.res
  if (res.status < 200 || res.status >= 300 || res.status === 204) return
  if (!JSON_TYPE.test(res.headers.get('content-type') ?? '')) return
  const k = knownBodyOf(res)
  if (k?.value !== undefined) return replaceSelected(c, res, k.value, tree)
  return bufferBody(c).then((buffered) => {
    if (!buffered) return
    const b = buffered.body
    replaceSelected(c, c.res, JSON.parse(typeof b === 'string' ? b : new TextDecoder().decode(b)), tree)
  })
}

function replaceSelected(c: Context, res: Response, value: unknown, tree: FieldTree): void {
  const selected = selectFields(value, tree)
  const text = JSON.stringify(selected)
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  headers.delete('etag') // an ETag set by the route described the whole body
  const out = new Response(text, { status: res.status, headers })
  rememberBody(out, text, selected)
  c.res = undefined
  c.res = out
}
