type Json = Record<string, unknown>

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const

/** Resolves a local `#/components/...` reference. */
function deref(doc: Json, node: unknown): Json {
  let n = node as Json
  for (let i = 0; n && typeof n.$ref === 'string' && i < 10; i++) {
    let t: unknown = doc
    for (const part of (n.$ref as string).slice(2).split('/'))
      t = (t as Json)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
    n = t as Json
  }
  return n ?? {}
}

const typesOf = (s: Json): Set<string> =>
  new Set(Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [])

/** Ways a request schema got stricter (values accepted before are now refused). */
function narrowed(before: Json, after: Json, at: string, out: string[]) {
  const bt = typesOf(before)
  const at_ = typesOf(after)
  for (const t of bt)
    if (at_.size && !at_.has(t) && !(t === 'integer' && at_.has('number')))
      out.push(`${at}: type ${t} no longer accepted`)
  if (Array.isArray(after.enum)) {
    const now = new Set(after.enum as unknown[])
    const lost = Array.isArray(before.enum)
      ? (before.enum as unknown[]).filter((v) => !now.has(v))
      : ['(any value)']
    if (lost.length)
      out.push(`${at}: enum no longer accepts ${lost.map((v) => JSON.stringify(v)).join(', ')}`)
  }
  for (const [k, dir] of [
    ['maximum', -1],
    ['maxLength', -1],
    ['maxItems', -1],
    ['minimum', 1],
    ['minLength', 1],
    ['minItems', 1],
  ] as const) {
    const b = before[k] as number | undefined
    const a = after[k] as number | undefined
    if (a !== undefined && (b === undefined || (a - b) * dir > 0))
      out.push(`${at}: ${k} ${b ?? 'none'} -> ${a}`)
  }
  if (after.pattern !== undefined && after.pattern !== before.pattern) out.push(`${at}: pattern changed`)
}

/** Members an answer promised before and no longer does (removed, or no longer required). */
function lostFields(doc: [Json, Json], before: Json, after: Json, at: string, out: string[], depth = 0) {
  const b = deref(doc[0], before)
  const a = deref(doc[1], after)
  if (depth > 8) return
  const bp = (b.properties ?? {}) as Json
  const ap = (a.properties ?? {}) as Json
  const breq = new Set((b.required ?? []) as string[])
  const areq = new Set((a.required ?? []) as string[])
  for (const [k, v] of Object.entries(bp)) {
    if (!(k in ap)) {
      if (a.additionalProperties === undefined || a.additionalProperties === false)
        out.push(`${at}.${k}: removed`)
      continue
    }
    if (breq.has(k) && !areq.has(k)) out.push(`${at}.${k}: no longer always present`)
    lostFields(doc, v as Json, ap[k] as Json, `${at}.${k}`, out, depth + 1)
  }
  if (b.items && a.items) lostFields(doc, b.items as Json, a.items as Json, `${at}[]`, out, depth + 1)
}

const paramKey = (p: Json) => `${p.in}:${p.name}`

/**
 * Breaking changes from `before` to `after`, for clients written against `before`: removed operations, removed
 * or no-longer-required response members, responses whose media type went away, new required parameters or
 * body members, and narrowed parameters (fewer enum values, tighter bounds, changed patterns or types).
 */
export function breakingChanges(before: Json, after: Json): string[] {
  const out: string[] = []
  const docs: [Json, Json] = [before, after]
  const bPaths = (before.paths ?? {}) as Record<string, Json>
  const aPaths = (after.paths ?? {}) as Record<string, Json>
  for (const [path, bItem] of Object.entries(bPaths))
    for (const m of METHODS) {
      const bOp = bItem[m] as Json | undefined
      if (!bOp) continue
      const where = `${m.toUpperCase()} ${path}`
      const aOp = aPaths[path]?.[m] as Json | undefined
      if (!aOp) {
        out.push(`${where}: operation removed`)
        continue
      }
      const bParams = new Map(
        ((bOp.parameters ?? []) as unknown[]).map((p) => deref(before, p)).map((p) => [paramKey(p), p]),
      )
      for (const raw of (aOp.parameters ?? []) as unknown[]) {
        const p = deref(after, raw)
        const old = bParams.get(paramKey(p))
        if (!old) {
          if (p.required) out.push(`${where}: new required parameter ${p.name}`)
          continue
        }
        if (p.required && !old.required) out.push(`${where}: parameter ${p.name} became required`)
        narrowed(deref(before, old.schema), deref(after, p.schema), `${where} parameter ${p.name}`, out)
      }
      const bBody = deref(
        before,
        ((deref(before, bOp.requestBody).content ?? {}) as Json)['application/json'],
      )?.schema
      const aBody = deref(
        after,
        ((deref(after, aOp.requestBody).content ?? {}) as Json)['application/json'],
      )?.schema
      if (aBody && bBody) {
        const bs = deref(before, bBody)
        const as = deref(after, aBody)
        const breq = new Set((bs.required ?? []) as string[])
        for (const k of (as.required ?? []) as string[])
          if (!breq.has(k)) out.push(`${where}: body member ${k} became required`)
        for (const [k, v] of Object.entries((as.properties ?? {}) as Json)) {
          const old = ((bs.properties ?? {}) as Json)[k]
          if (old) narrowed(deref(before, old), deref(after, v), `${where} body.${k}`, out)
        }
      }
      const bRes = (bOp.responses ?? {}) as Json
      const aRes = (aOp.responses ?? {}) as Json
      for (const [status, r] of Object.entries(bRes)) {
        if (!status.startsWith('2')) continue
        const a = aRes[status]
        if (!a) {
          out.push(`${where}: response ${status} removed`)
          continue
        }
        const bContent = (deref(before, r).content ?? {}) as Record<string, Json>
        const aContent = (deref(after, a).content ?? {}) as Record<string, Json>
        for (const [type, media] of Object.entries(bContent)) {
          if (!aContent[type]) {
            out.push(`${where}: ${status} ${type} removed`)
            continue
          }
          lostFields(docs, media.schema as Json, aContent[type]!.schema as Json, `${where} ${status}`, out)
        }
      }
    }
  return out
}

/** The leading version component that signals a breaking change: the major, or the minor while the major is 0. */
export function breakingBumped(before: string, after: string): boolean {
  const [bMaj = 0, bMin = 0] = before.split('.').map(Number)
  const [aMaj = 0, aMin = 0] = after.split('.').map(Number)
  if (aMaj !== bMaj) return aMaj > bMaj
  return bMaj === 0 && aMin > bMin
}
