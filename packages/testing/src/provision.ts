import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import {
  APT_PACKAGES,
  binarySearchPath,
  locatePostgres,
  npmPostgresPackage,
  PG_ROOT_RUN_AS,
  type PostgresBinaries,
  type Tool,
  whichBinary,
} from './binaries.ts'
import { withFileLock } from './file-lock.ts'

/** Who may install Debian packages here: root, a user with passwordless sudo, or nobody. */
export type Privilege = 'root' | 'sudo' | 'none'

/** What the tests found or were given: where each tool is. */
export interface Provisioned {
  postgres: PostgresBinaries
  redisServer: string
  chromium: string
}

/** What is there and what is missing, before anything is installed. */
export interface ProvisionPlan {
  postgres?: PostgresBinaries
  redisServer?: string
  chromium?: string
  /** Debian packages for the missing tools, in a stable order. */
  missing: string[]
}

/** Seams and settings; every one has a default that acts on the real machine. */
export interface ProvisionOptions {
  searchPath?: readonly string[]
  npmPostgres?: typeof npmPostgresPackage
  privilege?: () => Privilege
  /** Runs one command (argv) and rejects with its output when it fails. */
  exec?: (argv: readonly string[]) => Promise<void>
  lockFile?: string
  log?: (line: string) => void
}

/** Why the tests cannot start: names what is missing and the exact command that installs it. */
export class ProvisionError extends Error {
  override readonly name = 'ProvisionError'
}

/** Looks for every tool without changing anything. */
export function planProvision(
  searchPath: readonly string[] = binarySearchPath(),
  npm: typeof npmPostgresPackage = npmPostgresPackage,
): ProvisionPlan {
  const postgres = locatePostgres(searchPath, npm)
  const redisServer = whichBinary('redis-server', searchPath)
  const chromium = whichBinary('chromium', searchPath)
  const missing: string[] = []
  const need = (tool: Tool, found: unknown) => {
    if (!found) missing.push(APT_PACKAGES[tool])
  }
  need('postgres', postgres)
  need('redis-server', redisServer)
  need('chromium', chromium)
  return { postgres, redisServer, chromium, missing }
}

/** The apt-get commands that install `packages`, as argv lists, run directly (root) or through `sudo -n`. */
export function aptCommands(packages: readonly string[], privilege: Exclude<Privilege, 'none'>): string[][] {
  const pre = privilege === 'sudo' ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] : []
  return [
    [...pre, 'apt-get', 'update', '-q'],
    [...pre, 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages],
  ]
}

/** The one line a person runs to install `packages` when the tests may not. */
export function manualInstallCommand(packages: readonly string[]): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`
}

/** Root, passwordless sudo, or neither. */
export function detectPrivilege(): Privilege {
  if (process.getuid?.() === 0) return 'root'
  const r = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 })
  return r.status === 0 ? 'sudo' : 'none'
}

function execCommand(argv: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv as [string, ...string[]]
    const child = spawn(cmd, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}:\n${out}`)),
    )
  })
}

/** Recreates the library symlinks the npm package lists, for installs that ran without its postinstall script. */
export function hydratePostgresSymlinks(packageRoot: string): number {
  const list = join(packageRoot, 'native', 'pg-symlinks.json')
  if (!existsSync(list)) return 0
  const links = JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[]
  let made = 0
  for (const { source, target } of links) {
    const at = join(packageRoot, target)
    if (existsSync(at)) continue
    symlinkSync(relative(dirname(at), join(packageRoot, source)), at)
    made++
  }
  return made
}

function othersCanRun(file: string): boolean {
  try {
    if ((statSync(file).mode & 0o005) !== 0o005) return false
    for (let d = dirname(file); ; d = dirname(d)) {
      if ((statSync(d).mode & 0o001) === 0) return false
      if (dirname(d) === d) return true
    }
  } catch {
    return false
  }
}

/**
 * As root, PostgreSQL runs as PG_ROOT_RUN_AS, which must reach the binaries: a checkout under a private home
 * folder is out of its reach, so the npm package's binaries are copied once to a shared temporary folder.
 */
