import { type ComputeJob, runComputeJob } from '@supernova/queue'
import type { Context } from 'hono'
import type { Placement } from '../cost.ts'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { requestSignal } from '../middleware/timeout.ts'
import { accepted, TaskSchema, tasksOf } from './tasks.ts'

/** The 202 response of a route whose long form runs as a task. */
export const AcceptedTask = {
  202: {
    description: 'Accepted as a background task: poll Location (GET /v1/tasks/{id})',
    schema: TaskSchema,
  },
}

/** The client asked for the background form (`Prefer: respond-async`) and this deployment has tasks. */
export function wantsTask(c: Context<AppEnv>): boolean {
  return !!c.var.deps.tasks && /\brespond-async\b/i.test(c.req.header('prefer') ?? '')
}

/** Writes the task row, then answers 202 with Location; `Idempotency-Key` makes a retried POST return the same task. */
export async function enqueueTask(c: Context<AppEnv>, type: string, payload: unknown): Promise<Response> {
  const { task } = await tasksOf(c).enqueue(type, payload, {
    owner: ownerOf(c),
    idempotencyKey: c.req.header('idempotency-key'),
  })
  c.header('Preference-Applied', 'respond-async')
  return accepted(c, task)
}

/**
 * Runs a priced job where `place` put it: inline on the event loop (cheap), or on the compute pool with the
 * request's deadline signal, which terminates the worker when it passes (the work stops, not just the answer).
 */
export async function runPlaced<T>(
  c: Context<AppEnv>,
  where: Exclude<Placement, 'task'>,
  job: ComputeJob,
): Promise<T> {
  const compute = c.var.deps.compute
  if (where === 'inline' || !compute) return (await runComputeJob(job)) as T
  return compute.run<T>(job, requestSignal(c))
}
