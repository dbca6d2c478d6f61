/**
 * A database runner in its own process, for the multi-process tests: `DATABASE_URL` and `LEASE_MS` from the
 * environment; prints one JSON line per started task; drains on SIGTERM (SIGKILL is the crash case).
 */
import { createPgDatabase } from '@supernova/db'
import { DatabaseRunner, defineTask, taskRegistry } from '@supernova/queue'
import { z } from 'zod'

const db = await createPgDatabase({ connectionString: process.env.DATABASE_URL!, max: 20 })
const owner = `child-${process.pid}`
const registry = taskRegistry([
  // Slow on its first attempt only, so the process that first claims it can be killed mid-task.
  defineTask({
    type: 'slow-first',
    schema: z.object({}),
    handler: async (_p, ctx) => {
      if (ctx.attempt === 1) await new Promise((r) => setTimeout(r, 120_000))
      return { finishedBy: owner, attempt: ctx.attempt }
    },
  }),
  // Applies a visible effect: one row per run, so a task run twice shows up as two rows.
  defineTask({
    type: 'apply',
    schema: z.object({ n: z.number() }),
    handler: async (_p, ctx) => {
      await db.query('insert into task_effects (task_id, owner) values ($1, $2)', [ctx.id, owner])
      return { by: owner }
    },
  }),
])
const runner = new DatabaseRunner({
  db,
  registry,
  owner,
  leaseMs: Number(process.env.LEASE_MS ?? 2000),
  pollMs: 20,
  statsMs: 200,
  maxWorkers: 50,
  events: {
    started: (type) => process.stdout.write(`${JSON.stringify({ started: type, pid: process.pid })}\n`),
  },
}).start()
process.stdout.write(`${JSON.stringify({ ready: process.pid })}\n`)
process.on('SIGTERM', () => {
  void runner
    .drain(1000)
    .then(() => db.close())
    .then(() => process.exit(0))
})
