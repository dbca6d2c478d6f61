import type { SQSClient } from '@aws-sdk/client-sqs'
import { UpstreamError } from '@supernova/core'
import type { SqlDatabase } from '@supernova/db'
import type { Priority, TaskQueue } from './port.ts'
import { type ClaimedTask, taskStore } from './store.ts'
import { createTaskQueue, type TaskRegistry } from './tasks.ts'

let sdk: Promise<typeof import('@aws-sdk/client-sqs')> | undefined
/** The SDK loads on first use, so deployments without SQS never load it. */
export const loadSqsSdk = () => {
  sdk ??= import('@aws-sdk/client-sqs')
  return sdk
}

/** SQS's message limit is 256 KiB; bodies past this carry only the task id (the payload stays in the row). */
export const SQS_INLINE_LIMIT = 200 * 1024

/** What a task message carries: the id always, the payload when it is small. */
export interface TaskMessage {
  id: string
  type: string
  payload?: unknown
}

export interface SqsTasksOptions {
  db: SqlDatabase
  registry: TaskRegistry
  /** One queue per priority (each with its dead-letter queue, configured by the redrive policy). */
  queueUrls: Record<Priority, string>
  client: SQSClient
  /** A failed send at enqueue time (the task stays queued; `redispatch` sends it again). */
  onDispatchError?: (task: ClaimedTask, error: unknown) => void
}

/** The SQS task port plus its re-dispatch sweep. */
export interface SqsTaskQueue extends TaskQueue {
  /**
   * Sends again the messages of tasks queued and due for longer than `olderThanMs` (default 2 min): a send that
   * failed at enqueue time, or a message lost. Run on a schedule (the maintenance function, or a timer on
   * servers); duplicates are harmless because a task is claimed once. Answers how many were sent.
   */
  redispatch(options?: { olderThanMs?: number; limit?: number }): Promise<number>
}

/** Builds a region/endpoint client (endpoint: moto_server locally). */
export async function createSqsClient(options: {
  region: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
}): Promise<SQSClient> {
  const { SQSClient } = await loadSqsSdk()
  return new SQSClient(options)
}

/**
 * Coalesces sends: messages enqueued in the same tick go out as SendMessageBatch calls of up to 10 per queue,
 * so a burst of enqueues costs a tenth of the requests.
 */
function batchSender(client: SQSClient, queueUrls: Record<Priority, string>) {
  let pending: { task: ClaimedTask; resolve: () => void; reject: (e: unknown) => void }[] = []
  let scheduled = false
  const flush = async () => {
    scheduled = false
    const items = pending
    pending = []
    const { SendMessageBatchCommand } = await loadSqsSdk()
    const byQueue = new Map<Priority, typeof items>()
    for (const it of items) byQueue.set(it.task.priority, [...(byQueue.get(it.task.priority) ?? []), it])
    for (const [priority, list] of byQueue)
      for (let i = 0; i < list.length; i += 10) {
        const chunk = list.slice(i, i + 10)
        try {
          const out = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrls[priority],
              Entries: chunk.map((it, j) => ({
                Id: String(j),
                MessageBody: messageBody(it.task),
                DelaySeconds: Math.min(
                  900,
                  Math.ceil(Math.max(0, it.task.runAt.getTime() - Date.now()) / 1000),
                ),
                MessageAttributes: { type: { DataType: 'String', StringValue: it.task.type } },
              })),
            }),
          )
          const failed = new Map((out.Failed ?? []).map((f) => [f.Id, f]))
          chunk.forEach((it, j) => {
            const f = failed.get(String(j))
            if (f) it.reject(new UpstreamError('sqs', `SQS refused the task message: ${f.Code}`))
            else it.resolve()
          })
        } catch (e) {
          for (const it of chunk) it.reject(new UpstreamError('sqs', 'SQS send failed', { cause: e }))
        }
      }
  }
  return (task: ClaimedTask) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ task, resolve, reject })
      if (pending.length >= 10 * 3) void flush()
      else if (!scheduled) {
        scheduled = true
        setImmediate(() => void flush())
      }
    })
}

/** The message body: the payload inline when small, otherwise a reference to the task row. */
export function messageBody(task: ClaimedTask): string {
  const inline = JSON.stringify({ id: task.id, type: task.type, payload: task.payload } satisfies TaskMessage)
  return Buffer.byteLength(inline) <= SQS_INLINE_LIMIT
    ? inline
    : JSON.stringify({ id: task.id, type: task.type } satisfies TaskMessage)
}

/**
 * The serverless shape: the row is written, then a message goes to the priority's queue; Lambda workers
 * (`functions/worker.ts`) consume it. Cancel of a running task reaches it through the row (the worker checks
 * the row's cancel flag when it renews).
 */
export function sqsTasks(options: SqsTasksOptions): SqsTaskQueue {
  const send = batchSender(options.client, options.queueUrls)
  const store = taskStore(options.db)
  const queue = createTaskQueue({
    db: options.db,
    registry: options.registry,
    kind: 'sqs',
    dispatch: send,
    onDispatchError: options.onDispatchError,
  })
  return {
    ...queue,
    async redispatch({ olderThanMs = 120_000, limit = 500 } = {}) {
      const stalled = await store.stalledQueued(olderThanMs, limit)
      const sent = await Promise.allSettled(stalled.map((t) => send(t)))
      return sent.filter((x) => x.status === 'fulfilled').length
    },
  }
}

/**
 * Creates the three priority queues, each with a DLQ and a redrive policy (tests and local setups; production
 * queues come from infra/). Returns their URLs.
 */
export async function ensureSqsQueues(
  client: SQSClient,
  prefix: string,
  options: { maxReceiveCount?: number; visibilityTimeoutS?: number } = {},
): Promise<{ urls: Record<Priority, string>; dlqUrls: Record<Priority, string> }> {
  const { CreateQueueCommand, GetQueueAttributesCommand } = await loadSqsSdk()
  const urls = {} as Record<Priority, string>
  const dlqUrls = {} as Record<Priority, string>
  for (const p of ['high', 'normal', 'low'] as const) {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${prefix}-${p}-dlq` }))
    const arn = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    )
    const q = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}-${p}`,
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeoutS ?? 30),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: arn.Attributes!.QueueArn,
            maxReceiveCount: options.maxReceiveCount ?? 5,
          }),
        },
      }),
    )
    urls[p] = q.QueueUrl!
    dlqUrls[p] = dlq.QueueUrl!
  }
  return { urls, dlqUrls }
}
