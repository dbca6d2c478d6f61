/**
 * The worker-thread side of the PGlite worker adapter (`pglite-worker.ts`): opens the data folder with the embedded
 * settings and runs the statements the adapter posts, one message at a time, answering each with its rows or its
 * error. Postgres' own work (parsing, executing, WAL, TOAST) then runs beside the event loop instead of on it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { openPglite } from './pglite.ts'
import type { Statement } from './port.ts'

/** A request from the adapter. `begin` pins an interactive transaction until `commit` or `rollback`. */
export type ThreadRequest =
  | { id: number; op: 'query'; text: string; params: unknown[] }
  | { id: number; op: 'batch'; statements: Statement[] }
  | { id: number; op: 'begin' | 'commit' | 'rollback' | 'close' }

/** A driver error's fields that `mapSqlError` reads (an Error's class does not survive the thread boundary). */
export interface ThreadError {
  message: string
  code?: string
  detail?: string
  constraint?: string
  column?: string
  table?: string
}

/** The answer to one request; `ready`/`fatal` (id 0) report the open. */
export type ThreadReply =
  | { id: number; rows: unknown[]; rowCount: number }
  | { id: number; results: { rows: unknown[]; rowCount: number; ms: number }[] }
  | { id: number; error: ThreadError }
  | { id: 0; ready: 'existing' | 'template' | 'initdb' }

const FIELDS = ['code', 'detail', 'constraint', 'column', 'table'] as const

function toThreadError(err: unknown): ThreadError {
  const e = (err ?? {}) as Record<string, unknown>
  const out: ThreadError = { message: typeof e.message === 'string' ? e.message : String(err) }
  for (const k of FIELDS) if (typeof e[k] === 'string') out[k] = e[k] as string
  return out
}

const answer = async (q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) => {
  const r = await q.query(text, params as unknown[])
  return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) }
}

async function serve(port: NonNullable<typeof parentPort>, dataDir: string | undefined) {
  const { pg, from } = await openPglite(dataDir)
  // requests arrive one at a time (the adapter's gate), but a chain keeps them ordered whatever the caller does
  let chain: Promise<unknown> = Promise.resolve()
  const handle = async (m: ThreadRequest): Promise<ThreadReply> => {
    switch (m.op) {
      case 'query':
        return { id: m.id, ...(await answer(pg, m.text, m.params)) }
      case 'batch':
        return {
          id: m.id,
          results: await pg.transaction(async (tx: Transaction) => {
            const out = []
            for (const s of m.statements) {
              const t = performance.now()
              out.push({ ...(await answer(tx, s.text, s.params ?? [])), ms: performance.now() - t })
            }
            return out
          }),
        }
      case 'begin':
      case 'commit':
      case 'rollback':
        await pg.exec(m.op)
        return { id: m.id, rows: [], rowCount: 0 }
      case 'close':
        if (!pg.closed) await pg.close()
        return { id: m.id, rows: [], rowCount: 0 }
    }
  }
  port.on('message', (m: ThreadRequest) => {
    chain = chain.then(async () => {
      let reply: ThreadReply
      try {
        reply = await handle(m)
      } catch (err) {
        reply = { id: m.id, error: toThreadError(err) }
      }
      port.postMessage(reply)
      if (m.op === 'close') port.close()
    })
  })
  port.postMessage({ id: 0, ready: from } satisfies ThreadReply)
}

if (parentPort) {
  const port = parentPort
  serve(port, (workerData as { dataDir?: string } | undefined)?.dataDir).catch((err) => {
    port.postMessage({ id: 0, error: toThreadError(err) } satisfies ThreadReply)
  })
}
