import { isAppError } from '@supernova/core'
import type { Context } from 'hono'
import type { AppEnv } from '../env.ts'
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
    idempotencyKey: c.req.header('idempotency-key'),
  })
  c.header('Preference-Applied', 'respond-async')
  return accepted(c, task)
}

/** A search refused only for its size (grid points past the direct budget, within the task cap): a task can run it. */
export function overBudget(e: unknown, directLimit: number, taskLimit: number): boolean {
  if (!isAppError(e) || e.code !== 'validation_error') return false
  const d = e.details as { field?: string; points?: number } | undefined
  return (
    d?.field === 'space' && typeof d.points === 'number' && d.points > directLimit && d.points <= taskLimit
  )
}
