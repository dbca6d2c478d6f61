// Loader hooks for record-loads.mjs: appends each loaded URL (synchronously, before the import resolves).
import { appendFileSync } from 'node:fs'

let out

export function initialize(file) {
  out = file
}

export async function load(url, context, next) {
  appendFileSync(out, `${url}\n`)
  return next(url, context)
}
