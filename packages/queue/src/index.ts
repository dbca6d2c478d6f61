export { databaseTasks } from './database.ts'
export type {
  EnqueueOptions,
  Priority,
  ProgressReporter,
  QueueStats,
  TaskContext,
  TaskDefinition,
  TaskListQuery,
  TaskQueue,
  TaskRecord,
  TaskStatus,
} from './port.ts'
export { PRIORITIES, TASK_STATUSES } from './port.ts'
export type { AbortReason, RunnerOptions, TaskChange, TaskEvents } from './runner.ts'
export { backoffMs, DatabaseRunner, startDatabaseRunner } from './runner.ts'
export type { SqsTaskQueue, SqsTasksOptions, TaskMessage } from './sqs.ts'
export {
  createSqsClient,
  ensureSqsQueues,
  loadSqsSdk,
  messageBody,
  SQS_INLINE_LIMIT,
  sqsTasks,
} from './sqs.ts'
export type { SqsRecordLike, SqsWorker, SqsWorkerOptions } from './sqs-worker.ts'
export { createSqsWorker, queueUrlFromArn } from './sqs-worker.ts'
export type { ClaimedTask, NewTask, TaskStore } from './store.ts'
export { newTaskId, taskStore } from './store.ts'
export type { Dispatch, TaskRegistry } from './tasks.ts'
export {
  createTaskQueue,
  defineTask,
  MAX_PAYLOAD_BYTES,
  requireTask,
  TASK_DEFAULTS,
  taskRegistry,
} from './tasks.ts'
export type { ComputeJob } from './threads/compute-jobs.ts'
export { runComputeJob } from './threads/compute-jobs.ts'
export type { ComputePool, ComputePoolOptions, ComputeStats } from './threads/compute-pool.ts'
export { createComputePool } from './threads/compute-pool.ts'
export type { WorkerPool } from './threads/optimize-pool.ts'
export { createWorkerPool } from './threads/optimize-pool.ts'
