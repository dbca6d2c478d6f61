import { LOCAL_OWNER, NotFoundError, ValidationError } from '@supernova/core'
import type { SqlDatabase } from '@supernova/db'
import type { z } from 'zod'
import type { EnqueueOptions, TaskDefinition, TaskQueue, TaskRecord } from './port.ts'
import { type ClaimedTask, taskStore } from './store.ts'

/** Largest accepted payload (JSON bytes); bigger work should name stored data instead of carrying it. */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024
/** Defaults for types that do not set their own. */
export const TASK_DEFAULTS = { maxAttempts: 3, timeoutMs: 15 * 60_000, priority: 'normal' } as const

/** Declares a task type; the generic ties the handler's payload to the schema. */
export function defineTask<S extends z.ZodType, R>(def: TaskDefinition<S, R>): TaskDefinition<S, R> {
  return def
}

/** Task types by name. */
export type TaskRegistry = ReadonlyMap<string, TaskDefinition>

/** Builds the registry; a type registered twice is a programming error. */
export function taskRegistry(defs: readonly TaskDefinition<z.ZodType, unknown>[]): TaskRegistry {
  const map = new Map<string, TaskDefinition>()
  for (const d of defs) {
    if (map.has(d.type)) throw new Error(`task type '${d.type}' registered twice`)
    map.set(d.type, d as TaskDefinition)
  }
  return map
}

/** Hands a freshly written row to whatever runs tasks (wake a local runner, send an SQS message). */
export type Dispatch = (task: ClaimedTask) => Promise<void> | void

/**
 * The task port over the SQL store: validates type and payload, writes the row (the API's 202 comes after
 * this), then dispatches. `onCancel` lets an in-process runner abort a running task at once.
 */
export function createTaskQueue(options: {
  db: SqlDatabase
  registry: TaskRegistry
  kind: string
  dispatch?: Dispatch
  onCancel?: (id: string) => void
  /**
   * A dispatch that failed (the SQS endpoint down): the row is written and stays queued, so the task is not
   * lost; the re-dispatch sweep sends it again. Called for logging and the failure counter.
   */
  onDispatchError?: (task: ClaimedTask, error: unknown) => void
  maxPayloadBytes?: number
}): TaskQueue {
  const store = taskStore(options.db)
  const maxBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES
  return {
    kind: options.kind,
    async enqueue(type: string, payload: unknown, o: EnqueueOptions = {}) {
      const def = options.registry.get(type)
      if (!def)
        throw new ValidationError(`Unknown task type '${type}'.`, {
          details: [{ field: 'type', message: `one of ${[...options.registry.keys()].join(', ')}` }],
        })
      const parsed = def.schema.safeParse(payload)
      if (!parsed.success)
        throw new ValidationError(
          `Invalid payload for task type '${type}': ${parsed.error.issues[0]?.message}.`,
          {
            details: parsed.error.issues.map((i) => ({
              field: ['payload', ...i.path.map(String)].join('.'),
              message: i.message,
            })),
          },
        )
      const bytes = Buffer.byteLength(JSON.stringify(parsed.data ?? null))
      if (bytes > maxBytes)
        throw new ValidationError(`Task payload is ${bytes} bytes; the limit is ${maxBytes}.`, {
          details: [{ field: 'payload', message: `at most ${maxBytes} bytes` }],
        })
      const { task, created } = await store.insert({
        owner: o.owner ?? LOCAL_OWNER,
        type,
        payload: parsed.data,
        priority: o.priority ?? def.priority ?? TASK_DEFAULTS.priority,
        delayMs: Math.max(0, o.delay ?? 0),
        idempotencyKey: o.idempotencyKey,
        maxAttempts: Math.max(1, o.maxAttempts ?? def.maxAttempts ?? TASK_DEFAULTS.maxAttempts),
        timeoutMs: Math.max(1, o.timeoutMs ?? def.timeoutMs ?? TASK_DEFAULTS.timeoutMs),
      })
      // The row is the record of acceptance (an outbox): once it is written the task is accepted whether or not
      // the dispatch gets through now, and a failed dispatch is retried by the sweep rather than failing the call.
      if (created)
        try {
          await options.dispatch?.(task)
        } catch (e) {
          options.onDispatchError?.(task, e)
        }
      const { payload: _p, ...record } = task
      return { task: record, created }
    },
    get: (id) => store.get(id),
    list: (q) => store.list(q),
    async cancel(id) {
      const t = await store.cancel(id)
      if (t?.status === 'running') options.onCancel?.(id)
      return t
    },
    stats: () => store.stats(),
    types: () => [...options.registry.keys()],
    prune: (olderThanMs, limit) => store.prune(olderThanMs, limit),
  }
}

/** The record or a 404 naming the id. */
export async function requireTask(queue: TaskQueue, id: string): Promise<TaskRecord> {
  const t = await queue.get(id)
  if (!t) throw new NotFoundError(`Task '${id}' does not exist.`)
  return t
}
