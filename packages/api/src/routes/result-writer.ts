import { UnavailableError } from '@supernova/core'
import {
  inBackground,
  newResultId,
  type ResultKind,
  resultRepository,
  type SqlDatabase,
  type StoredResultRow,
} from '@supernova/db'
import type { Registry } from '@supernova/metrics'
import type { Logger } from '../deps.ts'
import { packStored } from './result-pack.ts'

/** Rows a statement when the queue has piled up (measured on PGlite: 3.2-3.7 ms a row alone, 2.3-2.7 in eights). */
const BATCH = 8

/** A result accepted for storing: its id and time are final at once, the row is written after the answer. */
export type AcceptedResult = StoredResultRow

/**
 * Stores synchronous analytics results write-behind: `accept` gives the id at once and queues the row; the rows
 * are written right after the answer, in the database's background lane (request statements go first on
 * embedded PGlite), and until a row has landed `pending` serves it (GET /v1/{kind}/{id} and its reports read
 * it from memory). A failed write stays queued and is retried with backoff: an accepted result is not dropped.
 * The queue is bounded: when answers come faster than the database writes them, the writes leave the background
 * lane past `maxQueued / 4` rows, and past `maxQueued` the next answers wait for room (backpressure) instead of
 * filling memory. `flush` waits for the queue (shutdown, the Lambda handler before it returns, the warm-up).
 */
export interface ResultWriter {
  /** Queues the row; resolves at once while the queue has room, else once writes have made room. */
  accept(r: Omit<StoredResultRow, 'id' | 'createdAt'>): Promise<AcceptedResult>
  /** The caller's accepted result not yet written, if any. */
  pending(owner: string, kind: ResultKind, id: string): AcceptedResult | undefined
  /** Writes everything queued (retrying failures up to `attempts` times, default 5); answers how many are left. */
  flush(attempts?: number): Promise<number>
  /** Results accepted and not yet written. */
  readonly depth: number
}

export interface ResultWriterOptions {
  db: SqlDatabase
  /** Registers `results_write_queue_depth` and `results_writes_total{outcome}`. */
  registry?: Registry
  logger?: Pick<Logger, 'warn' | 'error'>
  /** First retry delay after a failed write, doubled per failure up to 5 s (default 100 ms). */
  retryMs?: number
  /**
   * Rows queued before `accept` waits (default 128: a twelve-year backtest's answer holds about 250 KB until its
   * row is written, so about 32 MB at most).
   */
  maxQueued?: number
}

/** The write-behind result store (see ResultWriter). */
export function resultWriter(options: ResultWriterOptions): ResultWriter {
  const repo = resultRepository(options.db)
  const retryMs = options.retryMs ?? 100
  const queue = new Map<string, AcceptedResult>()
  const maxQueued = Math.max(1, options.maxQueued ?? 128)
  const highWater = Math.max(1, maxQueued >> 2)
  // accepts waiting for room, woken in order as rows land
  const waiting: (() => void)[] = []
  let running: Promise<void> | undefined
  let scheduled = false
  let retry: NodeJS.Timeout | undefined
  let failures = 0
  const writes = options.registry?.counter({
    name: 'results_writes_total',
    help: 'Analytics results written after their answer (write-behind), by outcome (ok, error: retried)',
    labelNames: ['outcome'],
  })
  const waits = options.registry?.counter({
    name: 'results_write_waits_total',
    help: 'Analytics answers that waited for room in the full write-behind queue (backpressure)',
  })
  options.registry?.gauge({
    name: 'results_write_queue_depth',
    help: 'Analytics results answered and not yet written to the database',
    refresh: (g) => g.set({}, queue.size),
  })

  const packed = (r: AcceptedResult) => ({
    id: r.id,
    owner: r.owner,
    kind: r.kind,
    input: JSON.stringify(r.input),
    result: packStored(r.result) ?? 'null',
    extra: packStored(r.extra),
    createdAt: r.createdAt,
  })
  /** Writes `rows` in one statement; behind the requests' statements unless the queue is falling behind. */
  const write = async (rows: AcceptedResult[]): Promise<void> => {
    const insert = () => repo.insertMany(rows.map(packed))
    await (queue.size > highWater ? insert() : inBackground(insert))
    for (const r of rows) {
      queue.delete(r.id)
      waiting.shift()?.()
    }
    writes?.inc({ outcome: 'ok' }, rows.length)
  }
  /**
   * One pass over the queue: each row once, up to BATCH rows a statement when answers have piled up (a row that
   * fails takes its batch back to one row a statement, so the others still land); failures stay queued.
   */
  const pass = async (): Promise<boolean> => {
    let ok = true
    const attempt = async (rows: AcceptedResult[]): Promise<boolean> => {
      try {
        await write(rows)
        return true
      } catch (err) {
        if (rows.length > 1) return false
        ok = false
        writes?.inc({ outcome: 'error' })
        options.logger?.warn({ err, id: rows[0]!.id, queued: queue.size }, 'result write failed; retrying')
        return false
      }
    }
    const rows = [...queue.values()]
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH)
      if (!(await attempt(batch)) && batch.length > 1) for (const r of batch) await attempt([r])
    }
    return ok
  }
  const run = (): Promise<void> => {
    running ??= pass()
      .then((ok) => {
        failures = ok ? 0 : failures + 1
      })
      .finally(() => {
        running = undefined
        if (queue.size === 0 || retry) return
        if (failures === 0) schedule()
        else {
          retry = setTimeout(
            () => {
              retry = undefined
              void run()
            },
            Math.min(5_000, retryMs * 2 ** (failures - 1)),
          )
          // a retry alone does not keep a process up; shutdown flushes what is left
          retry.unref()
        }
      })
    return running
  }
  // after the current turn: the answer is serialised and sent before the write starts
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      void run()
    })
  }

  return {
    async accept(r) {
      if (queue.size >= maxQueued) {
        // a database that is failing would keep the caller waiting until its deadline: say so at once instead
        if (failures > 0)
          throw new UnavailableError(
            'Analytics results cannot be stored right now (the database is not accepting writes); retry shortly.',
          )
        waits?.inc()
        // woken by the write that made room; the request's own deadline bounds the wait
        while (queue.size >= maxQueued) await new Promise<void>((wake) => waiting.push(wake))
      }
      const row: AcceptedResult = { ...r, id: newResultId(r.kind), createdAt: new Date() }
      queue.set(row.id, row)
      if (!retry) schedule()
      return row
    },
    pending(owner, kind, id) {
      const r = queue.get(id)
      return r && r.owner === owner && r.kind === kind ? r : undefined
    },
    async flush(attempts = 5) {
      for (let i = 0; queue.size > 0 && i < attempts; i++) {
        if (retry) {
          clearTimeout(retry)
          retry = undefined
        }
        if (running) await running
        if (queue.size === 0) break
        await run()
      }
      if (queue.size > 0) options.logger?.error({ left: queue.size }, 'results not written')
      return queue.size
    },
    get depth() {
      return queue.size
    },
  }
}
