import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

/**
 * The empty database folder (PGlite's initdb output with the embedded settings, shut down cleanly) that new
 * data folders start from. PGlite's own initdb runs a second Postgres instance in memory, copies its whole
 * 128 MB heap and tars the result: about 650 MB of RSS on top of the server, once, which the process then
 * keeps. Unpacking this 4.5 MB file straight to disk costs the 40 MB of the unzipped tar, briefly. Rebuilt by
 * scripts/pglite-template.ts after a PGlite upgrade (a test fails until then).
 */
export const PGLITE_TEMPLATE = fileURLToPath(new URL('../pglite/pgdata-template.tar.gz', import.meta.url))

/** Writes the files of a gzipped ustar archive under `dir` (regular files and folders; nothing else occurs). */
export function unpackTemplate(dir: string, archive = PGLITE_TEMPLATE): void {
  const tar = gunzipSync(readFileSync(archive))
  const text = (at: number, len: number) => {
    const s = tar.toString('latin1', at, at + len)
    const nul = s.indexOf('\0')
    return nul < 0 ? s : s.slice(0, nul)
  }
  let version: (() => void) | undefined
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = text(at, 100)
    if (!name) break // two zero blocks end the archive
    const prefix = text(at + 345, 155)
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8)
    const type = text(at + 156, 1) || '0'
    const rel = normalize(prefix ? `${prefix}/${name}` : name)
    if (rel.startsWith('..') || rel.startsWith('/')) throw new Error(`unsafe path in ${archive}: ${rel}`)
    const path = join(dir, rel)
    if (type === '5') mkdirSync(path, { recursive: true, mode: 0o750 })
    else if (type === '0') {
      const data = tar.subarray(at + 512, at + 512 + size)
      const write = () => {
        mkdirSync(dirname(path), { recursive: true, mode: 0o750 })
        writeFileSync(path, data, { mode: 0o640 })
      }
      // PG_VERSION marks a complete folder (PGlite runs initdb without it), so it is written last.
      if (rel === 'PG_VERSION') version = write
      else write()
    }
    at += 512 + Math.ceil(size / 512) * 512
  }
  version?.()
}
