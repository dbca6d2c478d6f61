/**
 * Lambda entry for EventBridge schedules: enqueues the task type a schedule names (default `alerts-evaluate`)
 * through the task port, so the row is written and the SQS worker (functions/worker.ts) runs it, exactly as a
 * periodic enqueue does on a server. The schedule's event time is the idempotency key: a retried delivery of one
 * scheduled event enqueues one task.
 */
import { ALERTS_EVALUATE_TASK } from '@supernova/api'
import type { TaskQueue } from '@supernova/queue'
import { createDeps, loadConfig } from '@supernova/runtime'

/** The EventBridge scheduled event (the fields read), with an optional `detail.taskType`. */
export interface ScheduledEvent {
  id?: string
  time?: string
  detail?: { taskType?: string }
}

/** Builds a handler over a task queue (the module-level one below, or a test's). */
export function createScheduleHandler(queue: Promise<TaskQueue | undefined>) {
  return async (event: ScheduledEvent) => {
    const q = await queue
    if (!q) throw new Error('no task queue is configured (set the SQS_QUEUE_URL_* variables)')
    const type = event.detail?.taskType ?? ALERTS_EVALUATE_TASK
    const key = event.time ?? event.id
    const { task, created } = await q.enqueue(
      type,
      {},
      key ? { idempotencyKey: `schedule:${type}:${key}` } : {},
    )
    return { taskId: task.id, type, created }
  }
}

let lazy: ReturnType<typeof createScheduleHandler> | undefined

/** The deployed handler: adapters built on first use (no request path here), reused by the container. */
export const handler = (event: ScheduledEvent) => {
  lazy ??= createScheduleHandler(createDeps(loadConfig(), { runTasks: false }).then((rt) => rt.deps.tasks))
  return lazy(event)
}
