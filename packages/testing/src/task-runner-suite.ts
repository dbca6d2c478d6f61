import { fileURLToPath } from 'node:url'
import { migrate, queryPriority, type SqlDatabase } from '@supernova/db'
import {
  DatabaseRunner,
  databaseTasks,
  defineTask,
  type RunnerOptions,
  type TaskQueue,
  type TaskRecord,
  taskRegistry,
} from '@supernova/queue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { chaosSql } from './chaos-sql.ts'

/** Polls until `check` returns a value (bounded; the bound is a hang guard, not a timing assertion). */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  limitMs = 20_000,
): Promise<T> {
  const until = Date.now() + limitMs
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > until) throw new Error('waitFor: condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Waits until the task reaches a final status and returns its record. */
export const settled = (queue: TaskQueue, id: string, limitMs?: number): Promise<TaskRecord> =>
  waitFor(async () => {
    const t = await queue.get(id)
    return t && ['succeeded', 'dead', 'cancelled'].includes(t.status) ? t : undefined
  }, limitMs)

/** Inserts `n` queued rows in one statement (setup for volume tests; enqueue itself is tested one by one). */
export async function bulkInsert(
  db: SqlDatabase,
  type: string,
  payload: unknown,
  n: number,
  priority: 'high' | 'normal' | 'low',
): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `insert into tasks (id, type, priority, status, payload, max_attempts, timeout_ms, run_at)
     select 'task_' || gen_random_uuid(), $1, $2, 'queued', $3::jsonb, 3, 60000, now() + i * interval '1 microsecond'
     from generate_series(1, $4) as i returning id`,
    [type, ['high', 'normal', 'low'].indexOf(priority), JSON.stringify(payload), n],
  )
  return r.rows.map((x) => x.id)
}

/** Test task types: each records what it saw so a test can check order, runs and aborts. */
export function testTaskTypes() {
  const started: string[] = []
  const runs = new Map<string, number>()
  const aborts = new Map<string, unknown>()
  const gates = new Map<string, () => void>()
  const note = (id: string) => {
    started.push(id)
    runs.set(id, (runs.get(id) ?? 0) + 1)
  }
  const registry = taskRegistry([
    defineTask({
      type: 'echo',
      schema: z.object({ value: z.number() }),
      handler: async (p, ctx) => {
        note(ctx.id)
        ctx.progress(0.5, 'half way')
        return { doubled: p.value * 2, by: ctx.attempt, lane: queryPriority() }
      },
    }),
    defineTask({
      type: 'sleepy',
      schema: z.object({ ms: z.number().int().min(0).max(60_000) }),
      handler: async (p, ctx) => {
        note(ctx.id)
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, p.ms)
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(t)
            aborts.set(ctx.id, ctx.signal.reason)
            reject(ctx.signal.reason)
          })
        })
        return { slept: p.ms }
      },
    }),
    defineTask({
      type: 'gated',
      schema: z.object({}),
      handler: async (_p, ctx) => {
        note(ctx.id)
        await new Promise<void>((resolve) => gates.set(ctx.id, resolve))
        return { opened: true }
      },
    }),
    defineTask({
      type: 'poison',
      schema: z.object({ why: z.string() }),
      maxAttempts: 3,
      handler: async (p, ctx) => {
        note(ctx.id)
        throw new Error(`${p.why} (attempt ${ctx.attempt})`)
      },
    }),
  ])
  return { registry, started, runs, aborts, gates }
}

/**
 * The database runner's behaviour, run on each database (PGlite, PostgreSQL): results, idempotency, priority
 * under load, retries to `dead`, cancel of queued and running tasks, timeouts, takeover after a lost lease,
 * hand-back on drain. `open` returns a fresh, empty database.
 */
