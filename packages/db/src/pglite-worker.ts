/**
 * PGlite on a worker thread: the embedded database with Postgres' own CPU time (executing, WAL, TOAST, the wire
 * protocol) off the event loop. The worker (`pglite-thread.ts`) owns the PGlite instance and runs one request at a
 * time; this side keeps what the in-thread adapter does on the caller's side: the priority gate (request statements
 * before background ones), statement timing and error mapping. A transaction holds the gate from `begin` to
 * `commit`, so no other caller's statement lands inside it. If the thread dies, the calls in flight fail as
 * "connection terminated" (503) and the next call opens the folder again in a new thread.
 */

import type { EventLoopUtilization } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { mapSqlError } from './errors.ts'
import { createObservers, observedQuery, statementName } from './observe.ts'
import type { ThreadError, ThreadReply, ThreadRequest } from './pglite-thread.ts'
import type { QueryResult, SqlDatabase, SqlExecutor } from './port.ts'
import { createPriorityGate, trackQueryPriority } from './priority.ts'

export interface PgliteWorkerOptions {
  /** Folder for the data files; omitted -> in memory (the thread's memory: it goes with the thread). */
  dataDir?: string
  /** Hears each thread as it starts (supervision, tests). */
  onThread?: (worker: Worker) => void
}

/** The worker thread's state, for metrics: cumulative busy and idle time, and how often it was started again. */
/** The worker thread's state (SqlDatabase.threadStats). */
export interface DbThreadStats {
  activeMs: number
  idleMs: number
  restarts: number
}

type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

interface Pending {
  resolve(v: ThreadReply): void
  reject(e: unknown): void
}

const bootUrl = new URL('./pglite-thread-boot.mjs', import.meta.url)

/**
 * A parameter as it crosses to the thread. Objects other than dates, arrays and byte arrays are bound as JSON
 * (what PGlite does with them for json/jsonb), written here: a structured clone would drop their class and
 * `toJSON`.
 */
const cloneable = (p: unknown): unknown =>
  p !== null && typeof p === 'object' && !(p instanceof Date) && !Array.isArray(p) && !ArrayBuffer.isView(p)
    ? JSON.stringify(p)
    : p

/** An Error carrying the driver fields `mapSqlError` reads. */
const driverError = (e: ThreadError): Error => Object.assign(new Error(e.message), e)

/** A lost thread reads as a lost connection: SQLSTATE 08006, which mapSqlError turns into 503. */
const terminated = (why: string): Error =>
  Object.assign(new Error(`connection terminated: ${why}`), { code: '08006' })

