import { randomUUID } from 'node:crypto'
import type { SQSClient } from '@aws-sdk/client-sqs'
import { CALLER_ERROR_CODES, isAppError } from '@supernova/core'
import type { SqlDatabase } from '@supernova/db'
import type { TaskContext } from './port.ts'
import { backoffMs, type TaskEvents } from './runner.ts'
import { loadSqsSdk, type TaskMessage } from './sqs.ts'
import { taskStore } from './store.ts'
import type { TaskRegistry } from './tasks.ts'

/** The fields of an SQS record the worker reads (the Lambda event's shape). */
export interface SqsRecordLike {
  messageId: string
  receiptHandle: string
  body: string
  eventSourceARN?: string
  attributes?: { ApproximateReceiveCount?: string }
}

/** Turns an event source ARN (arn:aws:sqs:region:account:name) into the queue URL ChangeMessageVisibility needs. */
export function queueUrlFromArn(arn: string, endpoint?: string): string {
  const [, , , region, account, name] = arn.split(':')
  return `${endpoint ?? `https://sqs.${region}.amazonaws.com`}/${account}/${name}`
}

export interface SqsWorkerOptions {
  db: SqlDatabase
  registry: TaskRegistry
  client: SQSClient
  /** Lease written into the row while a message is processed (the function timeout). */
  leaseMs?: number
  backoff?: { baseMs?: number; maxMs?: number }
  events?: TaskEvents
  /** Queue URL for a record (defaults to the one derived from its ARN). */
  queueUrlOf?: (record: SqsRecordLike) => string
  owner?: string
  /**
   * How often a running task's row is read back (renewing its lease): a cancel asked through the API aborts the
   * handler within this, and a lost lease stops it. Default: a third of the lease, at most 5 s.
   */
  heartbeatMs?: number
}

/**
 * Processes one SQS record. Idempotent completion: the row's queued -> running transition is the idempotency
 * record, so a redelivered message for a task that is running elsewhere or already finished does nothing and
 * is acknowledged. A failed attempt with retries left is delayed by ChangeMessageVisibility (backoff) and
 * reported as a failed batch item; a dead task is acknowledged (its row says dead, with the last error).
 */
export function createSqsWorker(options: SqsWorkerOptions) {
  const store = taskStore(options.db)
  const owner = options.owner ?? `lambda:${process.pid}:${randomUUID().slice(0, 8)}`
  const leaseMs = options.leaseMs ?? 15 * 60_000
  const events = options.events ?? {}
  return {
    async processRecord(
      record: SqsRecordLike,
      remainingMs = leaseMs,
    ): Promise<'done' | 'skipped' | 'dead' | 'cancelled'> {
      const msg = JSON.parse(record.body) as TaskMessage
      const lease = Math.min(leaseMs, remainingMs + 5_000)
      const task = await store.claimById(msg.id, owner, lease)
      if (!task) return 'skipped'
      const def = options.registry.get(task.type)
      const t0 = Date.now()
      events.started?.(task.type, Math.max(0, t0 - Math.max(task.runAt.getTime(), task.createdAt.getTime())))
      const ac = new AbortController()
      const timer = setTimeout(() => ac.abort('timeout'), Math.min(task.timeoutMs, remainingMs))
      // The row is the only channel from the API to a Lambda worker: poll it for a cancel request.
      const beat = setInterval(
        () =>
          void store
            .heartbeat(owner, [task.id], lease)
            .then(({ kept, cancel }) => {
              if (cancel.has(task.id)) ac.abort('cancelled')
              else if (!kept.has(task.id)) ac.abort('lease-lost')
            })
            .catch(() => {}),
        options.heartbeatMs ?? Math.min(5_000, Math.floor(lease / 3)),
      )
      const ctx: TaskContext = {
        id: task.id,
        attempt: task.attempts,
        signal: ac.signal,
        progress: (value, message) =>
          void store.progress(task.id, owner, value, message ?? null).catch(() => {}),
      }
      try {
        if (!def) throw new Error(`no handler for task type '${task.type}' in this worker`)
        // Payloads past the message limit travel by reference: the row carries them.
        const result = await def.handler(msg.payload ?? task.payload, ctx)
        if (await store.complete(task.id, owner, task.attempts, result))
          events.completed?.(task.type, Date.now() - t0)
        return 'done'
      } catch (e) {
        events.failed?.(task.type, Date.now() - t0)
        const wait = backoffMs(task.attempts, options.backoff?.baseMs, options.backoff?.maxMs ?? 900_000)
        const message = ac.signal.aborted
          ? ac.signal.reason === 'cancelled'
            ? 'cancelled'
            : ac.signal.reason === 'lease-lost'
              ? 'lease lost'
              : `timed out after ${task.timeoutMs} ms`
          : e instanceof Error
            ? e.message
            : String(e)
        const status = await store.fail(
          task.id,
          owner,
          task.attempts,
          message,
          wait,
          !(isAppError(e) && CALLER_ERROR_CODES.has(e.code)) && !!def,
        )
        if (status !== 'queued') {
          if (status === 'dead') events.dead?.(task.type)
          return status === 'cancelled' ? 'cancelled' : 'dead'
        }
        events.retried?.(task.type)
        const { ChangeMessageVisibilityCommand } = await loadSqsSdk()
        await options.client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: options.queueUrlOf?.(record) ?? queueUrlFromArn(record.eventSourceARN ?? ''),
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: Math.min(43_200, Math.ceil(wait / 1000)),
          }),
        )
        throw e
      } finally {
        clearTimeout(timer)
        clearInterval(beat)
      }
    },
  }
}

/** The SQS record processor. */
export type SqsWorker = ReturnType<typeof createSqsWorker>
