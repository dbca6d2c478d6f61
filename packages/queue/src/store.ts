import { randomUUID } from 'node:crypto'
import { inBackground, reclaimDeadRows, type SqlDatabase } from '@supernova/db'
import {
  PRIORITIES,
  type Priority,
  type QueueStats,
  type TaskListQuery,
  type TaskRecord,
  type TaskStatus,
} from './port.ts'

/** A task row with its payload, as a runner or worker receives it. */
export interface ClaimedTask extends TaskRecord {
  payload: unknown
}

/** What a new row carries. */
export interface NewTask {
  owner: string
  type: string
  priority: Priority
  payload: unknown
  delayMs: number
  idempotencyKey?: string
  maxAttempts: number
  timeoutMs: number
}

const COLUMNS =
  'id, owner, type, priority, status, result, error, progress, progress_message, attempts, max_attempts, timeout_ms, idempotency_key, cancel_requested, run_at, created_at, started_at, finished_at'

type Row = {
  id: string
  owner: string
  type: string
  priority: number
  status: TaskStatus
  result: unknown
  error: { message: string; attempt: number } | null
  progress: number
  progress_message: string | null
  attempts: number
  max_attempts: number
  timeout_ms: number
  idempotency_key: string | null
  cancel_requested: boolean
  run_at: Date
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
  payload?: unknown
}

const toRecord = (r: Row): TaskRecord => ({
  id: r.id,
  owner: r.owner,
  type: r.type,
  priority: PRIORITIES[r.priority] ?? 'normal',
  status: r.status,
  progress: { value: r.progress, message: r.progress_message },
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  timeoutMs: r.timeout_ms,
  result: r.result ?? null,
  error: r.error ?? null,
  idempotencyKey: r.idempotency_key,
  cancelRequested: r.cancel_requested,
  runAt: r.run_at,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
})

const toClaimed = (r: Row): ClaimedTask => ({ ...toRecord(r), payload: r.payload })

/** New task ids: sortable enough for humans, unique everywhere. */
export const newTaskId = () => `task_${randomUUID()}`

/**
 * Every task-row transition as one SQL statement (no interactive transaction), so the same store serves PGlite,
 * pg, Neon WebSocket and Neon HTTP. Transitions are guarded by status, lease owner and attempt number, so a
 * runner whose lease was taken over, or a redelivered SQS message, changes nothing.
 */