/** Opens the embedded database on a worker thread; rejects if the thread cannot open it. */
export async function createPgliteWorkerDatabase(
  options: PgliteWorkerOptions = {},
): Promise<SqlDatabase & { threadStats(): DbThreadStats }> {
  const obs = createObservers()
  const gate = createPriorityGate()
  trackQueryPriority()
  const pending = new Map<number, Pending>()
  let nextId = 1
  let restarts = -1
  let closed = false
  let retired: EventLoopUtilization = { idle: 0, active: 0, utilization: 0 }
  let live: { worker: Worker; ready: Promise<void> } | undefined

  const fail = (err: Error) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }

  const spawn = () => {
    restarts++
    const worker = new Worker(bootUrl, {
      workerData: { dataDir: options.dataDir },
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    })
    worker.unref()
    options.onThread?.(worker)
    let opened: (() => void) | undefined
    let refused: ((e: Error) => void) | undefined
    const ready = new Promise<void>((resolve, reject) => {
      opened = resolve
      refused = reject
    })
    worker.on('message', (m: ThreadReply) => {
      if (m.id === 0) {
        if ('ready' in m) opened?.()
        else if ('error' in m) refused?.(driverError(m.error))
        return
      }
      const p = pending.get(m.id)
      if (!p) return
      pending.delete(m.id)
      if (pending.size === 0) worker.unref()
      p.resolve(m)
    })
    const lost = (why: string) => {
      if (live?.worker !== worker) return
      const u = worker.performance.eventLoopUtilization()
      retired = { idle: retired.idle + u.idle, active: retired.active + u.active, utilization: 0 }
      live = undefined
      const err = terminated(why)
      refused?.(err)
      fail(err)
    }
    worker.on('error', (e) => lost(`PGlite thread failed: ${e.message}`))
    worker.on('exit', (code) => lost(`PGlite thread exited (${code})`))
    live = { worker, ready }
    return live
  }

  const call = async (req: Request): Promise<ThreadReply> => {
    if (closed) throw terminated('the database is closed')
    const t = live ?? spawn()
    await t.ready
    const id = nextId++
    return new Promise<ThreadReply>((resolve, reject) => {
      pending.set(id, { resolve, reject })
      t.worker.ref()
      t.worker.postMessage({ ...req, id } as ThreadRequest)
    })
  }

  const rows = (r: ThreadReply): { rows: unknown[]; rowCount: number } => {
    if ('error' in r) throw driverError(r.error)
    if ('rows' in r) return { rows: r.rows, rowCount: r.rowCount }
    throw new Error('unexpected reply from the PGlite thread')
  }

  const direct = observedQuery(obs, async (text, params) =>
    rows(await call({ op: 'query', text, params: params.map(cloneable) })),
  )

  await spawn().ready

  return {
    kind: 'pglite',
    interactive: true,
    query: (text, params, opts) => gate.run(() => direct(text, params, opts)),
    batch: (statements) =>
      gate.run(async () => {
        let reply: ThreadReply
        try {
          reply = await call({
            op: 'batch',
            statements: statements.map((s) => ({ ...s, params: s.params?.map(cloneable) })),
          })
          if ('error' in reply) throw driverError(reply.error)
        } catch (err) {
          obs.report({ name: 'batch', durationMs: 0, ok: false, rows: 0 })
          throw mapSqlError(err)
        }
        if (!('results' in reply)) throw new Error('unexpected reply from the PGlite thread')
        // each statement's time as the thread measured it, under its own name (as the in-thread adapter reports)
        return reply.results.map(({ rows, rowCount, ms }, i) => {
          const s = statements[i]!
          obs.report({ name: statementName(s.text, s.name), durationMs: ms, ok: true, rows: rowCount })
          return { rows, rowCount } as QueryResult
        })
      }),
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
      gate.run(async () => {
        rows(await call({ op: 'begin' }))
        const thread = live?.worker
        // A statement sent through this executor after the transaction ended, or after its thread died (the next
        // call would open a new thread), would land outside it or inside another caller's: refused, as PGlite
        // refuses a closed transaction's.
        let open = true
        const tx: SqlExecutor = {
          query: observedQuery(obs, async (text, params) => {
            if (!open) throw new Error('the transaction has ended')
            if (live?.worker !== thread) throw terminated('the PGlite thread died during the transaction')
            return rows(await call({ op: 'query', text, params: params.map(cloneable) }))
          }),
        }
        let result: T
        try {
          result = await fn(tx)
        } catch (err) {
          open = false
          // a lost thread has no transaction left to roll back
          if (live?.worker === thread) await call({ op: 'rollback' }).catch(() => {})
          throw err
        }
        open = false
        rows(await call({ op: 'commit' }))
        return result
      }),
    ping: () => gate.run(async () => void rows(await call({ op: 'query', text: 'select 1', params: [] }))),
    observe: obs.observe,
    threadStats() {
      const u = live?.worker.performance.eventLoopUtilization()
      return {
        activeMs: retired.active + (u?.active ?? 0),
        idleMs: retired.idle + (u?.idle ?? 0),
        restarts: Math.max(0, restarts),
      }
    },
    async close() {
      if (closed) return
      const t = live
      if (t) {
        await gate.run(() => call({ op: 'close' })).catch(() => {})
        closed = true
        live = undefined
        await t.worker.terminate()
      }
      closed = true
    },
  } satisfies SqlDatabase & { threadStats(): DbThreadStats }
}