async function reachablePostgres(
  pg: PostgresBinaries,
  lockFile: string,
  log: (line: string) => void,
): Promise<PostgresBinaries> {
  if (process.getuid?.() !== 0 || pg.source !== 'npm' || othersCanRun(join(pg.binDir, 'initdb'))) return pg
  const copy = join(tmpdir(), `supernova-postgres-${(pg.npmPackage ?? 'npm').replace(/[^\w.-]+/g, '_')}`)
  const done = join(copy, '.complete')
  if (!existsSync(done))
    await withFileLock(lockFile, async () => {
      if (existsSync(done)) return
      log(`provision: copying PostgreSQL to ${copy} so that user ${PG_ROOT_RUN_AS} can run it`)
      rmSync(copy, { recursive: true, force: true })
      cpSync(dirname(pg.binDir), copy, { recursive: true, verbatimSymlinks: true })
      writeFileSync(done, '')
    })
  return { ...pg, binDir: join(copy, 'bin') }
}

function complete(plan: ProvisionPlan): Provisioned {
  if (!plan.postgres || !plan.redisServer || !plan.chromium)
    throw new ProvisionError(`still missing: ${plan.missing.join(', ')}`)
  return { postgres: plan.postgres, redisServer: plan.redisServer, chromium: plan.chromium }
}

/**
 * Makes sure PostgreSQL, redis-server and Chromium are here before any test starts. PostgreSQL comes from the npm
 * package when this platform has one; what is still missing is installed with apt-get as root or through
 * passwordless sudo, once, under a lock shared by every run on the machine; otherwise it stops with the exact
 * command to run. Quick (file checks only) when everything is present.
 */
export async function provision(opts: ProvisionOptions = {}): Promise<Provisioned> {
  const searchPath = opts.searchPath ?? binarySearchPath()
  const npm = opts.npmPostgres ?? npmPostgresPackage
  const log = opts.log ?? (() => {})
  const lockFile = opts.lockFile ?? join(tmpdir(), 'supernova-provision.lock')
  const pkg = npm()
  if (pkg) hydratePostgresSymlinks(pkg.root)
  const first = planProvision(searchPath, npm)
  const found =
    first.missing.length === 0
      ? complete(first)
      : await withFileLock(lockFile, () => installMissing(searchPath, npm, opts, log), {
          onWait: (pid) => log(`provision: waiting for pid ${pid}, which holds ${lockFile}`),
        })
  return { ...found, postgres: await reachablePostgres(found.postgres, lockFile, log) }
}

async function installMissing(
  searchPath: readonly string[],
  npm: typeof npmPostgresPackage,
  opts: ProvisionOptions,
  log: (line: string) => void,
): Promise<Provisioned> {
  // Another run may have installed everything while we waited for the lock.
  const plan = planProvision(searchPath, npm)
  if (plan.missing.length === 0) return complete(plan)
  const privilege = (opts.privilege ?? detectPrivilege)()
  if (privilege === 'none')
    throw new ProvisionError(
      `The tests need ${plan.missing.join(', ')}, which this machine lacks, and this user can install ` +
        `Debian packages neither as root nor with passwordless sudo. Run:\n  ${manualInstallCommand(plan.missing)}\n` +
        'then run the tests again.',
    )
  const started = Date.now()
  log(`provision: installing ${plan.missing.join(' ')} with apt-get${privilege === 'sudo' ? ' (sudo)' : ''}`)
  for (const argv of aptCommands(plan.missing, privilege)) {
    try {
      await (opts.exec ?? execCommand)(argv)
    } catch (e) {
      throw new ProvisionError(
        `Installing ${plan.missing.join(', ')} failed: ${(e as Error).message}\nTo install by hand, run:\n  ` +
          manualInstallCommand(plan.missing),
      )
    }
  }
  const after = planProvision(searchPath, npm)
  if (after.missing.length > 0)
    throw new ProvisionError(
      `apt-get installed ${plan.missing.join(', ')}, but ${after.missing.join(', ')} still cannot be found ` +
        `on the search path (${searchPath.join(':')}).`,
    )
  log(`provision: installed ${plan.missing.join(' ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return complete(after)
}
