/**
 * Lambda for scheduled work (EventBridge Scheduler, stacks/schedules.ts): each event names a job and its task,
 * which is enqueued through the task port (SQS on Lambda), so the workers run it with the usual retries and
 * DLQ. The slot's time makes the idempotency key: a retried or duplicated delivery enqueues the task once.
 * The `redispatch` maintenance job re-sends tasks whose SQS message never went out; `prune` deletes finished tasks
 * past TASK_RETENTION_DAYS. Dependencies are built on first use, without a task runner.
 */
import { PRIORITIES, type SqsTaskQueue, type TaskQueue } from '@supernova/queue'
import { createDeps, loadConfig } from '@supernova/runtime'
import { z } from 'zod'

/** What infra/schedules.ts `scheduleEvent` sends: a task to enqueue, or a maintenance action. */
export const ScheduleEvent = z.object({
  job: z.string().min(1),
  task: z
    .object({
      type: z.string().min(1),
      payload: z.record(z.string(), z.unknown()).default({}),
      priority: z.enum(PRIORITIES).optional(),
    })
    .optional(),
  action: z.enum(['redispatch', 'prune']).optional(),
  // Scheduler's `<aws.scheduler.scheduled-time>`, e.g. 2026-11-30T06:05:00Z.
  scheduledTime: z.string().min(1),
})

/** The scheduled event as delivered. */
export type ScheduleEvent = z.input<typeof ScheduleEvent>

/** What the function answers (the scheduler records only success or failure). */
export type ScheduleResult =
  | { job: string; taskId: string; created: boolean }
  | { job: string; redispatched: number }
  | { job: string; pruned: number }

/** The SQS adapter's re-send sweep, when the port has one (the database runner needs none). */
const canRedispatch = (q: TaskQueue): q is SqsTaskQueue =>
  typeof (q as Partial<SqsTaskQueue>).redispatch === 'function'

/**
 * Builds a handler over a task port (the module-level one below, or a test's). `retentionDays` is how long
 * finished tasks are kept (TASK_RETENTION_DAYS; 0 keeps them, and `prune` deletes nothing).
 */
export function createScheduleHandler(tasks: Promise<TaskQueue> | TaskQueue, retentionDays = 7) {
  return async (event: unknown): Promise<ScheduleResult> => {
    const e = ScheduleEvent.parse(event)
    const queue = await tasks
    if (e.action === 'redispatch')
      return { job: e.job, redispatched: canRedispatch(queue) ? await queue.redispatch() : 0 }
    if (e.action === 'prune')
      return { job: e.job, pruned: retentionDays > 0 ? await queue.prune(retentionDays * 86_400_000) : 0 }
    if (!e.task) throw new Error(`scheduled job '${e.job}' names neither a task nor an action`)
    const { task, created } = await queue.enqueue(e.task.type, e.task.payload, {
      priority: e.task.priority,
      idempotencyKey: `schedule:${e.job}:${e.scheduledTime}`,
    })
    return { job: e.job, taskId: task.id, created }
  }
}

let lazy: ReturnType<typeof createScheduleHandler> | undefined

/** The deployed handler. */
export const handler = (event: unknown) => {
  if (!lazy) {
    const config = loadConfig()
    lazy = createScheduleHandler(
      createDeps(config, { runTasks: false, migrate: false }).then((rt) => {
        if (!rt.deps.tasks) throw new Error('no task port: set SQS_QUEUE_URL_HIGH, _NORMAL and _LOW')
        return rt.deps.tasks
      }),
      config.TASK_RETENTION_DAYS,
    )
  }
  return lazy(event)
}
