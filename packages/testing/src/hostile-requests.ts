/**
 * Hostile requests for the fuzz suite: for each operation of an OpenAPI document (built from the routes' zod
 * schemas), a fast-check arbitrary of a plausible request (path, query, JSON body drawn from the schemas) with up
 * to three values replaced by hostile ones of a named class (NUL, CRLF, huge numbers, NaN strings, deep nesting,
 * wrong types, unicode, year 0, loose integers) and, sometimes, a query parameter given twice.
 */
import fc from 'fast-check'

/** The subset of JSON Schema (draft 2020-12, as zod emits it) the generator reads. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  additionalProperties?: JsonSchema | boolean
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  default?: unknown
}

/** One operation of the document. */
export interface FuzzOperation {
  method: string
  path: string
  parameters: { name: string; in: 'path' | 'query'; schema: JsonSchema }[]
  body?: JsonSchema
}

/** A generated request and the hostile classes it carries ('valid' when none). */
export interface HostileRequest {
  method: string
  url: string
  body?: string
  classes: string[]
}

const deep = (n: number): unknown => {
  let v: unknown = 1
  for (let i = 0; i < n; i++) v = [v]
  return v
}

/** Hostile values by class: what issue 13's clients sent. */
export const HOSTILE: Record<string, readonly unknown[]> = {
  nul: ['\u0000', 'a\u0000b', 'AAPL\u0000'],
  crlf: ['a\r\nb', '\r\n\r\nGET / HTTP/1.1', 'x\nSet-Cookie: a=1'],
  huge_number: [1e308, -1e308, 2 ** 53 + 2, 1e21, Number.MAX_SAFE_INTEGER, -0],
  nan_string: ['NaN', 'Infinity', '-Infinity', 'nan', '1e400'],
  deep_nesting: [deep(100), deep(1_000)],
  wrong_type: [[], {}, true, null, 0, '', [[]], { a: { b: 1 } }],
  unicode: ['\ud800', '😀📈', '\u202eLPAA', 'Ａ', 'é'.normalize('NFD'), 'x'.repeat(10_000)],
  bad_date: ['0000-01-01', '2025-02-30', '9999-12-31', '1899-12-31', '2024-13-01', '-001-01-01', '20240101'],
  loose_int: ['0x10', '1e2', '+5', ' 5', '5.0', '-0', '00012'],
}

const CLASSES = Object.keys(HOSTILE)
const hostile = fc
  .constantFrom(...CLASSES)
  .chain((cls) => fc.constantFrom(...HOSTILE[cls]!).map((value) => ({ cls, value })))

const SAMPLE_STRINGS = [
  'AAPL',
  'KO',
  'MSFT',
  '2023-03-01',
  '2023-06-30',
  'ma_cross',
  'sma_cross',
  'x',
  'task_0',
]
const KEYS = ['fast', 'slow', 'period', 'AAPL', 'KO', 'MSFT', 'x']

/** A plausible value for a schema: small numbers, known symbols and dates, so requests reach the handlers. */
export function fromSchema(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null)
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...s.enum)
  const alts = s.anyOf ?? s.oneOf
  if (alts?.length) return fc.oneof(...alts.map((a) => fromSchema(a, depth + 1)))
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type
  switch (type) {
    case 'string':
      return fc.oneof(fc.constantFrom(...SAMPLE_STRINGS), fc.string({ maxLength: 12 }))
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? s.exclusiveMinimum ?? 0
      const hi = Math.min(s.maximum ?? lo + 50, lo + 50)
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) })
        : fc.double({ min: lo, max: Math.max(lo, hi), noNaN: true })
    }
    case 'boolean':
      return fc.boolean()
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => fromSchema(p, depth + 1)))
      const min = s.minItems ?? 0
      return fc.array(fromSchema(s.items, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)),
      })
    }
    case 'object': {
      if (s.properties) {
        const entries = Object.entries(s.properties)
        const req = new Set(s.required ?? [])
        return fc.record(Object.fromEntries(entries.map(([k, v]) => [k, fromSchema(v, depth + 1)])), {
          requiredKeys: entries.map(([k]) => k).filter((k) => req.has(k)),
        })
      }
      if (typeof s.additionalProperties === 'object')
        return fc.dictionary(fc.constantFrom(...KEYS), fromSchema(s.additionalProperties, depth + 1), {
          maxKeys: 3,
        })
      return fc.constant({})
    }
    default:
      return fc.constantFrom(1, 'x', null)
  }
}

