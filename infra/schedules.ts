/**
 * Scheduled work: EventBridge Scheduler invokes functions/schedule.ts with one of these jobs, and the function
 * enqueues it through the task port, so it runs on the SQS workers like any other task (retries, DLQ, metrics).
 */
import type { Priority, Stage } from './settings'

/** One scheduled job: when, and the task it enqueues or the maintenance it runs in the function itself. */
export type ScheduledJob = {
  /** Component name (PascalCase) and the job's name in the event. */
  name: string
  schedule: `rate(${string})` | `cron(${string})`
} & (
  | { task: { type: string; payload: Record<string, unknown>; priority: Priority }; action?: never }
  | { action: 'redispatch' | 'prune'; task?: never }
)

/** The jobs every stage runs. */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    // Refills the shared cache tier (Upstash) with the most-read histories before they expire.
    name: 'WarmCache',
    schedule: 'rate(5 minutes)',
    task: { type: 'cache-warm', payload: { symbols: 100 }, priority: 'low' },
  },
  {
    // Price-alert evaluation (the alerts feature's ALERTS_EVALUATE_TASK); a minute is the finest rate Scheduler offers.
    name: 'EvaluateAlerts',
    schedule: 'rate(1 minute)',
    task: { type: 'alerts-evaluate', payload: {}, priority: 'high' },
  },
  {
    // Re-sends tasks whose SQS message never went out (the row is the outbox): the sweep servers run on a timer,
    // which Lambda cannot hold. Run in the function, not as a task: a task would need the very queue that failed.
    name: 'RedispatchTasks',
    schedule: 'rate(2 minutes)',
    action: 'redispatch',
  },
  {
    // Deletes finished tasks past TASK_RETENTION_DAYS (servers do it on a timer). In the function: a prune is
    // one bounded statement loop, and it should not wait behind the work it tidies up after.
    name: 'PruneTasks',
    schedule: 'rate(1 hour)',
    action: 'prune',
  },
]

/**
 * The event the scheduler sends: the job, and the slot it fires for (Scheduler fills in the context attribute),
 * which makes the idempotency key, so a retried or duplicated delivery enqueues the task once.
 */
export function scheduleEvent(job: ScheduledJob) {
  const what = job.action ? { action: job.action } : { task: job.task }
  return { job: job.name, ...what, scheduledTime: '<aws.scheduler.scheduled-time>' }
}

/** Lambda settings of the scheduled function and of its schedules. */
export function scheduleFunctionSettings(_stage: Stage) {
  return {
    handler: 'functions/schedule.handler',
    runtime: 'nodejs22.x' as const,
    architecture: 'arm64' as const,
    // It only writes a row and sends a message.
    memory: '512 MB' as const,
    timeout: '30 seconds' as const,
    environment: {
      NODE_ENV: 'production',
      SEED_SAMPLE_DATA: 'false',
      POWERTOOLS_SERVICE_NAME: 'supernova-schedule',
      POWERTOOLS_METRICS_NAMESPACE: 'SuperNova',
    },
    // Scheduler retries a failed invocation; the idempotency key keeps it to one task per slot.
    retries: 2,
  }
}