export function taskStore(db: SqlDatabase) {
  return {
    /** Inserts the row, or returns the row an earlier call made with the same idempotency key. */
    async insert(t: NewTask): Promise<{ task: ClaimedTask; created: boolean }> {
      const id = newTaskId()
      const r = await db.query<Row & { inserted: boolean }>(
        `insert into tasks (id, type, priority, status, payload, max_attempts, timeout_ms, idempotency_key, run_at, owner)
         values ($1, $2, $3, 'queued', $4::jsonb, $5, $6, $7, now() + $8 * interval '1 millisecond', $9)
         on conflict (owner, idempotency_key) do nothing
         returning ${COLUMNS}, payload`,
        [
          id,
          t.type,
          PRIORITIES.indexOf(t.priority),
          JSON.stringify(t.payload),
          t.maxAttempts,
          t.timeoutMs,
          t.idempotencyKey ?? null,
          t.delayMs,
          t.owner,
        ],
        { name: 'tasks.insert' },
      )
      if (r.rows[0]) return { task: toClaimed(r.rows[0]), created: true }
      const prior = await db.query<Row>(
        `select ${COLUMNS}, payload from tasks where owner = $1 and idempotency_key = $2`,
        [t.owner, t.idempotencyKey],
        { name: 'tasks.by_key' },
      )
      return { task: toClaimed(prior.rows[0]!), created: false }
    },

    async get(id: string): Promise<TaskRecord | undefined> {
      const r = await db.query<Row>(`select ${COLUMNS} from tasks where id = $1`, [id], { name: 'tasks.get' })
      return r.rows[0] && toRecord(r.rows[0])
    },

    /** The row with its payload (SQS messages carry only the id when the payload is large). */
    async getWithPayload(id: string): Promise<ClaimedTask | undefined> {
      const r = await db.query<Row>(`select ${COLUMNS}, payload from tasks where id = $1`, [id], {
        name: 'tasks.get_payload',
      })
      return r.rows[0] && toClaimed(r.rows[0])
    },

    async list(q: TaskListQuery): Promise<TaskRecord[]> {
      const where: string[] = []
      const params: unknown[] = []
      if (q.owner !== undefined) where.push(`owner = $${params.push(q.owner)}`)
      if (q.status) where.push(`status = $${params.push(q.status)}`)
      if (q.type) where.push(`type = $${params.push(q.type)}`)
      if (q.before) {
        const a = params.push(q.before.createdAt)
        const b = params.push(q.before.id)
        where.push(`(created_at, id) < ($${a}, $${b})`)
      }
      const limit = `limit $${params.push(q.limit)}${q.offset ? ` offset $${params.push(q.offset)}` : ''}`
      const r = await db.query<Row>(
        `select ${COLUMNS} from tasks ${where.length ? `where ${where.join(' and ')}` : ''}
         order by created_at desc, id desc ${limit}`,
        params,
        { name: 'tasks.list' },
      )
      return r.rows.map(toRecord)
    },

    /**
     * Claims up to `limit` due tasks in priority order for `owner` with a lease of `leaseMs`. One statement:
     * the locking select skips rows other runners hold, so concurrent claims never overlap.
     */
    async claim(
      owner: string,
      limit: number,
      leaseMs: number,
      types: readonly string[],
    ): Promise<ClaimedTask[]> {
      const r = await db.query<Row>(
        `with due as materialized (
           select id from tasks where status = 'queued' and run_at <= now() and type = any($4::text[])
           order by priority, run_at limit $2 for update skip locked)
         update tasks t set status = 'running', attempts = t.attempts + 1, lease_owner = $1,
           lease_until = now() + $3 * interval '1 millisecond', started_at = now(), updated_at = now()
         from due where t.id = due.id
         returning ${COLUMNS.split(', ')
           .map((c) => `t.${c}`)
           .join(', ')}, t.payload`,
        [owner, limit, leaseMs, types],
        { name: 'tasks.claim' },
      )
      return r.rows
        .map(toClaimed)
        .sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority))
    },

    /**
     * Claims one known task (an SQS message names it): the queued -> running transition is the idempotency
     * record, so a redelivered message for a running or finished task gets nothing.
     */
    async claimById(id: string, owner: string, leaseMs: number): Promise<ClaimedTask | undefined> {
      const r = await db.query<Row>(
        `update tasks set status = 'running', attempts = attempts + 1, lease_owner = $2,
           lease_until = now() + $3 * interval '1 millisecond', started_at = now(), updated_at = now()
         where id = $1 and (status = 'queued' or (status = 'running' and lease_until < now()))
         returning ${COLUMNS}, payload`,
        [id, owner, leaseMs],
        { name: 'tasks.claim_one' },
      )
      return r.rows[0] && toClaimed(r.rows[0])
    },

    /** Renews leases; answers which of the ids are still ours and which have a cancel request. */
    async heartbeat(
      owner: string,
      ids: readonly string[],
      leaseMs: number,
    ): Promise<{ kept: Set<string>; cancel: Set<string> }> {
      if (ids.length === 0) return { kept: new Set(), cancel: new Set() }
      const r = await db.query<{ id: string; cancel_requested: boolean }>(
        `update tasks set lease_until = now() + $3 * interval '1 millisecond'
         where id = any($2::text[]) and lease_owner = $1 and status = 'running'
         returning id, cancel_requested`,
        [owner, ids, leaseMs],
        { name: 'tasks.heartbeat' },
      )
      return {
        kept: new Set(r.rows.map((x) => x.id)),
        cancel: new Set(r.rows.filter((x) => x.cancel_requested).map((x) => x.id)),
      }
    },

    async progress(id: string, owner: string, value: number, message: string | null): Promise<void> {
      await db.query(
        `update tasks set progress = $3, progress_message = $4, updated_at = now()
         where id = $1 and lease_owner = $2 and status = 'running'`,
        [id, owner, value, message],
        { name: 'tasks.progress' },
      )
    },

    /** Records the result; false when this attempt no longer owns the task (taken over, cancelled). */
    async complete(id: string, owner: string, attempt: number, result: unknown): Promise<boolean> {
      const r = await db.query(
        `update tasks set status = 'succeeded', result = $4::jsonb, error = null, progress = 1,
           finished_at = now(), updated_at = now(), lease_owner = null, lease_until = null
         where id = $1 and lease_owner = $2 and attempts = $3 and status = 'running'
         returning id`,
        [id, owner, attempt, JSON.stringify(result ?? null)],
        { name: 'tasks.complete' },
      )
      return r.rowCount > 0
    },

    /**
     * Records a failed attempt: back to queued after `backoffMs`, or `dead` once attempts reach the maximum
     * (or `cancelled` when a cancel was asked for). Returns the new status, or undefined when not ours.
     */
    async fail(
      id: string,
      owner: string,
      attempt: number,
      message: string,
      backoffMs: number,
      retryable = true,
    ): Promise<TaskStatus | undefined> {
      const r = await db.query<{ status: TaskStatus }>(
        `update tasks set
           status = case when cancel_requested then 'cancelled'
                         when attempts >= max_attempts or not $6 then 'dead' else 'queued' end,
           error = jsonb_build_object('message', $4::text, 'attempt', $3::int),
           run_at = now() + $5 * interval '1 millisecond',
           finished_at = case when cancel_requested or attempts >= max_attempts or not $6 then now() end,
           updated_at = now(), lease_owner = null, lease_until = null
         where id = $1 and lease_owner = $2 and attempts = $3 and status = 'running'
         returning status`,
        [id, owner, attempt, message.slice(0, 2000), backoffMs, retryable],
        { name: 'tasks.fail' },
      )
      return r.rows[0]?.status
    },

    /** Hands a task back on shutdown: queued again at once, the attempt not counted. */
    async release(id: string, owner: string, attempt: number): Promise<void> {
      await db.query(
        `update tasks set status = case when cancel_requested then 'cancelled' else 'queued' end,
           attempts = attempts - 1, lease_owner = null, lease_until = null, run_at = now(), updated_at = now(),
           finished_at = case when cancel_requested then now() end
         where id = $1 and lease_owner = $2 and attempts = $3 and status = 'running'`,
        [id, owner, attempt],
        { name: 'tasks.release' },
      )
    },

    /** Queued tasks are cancelled at once; running ones get a request their runner turns into an abort. */
    async cancel(id: string): Promise<TaskRecord | undefined> {
      const r = await db.query<Row>(
        `update tasks set
           status = case when status = 'queued' then 'cancelled' else status end,
           cancel_requested = cancel_requested or status in ('queued', 'running'),
           finished_at = case when status = 'queued' then now() else finished_at end,
           updated_at = now()
         where id = $1
         returning ${COLUMNS}`,
        [id],
        { name: 'tasks.cancel' },
      )
      return r.rows[0] && toRecord(r.rows[0])
    },

    /**
     * Takes back tasks whose runner stopped renewing its lease (a crashed process): they are queued again,
     * cancelled if asked, or dead when that was their last attempt.
     */
    async sweepExpired(): Promise<{ id: string; type: string; status: TaskStatus }[]> {
      const r = await db.query<{ id: string; type: string; status: TaskStatus }>(
        `update tasks set
           status = case when cancel_requested then 'cancelled' when attempts >= max_attempts then 'dead' else 'queued' end,
           error = jsonb_build_object('message', 'lease expired (the runner stopped)', 'attempt', attempts),
           finished_at = case when cancel_requested or attempts >= max_attempts then now() end,
           lease_owner = null, lease_until = null, updated_at = now()
         where status = 'running' and lease_until < now()
         returning id, type, status`,
        [],
        { name: 'tasks.sweep' },
      )
      return r.rows
    },

    /**
     * Queued tasks due for longer than `olderThanMs` with their payloads, oldest first: on SQS, tasks whose message
     * was never sent or was lost. Sending them again is safe: the queued -> running claim happens once.
     */
    async stalledQueued(olderThanMs: number, limit: number): Promise<ClaimedTask[]> {
      const r = await db.query<Row>(
        `select ${COLUMNS}, payload from tasks
         where status = 'queued' and run_at < now() - $1 * interval '1 millisecond'
         order by run_at limit $2`,
        [olderThanMs, limit],
        { name: 'tasks.stalled' },
      )
      return r.rows.map(toClaimed)
    },

    /**
     * Deletes finished tasks (succeeded, dead, cancelled) whose finish is older than `olderThanMs`, oldest first,
     * up to `limit` rows, `batch` a statement, so no statement holds the table long. On PGlite, which runs no
     * autovacuum, the table is vacuumed afterwards: every transition of a task leaves a dead row version behind.
     * In the database's background lane (request statements go first). Answers how many rows were deleted.
     */
    prune(olderThanMs: number, limit = 10_000, batch = 1_000): Promise<number> {
      return inBackground(async () => {
        let deleted = 0
        while (deleted < limit) {
          const n = Math.min(batch, limit - deleted)
          const r = await db.query(
            `delete from tasks where id in (
               select id from tasks
               where status in ('succeeded', 'dead', 'cancelled')
                 and finished_at < now() - $1 * interval '1 millisecond'
               order by finished_at limit $2)`,
            [olderThanMs, n],
            { name: 'tasks.prune' },
          )
          deleted += r.rowCount
          if (r.rowCount < n) break
        }
        await reclaimDeadRows(db, ['tasks'], 'tasks.vacuum')
        return deleted
      })
    },

    /** Depth and oldest due age per priority, plus running and dead counts. */
    async stats(): Promise<QueueStats> {
      const r = await db.query<{
        priority: number | null
        status: string
        n: number
        oldest_ms: number | null
      }>(
        `select priority, status, count(*)::int as n,
           (extract(epoch from now() - min(run_at) filter (where run_at <= now())) * 1000)::float8 as oldest_ms
         from tasks where status in ('queued', 'running', 'dead') group by priority, status`,
        [],
        { name: 'tasks.stats' },
      )
      const depth = { high: 0, normal: 0, low: 0 }
      const oldestAgeMs = { high: 0, normal: 0, low: 0 }
      let running = 0
      let dead = 0
      for (const x of r.rows) {
        const p = PRIORITIES[x.priority ?? 1] ?? 'normal'
        if (x.status === 'queued') {
          depth[p] += x.n
          oldestAgeMs[p] = Math.max(oldestAgeMs[p], x.oldest_ms ?? 0)
        } else if (x.status === 'running') running += x.n
        else dead += x.n
      }
      return { depth, oldestAgeMs, running, dead }
    },
  }
}

/** The SQL store of task rows. */
export type TaskStore = ReturnType<typeof taskStore>