export function describeTaskRunner(
  name: string,
  open: () => Promise<{ db: SqlDatabase; cleanup?: () => Promise<void> }>,
  options: { bulk?: number } = {},
) {
  const bulk = options.bulk ?? 2000
  describe(`database task runner: ${name}`, () => {
    let db: SqlDatabase
    let cleanup: (() => Promise<void>) | undefined
    const runners: DatabaseRunner[] = []
    const fast = (over: Partial<RunnerOptions> = {}): Omit<RunnerOptions, 'db' | 'registry'> => ({
      pollMs: 20,
      idlePollMaxMs: 20,
      // Long enough that a loaded CI machine still renews in time; the takeover test waits one lease.
      leaseMs: 2000,
      statsMs: 100,
      backoff: { baseMs: 5, maxMs: 20 },
      ...over,
    })
    const make = (over: Partial<RunnerOptions> = {}) => {
      const types = testTaskTypes()
      const { queue, runner } = databaseTasks({ db, registry: types.registry, ...fast(over) })
      runners.push(runner)
      return { queue, runner, ...types }
    }

    beforeAll(async () => {
      ;({ db, cleanup } = await open())
      await migrate(db)
    }, 180_000)
    afterAll(async () => {
      for (const r of runners) await r.drain(0)
      await db?.close()
      await cleanup?.()
    })

    it('writes the row before it runs, records progress, the result and the attempt', async () => {
      const { queue, runner } = make()
      const { task, created } = await queue.enqueue('echo', { value: 21 })
      expect(created).toBe(true)
      expect(task).toMatchObject({ status: 'queued', priority: 'normal', attempts: 0, type: 'echo' })
      runner.start()
      const done = await settled(queue, task.id)
      expect(done).toMatchObject({
        status: 'succeeded',
        result: { doubled: 42, by: 1 },
        attempts: 1,
        error: null,
      })
      expect(done.progress.value).toBe(1)
      expect(done.startedAt).toBeInstanceOf(Date)
      // on PGlite the handler ran in the background lane: request statements go first on its single session
      if (db.kind === 'pglite') expect((done.result as { lane: string }).lane).toBe('background')
      await runner.drain()
    })

    it('returns the same task for the same idempotency key', async () => {
      const { queue } = make()
      const a = await queue.enqueue('echo', { value: 1 }, { idempotencyKey: `k-${name}` })
      const b = await queue.enqueue('echo', { value: 2 }, { idempotencyKey: `k-${name}` })
      expect(b.created).toBe(false)
      expect(b.task.id).toBe(a.task.id)
      const n = await db.query<{ n: number }>(
        'select count(*)::int as n from tasks where idempotency_key = $1',
        [`k-${name}`],
      )
      expect(n.rows[0]!.n).toBe(1)
    })

    it('refuses unknown types, bad payloads and oversized payloads with validation errors', async () => {
      const { queue } = make()
      await expect(queue.enqueue('nope', {})).rejects.toMatchObject({ code: 'validation_error' })
      await expect(queue.enqueue('echo', { value: 'x' })).rejects.toMatchObject({
        code: 'validation_error',
        details: [expect.objectContaining({ field: 'payload.value' })],
      })
      await expect(queue.enqueue('poison', { why: 'x'.repeat(5_000_000) })).rejects.toMatchObject({
        code: 'validation_error',
      })
    })

    it('starts a high-priority task behind 1,000 low ones in the next claim', async () => {
      const { queue, runner, started } = make({ minWorkers: 2, maxWorkers: 2 })
      const lows: string[] = []
      for (let i = 0; i < 1000; i++)
        lows.push((await queue.enqueue('sleepy', { ms: 1 }, { priority: 'low' })).task.id)
      runner.start()
      // Under load: the runner is busy with the low ones when the high one arrives.
      await waitFor(() => started.length >= 10)
      const before = started.length
      const high = (await queue.enqueue('echo', { value: 1 }, { priority: 'high' })).task.id
      await waitFor(() => started.includes(high))
      // Only tasks already claimed (at most one claim of the pool's size, plus those running) start first.
      expect(started.indexOf(high) - before).toBeLessThanOrEqual(2 * runner.poolSize)
      expect(started.indexOf(high)).toBeLessThan(lows.length)
      await runner.drain()
      await db.query(
        "update tasks set status = 'cancelled' where id = any($1::text[]) and status = 'queued'",
        [lows],
      )
    }, 120_000)

    it('retries with backoff and ends a poison task dead with its last error', async () => {
      const dead: string[] = []
      const { queue, runner, runs } = make({ events: { dead: (t) => dead.push(t) } })
      runner.start()
      const { task } = await queue.enqueue('poison', { why: 'bad data' })
      const done = await settled(queue, task.id)
      expect(done).toMatchObject({
        status: 'dead',
        attempts: 3,
        error: { message: 'bad data (attempt 3)', attempt: 3 },
      })
      expect(runs.get(task.id)).toBe(3)
      expect(dead).toContain('poison')
      await runner.drain()
    })

    it('cancels a queued task before it runs and a running one through its abort signal', async () => {
      const { queue, runner, runs, aborts } = make()
      const queued = await queue.enqueue('echo', { value: 1 }, { delay: 60_000 })
      const c = await queue.cancel(queued.task.id)
      expect(c?.status).toBe('cancelled')
      runner.start()
      const { task } = await queue.enqueue('sleepy', { ms: 60_000 })
      await waitFor(() => runs.has(task.id))
      await queue.cancel(task.id)
      const done = await settled(queue, task.id)
      expect(done.status).toBe('cancelled')
      expect((aborts.get(task.id) as { reason?: string }).reason).toBe('cancelled')
      expect(runs.has(queued.task.id)).toBe(false)
      await runner.drain()
    })

    it('a cancel from another process reaches the running task at its next heartbeat', async () => {
      const { queue, runner, runs, aborts } = make()
      const other = make().queue // a second port over the same database, without this runner
      runner.start()
      const { task } = await queue.enqueue('sleepy', { ms: 60_000 })
      await waitFor(() => runs.has(task.id))
      await other.cancel(task.id)
      expect((await settled(queue, task.id)).status).toBe('cancelled')
      expect((aborts.get(task.id) as { reason?: string }).reason).toBe('cancelled')
      await runner.drain()
    })

    it('aborts a task past its timeout and retries it, then gives up', async () => {
      const { queue, runner, aborts } = make()
      runner.start()
      const { task } = await queue.enqueue('sleepy', { ms: 60_000 }, { timeoutMs: 30, maxAttempts: 2 })
      const done = await settled(queue, task.id)
      expect(done).toMatchObject({ status: 'dead', attempts: 2, error: { message: 'timed out after 30 ms' } })
      expect((aborts.get(task.id) as { reason?: string }).reason).toBe('timeout')
      await runner.drain()
    })

    it('takes over the task of a runner that lost its database, and records exactly one result', async () => {
      const chaos = chaosSql(db)
      const a = testTaskTypes()
      const crashed = new DatabaseRunner({ db: chaos, registry: a.registry, ...fast(), owner: 'crashed' })
      runners.push(crashed)
      const { queue } = databaseTasks({ db, registry: a.registry, ...fast() })
      const { task } = await queue.enqueue('gated', {})
      crashed.start()
      await waitFor(() => a.runs.has(task.id))
      chaos.cut() // the first runner can no longer renew or complete
      const b = make()
      b.runner.start()
      await waitFor(() => b.runs.has(task.id))
      b.gates.get(task.id)!()
      const done = await settled(queue, task.id)
      expect(done).toMatchObject({ status: 'succeeded', attempts: 2, result: { opened: true } })
      // The first runner finishing late changes nothing: its completion is refused (lease gone).
      chaos.restore()
      a.gates.get(task.id)!()
      await waitFor(() => crashed.active === 0)
      const rows = await db.query<{ status: string; attempts: number }>(
        'select status, attempts from tasks where id = $1',
        [task.id],
      )
      expect(rows.rows).toEqual([{ status: 'succeeded', attempts: 2 }])
      await b.runner.drain()
      await crashed.drain()
    })

    it('an idle runner polls less and less, and a local enqueue still starts at once', async () => {
      // the earlier tests' runners would poll too: only this one runs
      for (const r of runners) await r.drain(0)
      const { queue, runner, runs } = make({ idlePollMaxMs: 640 })
      let claims = 0
      const stop = db.observe((q) => {
        if (q.name === 'tasks.claim') claims++
      })
      runner.start()
      await new Promise((r) => setTimeout(r, 1500))
      stop()
      // 20, 40, 80, ... 640 ms: about 8 polls in 1.5 s where a fixed 20 ms poll makes about 75
      expect(claims).toBeGreaterThan(0)
      expect(claims).toBeLessThan(20)
      const { task } = await queue.enqueue('echo', { value: 2 })
      await waitFor(() => runs.has(task.id))
      await runner.drain(0)
    })

    it('hands running tasks back on drain without spending an attempt', async () => {
      const { queue, runner, runs } = make()
      runner.start()
      const { task } = await queue.enqueue('gated', {})
      await waitFor(() => runs.has(task.id))
      await runner.drain(0)
      const t = await queue.get(task.id)
      expect(t).toMatchObject({ status: 'queued', attempts: 0 })
      await queue.cancel(task.id)
    })

    it('prunes finished tasks past the retention, oldest first and bounded, and keeps the rest', async () => {
      const { queue, runner } = make()
      const week = 7 * 86_400_000
      const done = await Promise.all([1, 2, 3].map((value) => queue.enqueue('echo', { value })))
      runner.start()
      for (const { task } of done) await settled(queue, task.id)
      await runner.drain()
      const later = { delay: 3_600_000, idempotencyKey: `prune-${name}` }
      const queued = await queue.enqueue('echo', { value: 4 }, later)
      const cancelled = await queue.enqueue('echo', { value: 5 }, { delay: 3_600_000 })
      await queue.cancel(cancelled.task.id)
      // the cancel finished 10 days ago, the first two runs 9 and 8; the queued one was written 8 days ago
      const old = [cancelled.task.id, done[0]!.task.id, done[1]!.task.id]
      await db.query(
        `update tasks t set finished_at = now() - v.days * interval '1 day'
         from (select unnest($1::text[]) as id, unnest($2::int[]) as days) v where t.id = v.id`,
        [old, [10, 9, 8]],
      )
      await db.query(`update tasks set created_at = now() - interval '8 days' where id = $1`, [
        queued.task.id,
      ])
      const vacuums = async () =>
        (
          await db.query<{ n: number }>(
            `select vacuum_count::int as n from pg_stat_user_tables where relname = 'tasks'`,
          )
        ).rows[0]?.n ?? 0
      const v0 = await vacuums()
      // at most the limit, oldest first: the cancel and the first run
      expect(await queue.prune(week, 2)).toBe(2)
      expect(await queue.get(cancelled.task.id)).toBeUndefined()
      expect(await queue.get(done[0]!.task.id)).toBeUndefined()
      expect(await queue.get(done[1]!.task.id)).toBeDefined()
      expect(await queue.prune(week)).toBe(1)
      expect(await queue.prune(week)).toBe(0)
      expect(await queue.get(done[1]!.task.id)).toBeUndefined()
      expect((await queue.get(done[2]!.task.id))?.status).toBe('succeeded')
      expect((await queue.get(queued.task.id))?.status).toBe('queued')
      // PGlite runs no autovacuum: each prune vacuums the table (PostgreSQL's autovacuum does it elsewhere)
      if (db.kind === 'pglite') expect(await vacuums()).toBe(v0 + 3)
      // the queued task's idempotency key still holds; a pruned task's id is gone for good
      expect((await queue.enqueue('echo', { value: 6 }, later)).created).toBe(false)
      await queue.cancel(queued.task.id)
    })

    it(`runs ${bulk} tasks through two runners: none lost, none run twice`, async () => {
      // A lease lost to a slow statement is a legitimate takeover (at-least-once), tested on its own above; here a
      // long lease keeps a loaded machine's queueing of 100 concurrent statements from standing in for a crash.
      const one = make({ maxWorkers: 50, leaseMs: 30_000 })
      const two = make({ maxWorkers: 50, leaseMs: 30_000 })
      const ids = await bulkInsert(db, 'echo', { value: 1 }, bulk, 'normal')
      one.runner.start()
      two.runner.start()
      await waitFor(async () => {
        const r = await db.query<{ n: number }>(
          "select count(*)::int as n from tasks where type = 'echo' and status = 'succeeded' and id = any($1::text[])",
          [ids],
        )
        return r.rows[0]!.n === ids.length || undefined
      }, 120_000)
      const ran = [...one.runs.entries(), ...two.runs.entries()].filter(([id]) => ids.includes(id))
      expect(ran.length).toBe(ids.length)
      expect(ran.every(([, n]) => n === 1)).toBe(true)
      expect(one.runs.size).toBeGreaterThan(0)
      expect(two.runs.size).toBeGreaterThan(0)
      await one.runner.drain()
      await two.runner.drain()
    }, 180_000)
  })
}

/** Path of the runner-in-a-process script (task-runner-child.ts) the multi-process tests spawn under tsx. */
export const TASK_RUNNER_CHILD = fileURLToPath(new URL('./task-runner-child.ts', import.meta.url))
