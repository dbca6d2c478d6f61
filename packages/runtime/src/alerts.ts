import { ALERTS_EVALUATE_TASK } from '@supernova/api'
import type { AlertRepository } from '@supernova/db'
import type { TaskQueue } from '@supernova/queue'

/**
 * The embedded and self-hosted schedule of alert evaluation: every `everyMs`, one `alerts-evaluate` task through
 * the task port (on Lambda an EventBridge schedule enqueues the same type). The idempotency key names the period,
 * so several instances enqueue one task per period between them; nothing is enqueued while no rule is enabled.
 * Returns the stop function; the timer is unref'd.
 */
export function scheduleAlertEvaluation(
  queue: TaskQueue,
  rules: Pick<AlertRepository, 'watchedSymbols'>,
  everyMs: number,
  onError: (err: unknown) => void,
  now: () => number = Date.now,
): () => void {
  const timer = setInterval(() => {
    rules
      .watchedSymbols()
      .then(async (watched) => {
        if (watched.length === 0) return
        const period = Math.floor(now() / everyMs)
        await queue.enqueue(
          ALERTS_EVALUATE_TASK,
          {},
          { idempotencyKey: `${ALERTS_EVALUATE_TASK}:${everyMs}:${period}` },
        )
      })
      .catch(onError)
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
