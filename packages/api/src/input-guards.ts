/**
 * Checks every request input gets before its schema: JSON nesting depth, characters Postgres cannot store (NUL),
 * and query parameters given more than once where one value is expected. Each failure is a 400 naming the field.
 */
import { ValidationError } from '@supernova/core'
import { z } from 'zod'

/** Deepest JSON nesting a body may have (no route schema goes past a handful of levels). */
export const MAX_JSON_DEPTH = 64

const fieldOf = (path: readonly (string | number)[]) => path.map(String).join('.')

/**
 * Rejects NUL characters (Postgres text cannot hold U+0000: it answers sqlstate 22021) in strings and keys, and
 * nesting past MAX_JSON_DEPTH. Walks with an explicit stack, so a 10,000-deep body cannot overflow ours.
 */
export function checkJsonValue(value: unknown, where: string, maxDepth = MAX_JSON_DEPTH): void {
  // Frames hold their parent, so a path is built only for the error; numbers never make a frame (inline price
  // series carry hundreds of thousands of them).
  type Frame = { v: object; depth: number; key: string | number; up: Frame | undefined }
  const pathOf = (f: Frame | undefined, ...tail: (string | number)[]) => {
    const out: (string | number)[] = tail
    for (let x = f; x; x = x.up) out.unshift(x.key)
    return out
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw nul([where])
    return
  }
  if (value === null || typeof value !== 'object') return
  const stack: Frame[] = [{ v: value, depth: 0, key: where, up: undefined }]
  while (stack.length) {
    const f = stack.pop()!
    if (f.depth >= maxDepth)
      throw new ValidationError(`${fieldOf(pathOf(f))} is nested more than ${maxDepth} levels deep.`, {
        details: [{ field: fieldOf(pathOf(f)), message: `nesting deeper than ${maxDepth}` }],
      })
    const visit = (x: unknown, key: string | number) => {
      if (typeof x === 'string') {
        if (x.includes('\u0000')) throw nul(pathOf(f, key))
      } else if (x !== null && typeof x === 'object') stack.push({ v: x, depth: f.depth + 1, key, up: f })
    }
    if (Array.isArray(f.v)) for (let i = 0; i < f.v.length; i++) visit(f.v[i], i)
    else
      for (const k in f.v) {
        if (k.includes('\u0000')) throw nul(pathOf(f, k))
        visit((f.v as Record<string, unknown>)[k], k)
      }
  }
}

const nul = (path: readonly (string | number)[]) =>
  new ValidationError(`${fieldOf(path)} contains a NUL character, which cannot be stored.`, {
    details: [{ field: fieldOf(path), message: 'contains a NUL (U+0000) character' }],
  })

const isArraySchema = (s: unknown): boolean => {
  let t = s as z.ZodType | undefined
  // unwrap optional/default/nullable/pipe to the declared input type
  for (let i = 0; t && i < 8; i++) {
    if (t instanceof z.ZodArray) return true
    const def = (t as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def
    t = def?.innerType ?? def?.in
  }
  return false
}

/**
 * The query as one value per name, refusing a name given twice unless the route's schema declares it a list
 * (`?limit=1&limit=1000` must not quietly mean whichever the parser keeps).
 */
export function singleQuery(
  all: Record<string, string[]>,
  schema: z.ZodType | undefined,
): Record<string, string> {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {}
  const out: Record<string, string> = {}
  for (const [name, values] of Object.entries(all)) {
    // Parameters the route does not declare are ignored, as their values never reach anything.
    if (!(name in shape)) continue
    for (const v of values) if (v.includes('\u0000')) throw nul(['query', name])
    if (values.length > 1 && !isArraySchema(shape[name]))
      throw new ValidationError(`query.${name} is given ${values.length} times; give it once.`, {
        details: [{ field: `query.${name}`, message: `given ${values.length} times, expected once` }],
      })
    out[name] = values[0]!
  }
  return out
}
