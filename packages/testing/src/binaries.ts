import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Locates a server binary on PATH or in known Debian folders, or fails saying what to install. */
export function findBinary(name: string, install: string, extraDirs: string[] = []): string {
  try {
    const p = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim()
    if (p) return p
  } catch {}
  for (const d of extraDirs) {
    const p = join(d, name)
    if (existsSync(p)) return p
  }
  throw new Error(`'${name}' was not found on this machine. Install it with: ${install}`)
}

/** Folders where Debian puts PostgreSQL's server binaries, newest first. */
export function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return []
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'))
}
