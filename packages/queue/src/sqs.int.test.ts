import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { createPgliteDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { type MotoServer, startMoto, testTaskTypes, waitFor } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineTask, type SqsTaskQueue, taskRegistry } from './index.ts'
import { createSqsClient, ensureSqsQueues, sqsTasks } from './sqs.ts'
import { createSqsWorker, type SqsRecordLike } from './sqs-worker.ts'

// The SQS adapter and worker through the real client against moto_server.
describe('SQS task adapter (moto)', () => {
  let moto: MotoServer
  let db: SqlDatabase
  let client: SQSClient
  let queue: SqsTaskQueue
  let urls: Record<'high' | 'normal' | 'low', string>
  const sent: string[] = []
  const types = testTaskTypes()
  const registry = taskRegistry([
    ...types.registry.values(),
    defineTask({
      type: 'big',
      schema: z.object({ blob: z.string() }),
      handler: async (p) => ({ length: p.blob.length }),
    }),
  ])

  beforeAll(async () => {
    moto = await startMoto()
    db = await createPgliteDatabase()
    await migrate(db)
    client = await createSqsClient({
      region: 'us-east-1',
      endpoint: moto.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    const send = client.send.bind(client)
    client.send = ((cmd: { constructor: { name: string } }, ...rest: unknown[]) => {
      sent.push(cmd.constructor.name)
      return (send as (...a: unknown[]) => unknown)(cmd, ...rest)
    }) as SQSClient['send']
    ;({ urls } = await ensureSqsQueues(client, 'tasks', {
      maxReceiveCount: 2,
      visibilityTimeoutS: 30,
    }))
    queue = sqsTasks({ db, registry, queueUrls: urls, client })
  }, 120_000)
  afterAll(async () => {
    await db?.close()
    await moto?.stop()
  })

  const receive = async (url: string, max = 10): Promise<Message[]> =>
    (
      await client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      )
    ).Messages ?? []
  const toRecord = (m: Message): SqsRecordLike => ({
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body!,
    attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount },
  })
  const depth = async (url: string) =>
    Number(
      (
        await client.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
        )
      ).Attributes?.ApproximateNumberOfMessages,
    )

  it('coalesces a burst of enqueues into SendMessageBatch calls on the priority queue', async () => {
    sent.length = 0
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => queue.enqueue('echo', { value: i }, { priority: 'low' })),
    )
    await queue.enqueue('echo', { value: 99 }, { priority: 'high' })
    expect(sent.filter((n) => n === 'SendMessageBatchCommand').length).toBe(4)
    expect(sent.filter((n) => n === 'SendMessageCommand').length).toBe(0)
    expect(await depth(urls.low)).toBe(25)
    expect(await depth(urls.high)).toBe(1)
  })

  it('runs received messages once: a redelivered message does not apply its effect twice', async () => {
    const worker = createSqsWorker({ db, registry, client, queueUrlOf: () => urls.high })
    const [m] = await receive(urls.high)
    const record = toRecord(m!)
    expect(await worker.processRecord(record)).toBe('done')
    expect(await worker.processRecord(record)).toBe('skipped')
    const id = (JSON.parse(m!.Body!) as { id: string }).id
    expect(await queue.get(id)).toMatchObject({ status: 'succeeded', attempts: 1, result: { doubled: 198 } })
  })

  it('passes payloads over the message limit by reference to the task row', async () => {
    const blob = 'x'.repeat(300 * 1024)
    const { task } = await queue.enqueue('big', { blob })
    const [m] = await receive(urls.normal)
    expect(JSON.parse(m!.Body!)).toEqual({ id: task.id, type: 'big' })
    const worker = createSqsWorker({ db, registry, client, queueUrlOf: () => urls.normal })
    expect(await worker.processRecord(toRecord(m!))).toBe('done')
    expect((await queue.get(task.id))?.result).toEqual({ length: blob.length })
  })

  it('backs a failed attempt off with ChangeMessageVisibility and ends a poison task dead', async () => {
    const worker = createSqsWorker({
      db,
      registry,
      client,
      queueUrlOf: () => urls.normal,
      backoff: { baseMs: 1 },
    })
    const { task } = await queue.enqueue('poison', { why: 'broken' }, { maxAttempts: 2 })
    const [m] = await receive(urls.normal)
    sent.length = 0
    await expect(worker.processRecord(toRecord(m!))).rejects.toThrow(/broken \(attempt 1\)/)
    expect(sent).toContain('ChangeMessageVisibilityCommand')
    // Visible again once the backoff (at least 1 s here) has passed.
    const again = await waitFor(async () => (await receive(urls.normal))[0])
    expect(again?.MessageId).toBe(m!.MessageId)
    expect(await worker.processRecord(toRecord(again!))).toBe('dead')
    expect(await queue.get(task.id)).toMatchObject({
      status: 'dead',
      error: { message: 'broken (attempt 2)' },
    })
  })

  it('reaches a running task with a cancel asked through the API (the worker polls the row)', async () => {
    const worker = createSqsWorker({ db, registry, client, queueUrlOf: () => urls.normal, heartbeatMs: 50 })
    const { task } = await queue.enqueue('sleepy', { ms: 30_000 })
    const [m] = await receive(urls.normal)
    const running = worker.processRecord(toRecord(m!))
    await waitFor(async () => (await queue.get(task.id))?.status === 'running' || undefined)
    await queue.cancel(task.id)
    expect(await running).toBe('cancelled')
    expect(types.aborts.get(task.id)).toBe('cancelled')
    expect(await queue.get(task.id)).toMatchObject({ status: 'cancelled' })
  })

  it('keeps a task whose message could not be sent, and the sweep sends it again', async () => {
    const failures: string[] = []
    // The same database and registry, with an SQS endpoint that is down (nothing listens on port 9).
    const down = await createSqsClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    const offline = sqsTasks({
      db,
      registry,
      queueUrls: urls,
      client: down,
      onDispatchError: (t) => failures.push(t.id),
    })
    const { task, created } = await offline.enqueue('echo', { value: 7 }, { priority: 'high' })
    down.destroy()
    expect(created).toBe(true)
    expect(failures).toEqual([task.id])
    expect(await queue.get(task.id)).toMatchObject({ status: 'queued' })
    expect(await depth(urls.high)).toBe(0)
    // Not yet stalled for a 1 min threshold; stalled for a 0 ms one: the sweep (SQS back) sends it.
    expect(await queue.redispatch({ olderThanMs: 60_000 })).toBe(0)
    // Earlier tests left tasks queued too (never received): the sweep sends every one of them once.
    const queued = await db.query<{ n: number }>(
      `select count(*)::int as n from tasks where status = 'queued'`,
    )
    expect(await queue.redispatch({ olderThanMs: 0 })).toBe(queued.rows[0]!.n)
    const m = (await receive(urls.high)).find((x) => x.Body?.includes(task.id))
    const worker = createSqsWorker({ db, registry, client, queueUrlOf: () => urls.high })
    expect(await worker.processRecord(toRecord(m!))).toBe('done')
    expect(await queue.get(task.id)).toMatchObject({ status: 'succeeded', result: { doubled: 14 } })
  })

  it('redrives a message received maxReceiveCount times without being deleted to the DLQ', async () => {
    const set = await ensureSqsQueues(client, 'redrive', { maxReceiveCount: 2 })
    await client.send(new SendMessageCommand({ QueueUrl: set.urls.normal, MessageBody: '{"id":"task_x"}' }))
    let receives = 0
    for (let i = 0; i < 3; i++)
      for (const m of await receive(set.urls.normal)) {
        receives++
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: set.urls.normal,
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: 0,
          }),
        )
      }
    expect(receives).toBe(2)
    expect(await depth(set.dlqUrls.normal)).toBe(1)
  })

  it('delays visibility without deleting when asked (backoff primitive)', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: urls.high, MessageBody: '{}' }))
    const [m] = await receive(urls.high)
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: urls.high,
        ReceiptHandle: m!.ReceiptHandle!,
        VisibilityTimeout: 0,
      }),
    )
    const [again] = await receive(urls.high)
    expect(Number(again!.Attributes?.ApproximateReceiveCount)).toBe(2)
  })
})
