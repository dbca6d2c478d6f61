import type { z } from 'zod'

/** Queue priorities, highest first (stored as 0, 1, 2). */
export const PRIORITIES = ['high', 'normal', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]

/** Task states; the last three are final. */
export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'dead', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** What a task row says about one task (payload left out of lists). */
export interface TaskRecord {
  id: string
  /** Who enqueued it (the principal's owner); only that owner sees it through the API. */
  owner: string
  type: string
  priority: Priority
  status: TaskStatus
  /** 0-1, with the handler's last message. */
  progress: { value: number; message: string | null }
  attempts: number
  maxAttempts: number
  timeoutMs: number
  result: unknown
  /** Last attempt's error (kept after a retry succeeds is not wanted: cleared on success). */
  error: { message: string; attempt: number } | null
  idempotencyKey: string | null
  cancelRequested: boolean
  runAt: Date
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

/** Options of one enqueue; unset ones come from the task type's definition. */
export interface EnqueueOptions {
  /** The owner the task belongs to (default: the local owner). Idempotency keys are per owner. */
  owner?: string
  priority?: Priority
  /** Start no earlier than this many ms from now. */
  delay?: number
  /** The same key returns the task first enqueued with it. */
  idempotencyKey?: string
  maxAttempts?: number
  timeoutMs?: number
}

/** Reports progress from a running handler (throttled before it reaches the database). */
export type ProgressReporter = (value: number, message?: string) => void

/** What a handler receives besides its payload. */
export interface TaskContext {
  id: string
  attempt: number
  progress: ProgressReporter
  /** Aborted on cancel, timeout, lost lease or shutdown; `signal.reason` says which. */
  signal: AbortSignal
}

/** A task type: a payload schema and the handler that runs it. */
export interface TaskDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  type: string
  schema: S
  handler: (payload: z.output<S>, ctx: TaskContext) => Promise<R>
  /** Defaults for enqueue options. */
  priority?: Priority
  maxAttempts?: number
  timeoutMs?: number
}

/** A page of tasks, newest first, keyed by (created_at, id). */
export interface TaskListQuery {
  /** Only this owner's tasks (every API list passes it; unset lists all, for operators and tests). */
  owner?: string
  status?: TaskStatus
  type?: string
  limit: number
  /** Start after this (createdAt, id) key. */
  before?: { createdAt: Date; id: string }
  /** Skip this many rows (offset paging; unused with `before`). */
  offset?: number
}

/** Depth and lag per priority, for scaling and metrics. */
export interface QueueStats {
  depth: Record<Priority, number>
  /** Age in ms of the oldest due queued task per priority (0 when empty). */
  oldestAgeMs: Record<Priority, number>
  running: number
  dead: number
}

/** The task port routes use: enqueue and observe tasks, whatever runs them. */
export interface TaskQueue {
  /** Which adapter dispatches tasks ('database runner', 'sqs'). */
  readonly kind: string
  /** Validates the payload, writes the row, then dispatches; `created` is false for a known idempotency key. */
  enqueue(
    type: string,
    payload: unknown,
    options?: EnqueueOptions,
  ): Promise<{ task: TaskRecord; created: boolean }>
  get(id: string): Promise<TaskRecord | undefined>
  list(query: TaskListQuery): Promise<TaskRecord[]>
  /** Queued -> cancelled at once; running -> cancel requested, reaching the handler's abort signal. */
  cancel(id: string): Promise<TaskRecord | undefined>
  stats(): Promise<QueueStats>
  /** Registered type names. */
  types(): string[]
  /**
   * Deletes finished tasks (succeeded, dead, cancelled) that finished more than `olderThanMs` ago, up to
   * `limit` rows (default 10,000) a call; answers how many. Their ids and idempotency keys are forgotten with them.
   */
  prune(olderThanMs: number, limit?: number): Promise<number>
}
