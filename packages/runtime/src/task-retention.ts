import type { TaskQueue } from '@supernova/queue'

/** How often a server prunes finished tasks, and how long after its start it first does. */
export const PRUNE_EVERY_MS = 60 * 60_000
export const PRUNE_FIRST_MS = 60_000

/**
 * Deletes finished tasks older than `retentionDays` on a timer: first `firstMs` after the start (a server
 * restarted more often than hourly still prunes), then every `everyMs`. The timers are unref'd; several processes
 * on one database may prune at once (each deletes what the others have not). Lambda prunes from the scheduled
 * function instead (infra/schedules.ts), as no timer outlives an invocation. Returns a stop function.
 */
export function scheduleTaskPrune(
  queue: Pick<TaskQueue, 'prune'>,
  retentionDays: number,
  onPruned: (n: number) => void,
  onError: (err: unknown) => void,
  everyMs = PRUNE_EVERY_MS,
  firstMs = PRUNE_FIRST_MS,
): () => void {
  const olderThanMs = retentionDays * 86_400_000
  let running = false
  const prune = () => {
    if (running) return // a slow prune (a first one over a large table) is not stacked
    running = true
    queue
      .prune(olderThanMs)
      .then(onPruned, onError)
      .finally(() => {
        running = false
      })
  }
  let interval: ReturnType<typeof setInterval> | undefined
  const first = setTimeout(() => {
    prune()
    interval = setInterval(prune, everyMs)
    interval.unref()
  }, firstMs)
  first.unref()
  return () => {
    clearTimeout(first)
    clearInterval(interval)
  }
}
