import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { createObservers, observedQuery } from './observe.ts'
import { PGLITE_TEMPLATE, unpackTemplate } from './pglite-template.ts'
import type { QueryResult, SqlDatabase, SqlExecutor, Statement } from './port.ts'
import { createPriorityGate, trackQueryPriority } from './priority.ts'
import { textParsers } from './types.ts'

export interface PgliteOptions {
  /** Folder for the data files; omitted -> in memory. */
  dataDir?: string
  /** A pre-built PGlite instance (then dataDir is ignored and close() leaves it open). */
  client?: PGlite
}

/**
 * Postgres memory settings for the embedded database. PGlite runs one backend inside this process, so Postgres'
 * server-sized defaults (shared_buffers 128 MB, sized for many backends) become this process's RSS: the WASM heap
 * grows to hold them and never shrinks. 16 MB of shared buffers still holds the hot part of the sample data's bars
 * (the whole table is about 25 MB); one backend needs few connection slots. wal_buffers stays at what 128 MB
 * would give (4 MB): at 1/32 of 16 MB, bulk upserts (imports) spend their time flushing WAL. `-c` applies on
 * every start; initdb's `--set` also records them in postgresql.conf of folders made by initdb.
 */
const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  wal_buffers: '4MB',
  max_connections: '10',
}

const startParams = [
  ...PGlite.defaultStartParams,
  ...Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
]
const initDbStartParams = Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['--set', `${k}=${v}`])

const parsers = Object.fromEntries(
  Object.entries(textParsers).map(([oid, fn]) => [oid, (v: string) => fn(v)]),
)
const settings: PGliteOptions = { parsers, startParams, initDbStartParams }

/** Runs PGlite's initdb into `dir` with the embedded settings and shuts down cleanly (what the template holds). */
export async function pgliteInitdb(dir: string): Promise<void> {
  await (await PGlite.create(dir, settings)).close()
}

/** Opens (or creates: from the template where it can) the embedded database; says which path it took. */
export async function openPglite(
  dataDir?: string,
): Promise<{ pg: PGlite; from: 'existing' | 'template' | 'initdb' }> {
  if (!dataDir) {
    // In memory: PGlite unpacks the template itself (no initdb instance beside this one).
    const loadDataDir = new Blob([readFileSync(PGLITE_TEMPLATE)], { type: 'application/gzip' })
    return { pg: await PGlite.create({ ...settings, loadDataDir }), from: 'template' }
  }
  mkdirSync(dataDir, { recursive: true })
  if (existsSync(join(dataDir, 'PG_VERSION')))
    return { pg: await PGlite.create(dataDir, settings), from: 'existing' }
  if (existsSync(PGLITE_TEMPLATE) && readdirSync(dataDir).length === 0) {
    unpackTemplate(dataDir)
    try {
      return { pg: await PGlite.create(dataDir, settings), from: 'template' }
    } catch {
      // e.g. a catalog version mismatch after a PGlite upgrade: empty the folder and let PGlite run initdb
      for (const f of readdirSync(dataDir)) rmSync(join(dataDir, f), { recursive: true, force: true })
    }
  }
  return { pg: await PGlite.create(dataDir, settings), from: 'initdb' }
}

/**
 * PGlite adapter (embedded default): real Postgres in WASM, one session, executed on this thread. Every call
 * (statement, batch, transaction) passes one priority gate: request statements waiting go before background ones
 * (`inBackground`: tasks, warmers), so a task reading many histories does not stall interactive routes behind it.
 * A transaction holds the gate; statements from other callers wait rather than interleave (as PGlite's own lock).
 */
export async function createPgliteDatabase(options: PgliteOptions = {}): Promise<SqlDatabase> {
  const owned = !options.client
  const pg = options.client ?? (await openPglite(options.dataDir)).pg
  const obs = createObservers()

  const exec = (q: Pick<PGlite, 'query'>) =>
    observedQuery(obs, async (text, params) => {
      const r = await q.query(text, params)
      return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) }
    })
  const direct = exec(pg)
  const gate = createPriorityGate()
  trackQueryPriority()

  return {
    kind: 'pglite',
    interactive: true,
    query: (text, params, opts) => gate.run(() => direct(text, params, opts)),
    async batch(statements: readonly Statement[]) {
      return gate.run(() =>
        pg.transaction(async (tx) => {
          const q = exec(tx)
          const out: QueryResult[] = []
          for (const s of statements) out.push(await q(s.text, s.params, { name: s.name }))
          return out
        }),
      )
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return gate.run(() => pg.transaction(async (tx) => fn({ query: exec(tx) })))
    },
    async ping() {
      await gate.run(() => pg.query('select 1'))
    },
    observe: obs.observe,
    async close() {
      if (owned && !pg.closed) await pg.close()
    },
  } satisfies SqlDatabase
}
