/**
 * The two deployment shapes a load run starts when no --target is given: `embedded` (one process, PGlite) and
 * `cluster` (the self-hosted shape: PostgreSQL 17 and redis-server from the test harness, WEB_CONCURRENCY server
 * processes sharing one port through node:cluster). With --pin every server-side process (the server's primary and
 * workers, PostgreSQL's postmaster and backends, Redis) runs on the server's CPUs, the generator on the others.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPostgres, startRedis } from '@supernova/testing'
import { descendants, findProcess, type ProcessGroups } from './processes.ts'
import { seededDataDir, startServer, stopServer } from './server.ts'

export const SHAPES = ['embedded', 'cluster'] as const
export type ShapeName = (typeof SHAPES)[number]

/** A started shape: its URL, its processes by role (for /proc sampling) and how to stop it. */
export interface RunningShape {
  shape: ShapeName
  url: string
  /** One line for the report: what runs, and where it is pinned. */
  description: string
  groups(): ProcessGroups
  stop(): Promise<void>
}

/** `taskset -a -p -c CPUS PID` on a process and its descendants (new children inherit the parent's affinity). */
function pinTree(pid: number, cpus: string): void {
  for (const p of descendants(pid)) {
    const r = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(p)], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`taskset on ${p} failed: ${r.stderr}`)
  }
}

/** Starts the embedded server on a fresh copy of the seeded PGlite folder. */
export async function startEmbedded(opts: { cpus?: string } = {}): Promise<RunningShape> {
  const dataDir = await seededDataDir()
  const server = await startServer(dataDir, { cpus: opts.cpus })
  const pid = server.child.pid!
  return {
    shape: 'embedded',
    url: server.url,
    description: `embedded: 1 server process (PGlite)${opts.cpus ? `, pinned to CPU ${opts.cpus}` : ''}`,
    groups: () => ({ server: [pid] }),
    async stop() {
      await stopServer(server.child)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Starts PostgreSQL and Redis, then `npm start` with DATABASE_URL, REDIS_URL and WEB_CONCURRENCY=workers: the first
 * worker migrates and seeds the sample data (about 30 s), the others follow.
 */
export async function startCluster(opts: { cpus?: string; workers?: number } = {}): Promise<RunningShape> {
  const workers = opts.workers ?? 2
  const postgres = await startPostgres()
  const redis = await startRedis().catch(async (e) => {
    await postgres.stop()
    throw e
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'supernova-load-cluster-'))
  const stopAll = async () => {
    await redis.stop()
    await postgres.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    // The postmaster by its command line (pg_ctl daemonizes it); Redis by the title it sets itself.
    const postmaster = findProcess(
      (argv) => /(^|\/)postgres$/.test(argv[0] ?? '') && argv.join(' ').includes(` -p ${postgres.port} `),
    )
    const redisPid = findProcess((argv) => argv.join(' ').includes(`redis-server 127.0.0.1:${redis.port}`))
    if (!postmaster || !redisPid) throw new Error('could not find the PostgreSQL or Redis process to sample')
    if (opts.cpus) {
      pinTree(postmaster, opts.cpus)
      pinTree(redisPid, opts.cpus)
    }
    console.log(
      `PostgreSQL ${postgres.url.replace(/:[^:@]+@/, ':***@')} (pid ${postmaster}), Redis ${redis.url}`,
    )
    console.log(
      `Starting ${workers} server processes; the first migrates and seeds PostgreSQL (about 30 s)...`,
    )
    const server = await startServer(dataDir, {
      cpus: opts.cpus,
      env: {
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        WEB_CONCURRENCY: String(workers),
      },
    })
    const primary = server.child.pid!
    return {
      shape: 'cluster',
      url: server.url,
      description:
        `cluster: ${workers} server processes (node:cluster, one port) + PostgreSQL 17 + Redis` +
        (opts.cpus ? `, all pinned to CPU ${opts.cpus}` : ''),
      groups: () => ({ server: [primary], postgres: [postmaster], redis: [redisPid] }),
      async stop() {
        await stopServer(server.child)
        await stopAll()
      },
    }
  } catch (e) {
    await stopAll()
    throw e
  }
}

/** Starts the named shape. */
export function startShape(
  shape: ShapeName,
  opts: { cpus?: string; workers?: number },
): Promise<RunningShape> {
  return shape === 'cluster' ? startCluster(opts) : startEmbedded(opts)
}
