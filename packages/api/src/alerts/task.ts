import { defineTask, type TaskDefinition } from '@supernova/queue'
import { z } from 'zod'
import type { AlertEvaluator } from './evaluator.ts'

/** The scheduled evaluation's task type: enqueued periodically (embedded) or by an EventBridge schedule (Lambda). */
export const ALERTS_EVALUATE_TASK = 'alerts-evaluate'

/** Task types of the alerts feature: one pass over every enabled rule. */
export function alertTaskTypes(evaluator: () => AlertEvaluator | undefined): TaskDefinition[] {
  const evaluate = defineTask({
    type: ALERTS_EVALUATE_TASK,
    schema: z.object({}).strict().default({}),
    priority: 'high',
    timeoutMs: 5 * 60_000,
    // The next scheduled pass evaluates the same rules; retrying a failed one only competes with it.
    maxAttempts: 1,
    handler: async (_payload, ctx) => {
      const e = evaluator()
      if (!e) throw new Error('alert evaluation is not configured in this process')
      ctx.progress(0, 'evaluating enabled alert rules')
      const r = await e.evaluateAll('schedule')
      ctx.progress(1, `${r.evaluated} rules evaluated, ${r.fired.length} fired`)
      return { evaluated: r.evaluated, fired: r.fired.length, conflicts: r.conflicts }
    },
  })
  return [evaluate as TaskDefinition]
}