/** Replaces the leaf at `at` (mod the leaf count) of a JSON value, or the value itself when it has none. */
function replaceLeaf(value: unknown, at: number, by: unknown): unknown {
  const leaves: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []
  const walk = (v: unknown) => {
    if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        leaves.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k })
        walk(x)
      }
  }
  walk(value)
  if (leaves.length === 0) return by
  const { parent, key } = leaves[at % leaves.length]!
  ;(parent as Record<string | number, unknown>)[key] = by
  return value
}

// A lone surrogate cannot be percent-encoded as UTF-8: send the bytes a hostile client would (invalid UTF-8).
const encodePath = (t: string) => {
  try {
    return encodeURIComponent(t)
  } catch {
    return '%ED%A0%80'
  }
}

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'))

/** A request for one operation, with up to three hostile replacements and sometimes a duplicated parameter. */
export function hostileRequest(op: FuzzOperation): fc.Arbitrary<HostileRequest> {
  const params = op.parameters.filter((p) => p.name !== 'fields' || p.in === 'query')
  const paramArbs = params.map((p) =>
    p.in === 'path'
      ? fc.oneof(fc.constantFrom('AAPL', 'KO', 'nope', 'task_x'), fc.string({ maxLength: 8 }))
      : fromSchema(p.schema),
  )
  return fc
    .record({
      values: fc.tuple(...paramArbs),
      present: fc.array(fc.boolean(), { minLength: params.length, maxLength: params.length }),
      body: op.body ? fromSchema(op.body) : fc.constant(undefined),
      mutations: fc.array(fc.tuple(fc.nat(), hostile, fc.boolean()), { maxLength: 3 }),
      // one request in eight repeats a parameter (more would hide the other classes behind its 400)
      duplicate: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
    })
    .map(({ values, present, body, mutations, duplicate }) => {
      const classes: string[] = []
      const vals = [...values] as unknown[]
      let b = body === undefined ? undefined : structuredClone(body)
      for (const [at, { cls, value: shared }, inBody] of mutations) {
        classes.push(cls)
        // A copy: a later mutation writing into this value must not change (or make circular) the shared one.
        const value = structuredClone(shared)
        if (inBody && b !== undefined) b = replaceLeaf(b, at, value)
        else if (vals.length) {
          vals[at % vals.length] = value
          present[at % vals.length] = true
        } else if (b !== undefined) b = replaceLeaf(b, at, value)
      }
      let path = op.path
      const query = new URLSearchParams()
      params.forEach((p, i) => {
        const text = asText(vals[i])
        if (p.in === 'path') path = path.replace(`{${p.name}}`, encodePath(text || 'x'))
        else if (present[i]) query.append(p.name, text)
      })
      const names = [...new Set(query.keys())]
      if (duplicate !== null && names.length) {
        const name = names[duplicate % names.length]!
        query.append(name, query.get(name) ?? '1')
        classes.push('duplicate_param')
      }
      const qs = query.toString()
      return {
        method: op.method.toUpperCase(),
        url: `${path}${qs ? `?${qs}` : ''}`,
        body: op.body ? (JSON.stringify(b) ?? 'null') : undefined,
        classes: classes.length ? [...new Set(classes)] : ['valid'],
      }
    })
}

/** The operations of an OpenAPI document, less those `skip` names (`GET /path`). */
export function fuzzOperations(
  doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: FuzzOperation['parameters']
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
        }
      >
    >
  },
  skip: readonly string[] = [],
): FuzzOperation[] {
  const out: FuzzOperation[] = []
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      if (skip.includes(`${method.toUpperCase()} ${path}`)) continue
      out.push({
        method,
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      })
    }
  return out
}

/** Counts per attack class: tried, answered 2xx/3xx, correct 4xx (with the envelope), 5xx. */
export class Tally {
  readonly rows = new Map<
    string,
    { tried: number; ok: number; client4xx: number; server5xx: number; lost: number }
  >()

  /** Adds one outcome under each of its classes. */
  add(classes: readonly string[], outcome: 'ok' | 'client4xx' | 'server5xx' | 'lost'): void {
    for (const c of classes) {
      const r = this.rows.get(c) ?? { tried: 0, ok: 0, client4xx: 0, server5xx: 0, lost: 0 }
      r.tried++
      r[outcome]++
      this.rows.set(c, r)
    }
  }

  /** One line for the lead's table: class tried/4xx/5xx/lost, sorted by class. */
  summary(name: string): string {
    const parts = [...this.rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([c, r]) => `${c} ${r.tried}/${r.client4xx}/${r.server5xx}/${r.lost}`)
    return `${name} tally (class tried/correct4xx/5xx/lost): ${parts.join('; ')}`
  }
}
