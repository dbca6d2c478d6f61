import { Metrics } from '@aws-lambda-powertools/metrics'
import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { createPgliteDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { createSqsClient, createSqsWorker, ensureSqsQueues, sqsTasks, type TaskQueue } from '@supernova/queue'
import { type MotoServer, startMoto, testTaskTypes } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWorkerHandler, type SqsEvent, taskMetrics } from './worker.ts'

// The Lambda worker with a synthetic SQS event built from real messages (moto): partial batch response shape.
describe('Lambda SQS worker', () => {
  let moto: MotoServer
  let db: SqlDatabase
  let client: SQSClient
  let queue: TaskQueue
  let url: string
  const types = testTaskTypes()

  beforeAll(async () => {
    moto = await startMoto()
    db = await createPgliteDatabase()
    await migrate(db)
    client = await createSqsClient({
      region: 'us-east-1',
      endpoint: moto.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    const { urls } = await ensureSqsQueues(client, 'worker')
    url = urls.normal
    queue = sqsTasks({ db, registry: types.registry, queueUrls: urls, client })
  }, 120_000)
  afterAll(async () => {
    await db?.close()
    await moto?.stop()
  })

  const eventOf = (messages: Message[]): SqsEvent => ({
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      attributes: { ApproximateReceiveCount: '1' },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:worker-normal',
    })),
  })

  it('answers batchItemFailures naming only the failed record, completes the rest once, and flushes EMF', async () => {
    const ok1 = await queue.enqueue('echo', { value: 1 })
    const bad = await queue.enqueue('poison', { why: 'corrupt' })
    const ok2 = await queue.enqueue('echo', { value: 2 })
    const messages =
      (
        await client.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        )
      ).Messages ?? []
    expect(messages).toHaveLength(3)
    const event = eventOf(messages)
    const badRecord = event.Records.find((r) => r.body.includes(bad.task.id))!
    const lines: string[] = []
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    })
    try {
      const metrics = new Metrics({ namespace: 'SuperNovaTest', serviceName: 'worker' })
      const worker = createSqsWorker({
        db,
        registry: types.registry,
        client,
        queueUrlOf: () => url,
        events: taskMetrics(metrics),
      })
      const handler = createWorkerHandler(Promise.resolve(worker), { metrics })
      const first = await handler(event, { getRemainingTimeInMillis: () => 60_000 })
      expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: badRecord.messageId }] })
      // The same batch redelivered: finished tasks are skipped (no second effect), the poison fails again.
      const second = await handler(event, { getRemainingTimeInMillis: () => 60_000 })
      expect(second).toEqual({ batchItemFailures: [{ itemIdentifier: badRecord.messageId }] })
    } finally {
      spy.mockRestore()
    }
    expect(types.runs.get(ok1.task.id)).toBe(1)
    expect(types.runs.get(ok2.task.id)).toBe(1)
    expect(await queue.get(ok1.task.id)).toMatchObject({ status: 'succeeded', attempts: 1 })
    expect(await queue.get(bad.task.id)).toMatchObject({ status: 'queued', attempts: 2 })
    const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => '_aws' in o)
    expect(emf.length).toBe(2)
    expect(emf[0]).toMatchObject({ tasks_completed: [1, 1], tasks_failed: 1, tasks_retried: 1 })
  })
})
