import type { TaskQueue } from './port.ts'
import { DatabaseRunner, type RunnerOptions } from './runner.ts'
import { createTaskQueue } from './tasks.ts'

/**
 * The embedded / self-hosted shape: the task port over the SQL database with a runner in this process. An
 * enqueue wakes the local runner; a cancel aborts a task running here at once (elsewhere at the next heartbeat).
 * Call `runner.start()` where tasks should run (servers), leave it stopped where they should not.
 */
export function databaseTasks(options: RunnerOptions & { maxPayloadBytes?: number }): {
  queue: TaskQueue
  runner: DatabaseRunner
} {
  const runner = new DatabaseRunner(options)
  const queue = createTaskQueue({
    db: options.db,
    registry: options.registry,
    kind: 'database runner',
    dispatch: () => runner.wake(),
    onCancel: (id) => runner.cancel(id),
    maxPayloadBytes: options.maxPayloadBytes,
  })
  return { queue, runner }
}
