/**
 * load/supernova.yml's scenarios for the open-loop generator (open-loop.ts): the same file Artillery runs, read and
 * interpreted here, so both generators send the same workflows, weights and inputs (processor.js's pickers, the
 * headline payload). Covered: get/post/put/patch/delete with `json`, `headers`, `name` and `$.field` captures,
 * `function`, `think`, `loop` with `whileTrue`, and the ws engine's `connect.function` plus `function` steps.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseYaml } from 'yaml'
import { root } from './server.ts'

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const
type Method = (typeof METHODS)[number]

/** One HTTP request of a flow, before its templates are filled. */
export interface RequestStep {
  kind: 'request'
  method: Method
  url: string
  name: string
  json?: unknown
  headers?: Record<string, string>
  capture: { path: string; as: string }[]
}

/** A flow's step. */
export type Step =
  | RequestStep
  | { kind: 'function'; name: string }
  | { kind: 'think'; seconds: number }
  | { kind: 'loop'; steps: Step[]; whileTrue: string }
  | { kind: 'connect'; function: string }

export interface Scenario {
  name: string
  weight: number
  engine: 'http' | 'ws'
  flow: Step[]
}

export interface Workflow {
  scenarios: Scenario[]
  /** Rows of the payload file, one picked at random per user (`order: random`). */
  payload: Record<string, string>[]
}

type Raw = Record<string, unknown>

function toCapture(raw: unknown): { path: string; as: string }[] {
  if (raw === undefined) return []
  return (Array.isArray(raw) ? raw : [raw]).map((c: Raw) => {
    const path = String(c.json ?? '')
    if (!/^\$\.\w+$/.test(path)) throw new Error(`capture ${path}: only "$.field" is supported`)
    return { path: path.slice(2), as: String(c.as) }
  })
}

function toStep(raw: Raw): Step {
  for (const method of METHODS) {
    const r = raw[method] as Raw | undefined
    if (!r) continue
    const url = String(r.url)
    return {
      kind: 'request',
      method,
      url,
      name: String(r.name ?? `${method.toUpperCase()} ${url}`),
      json: r.json,
      headers: r.headers as Record<string, string> | undefined,
      capture: toCapture(r.capture),
    }
  }
  if (typeof raw.function === 'string') return { kind: 'function', name: raw.function }
  if (raw.think !== undefined) return { kind: 'think', seconds: Number(raw.think) }
  if (Array.isArray(raw.loop))
    return { kind: 'loop', steps: raw.loop.map((s: Raw) => toStep(s)), whileTrue: String(raw.whileTrue) }
  const connect = raw.connect as Raw | undefined
  if (connect && typeof connect.function === 'string') return { kind: 'connect', function: connect.function }
  throw new Error(`a step this generator does not interpret: ${JSON.stringify(raw)}`)
}

/** Reads a scenario file (default load/supernova.yml) and its first payload file. */
export function readWorkflow(file = join(root, 'load', 'supernova.yml')): Workflow {
  const doc = parseYaml(readFileSync(file, 'utf8')) as Raw
  const config = doc.config as Raw
  const scenarios = (doc.scenarios as Raw[]).map((s) => ({
    name: String(s.name),
    weight: Number(s.weight ?? 1),
    engine: s.engine === 'ws' ? ('ws' as const) : ('http' as const),
    flow: (s.flow as Raw[]).map(toStep),
  }))
  const p = (config.payload as Raw[] | undefined)?.[0]
  const payload: Record<string, string>[] = []
  if (p) {
    const rows = parseCsv(readFileSync(join(root, 'load', String(p.path)), 'utf8'), {
      from_line: p.skipHeader ? 2 : 1,
    }) as string[][]
    const fields = p.fields as string[]
    for (const row of rows) payload.push(Object.fromEntries(fields.map((f, i) => [f, row[i] ?? ''])))
  }
  return { scenarios, payload }
}

const WHOLE = /^\{\{\s*([$\w]+)\s*\}\}$/
const PART = /\{\{\s*([$\w]+)\s*\}\}/g

function lookup(name: string, vars: Record<string, unknown>): unknown {
  if (name === '$uuid') return crypto.randomUUID()
  return vars[name]
}

/**
 * Fills Artillery-style `{{ name }}` templates: a string that is one template becomes the variable's own value (an
 * array stays an array, as in Artillery), otherwise each template is replaced by its text; objects and arrays are
 * filled throughout. A missing variable is an error, so a failed capture does not send "undefined" to the server.
 */
export function fill(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value)
    const get = (name: string) => {
      const v = lookup(name, vars)
      if (v === undefined) throw new Error(`template variable ${name} is not set`)
      return v
    }
    if (whole) return get(whole[1]!)
    return value.replace(PART, (_, name: string) => String(get(name)))
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]))
  return value
}

/** Picks a scenario by weight (`u` uniform in [0, 1)). */
export function pickScenario(scenarios: Scenario[], u: number): Scenario {
  const total = scenarios.reduce((a, s) => a + s.weight, 0)
  let x = u * total
  for (const s of scenarios) {
    x -= s.weight
    if (x < 0) return s
  }
  return scenarios.at(-1)!
}
