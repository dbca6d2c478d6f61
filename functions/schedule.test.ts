import { createPgliteDatabase } from '@supernova/db'
import { databaseTasks } from '@supernova/queue'
import { appTaskRegistry } from '@supernova/runtime'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScheduleHandler } from './schedule.ts'

let deps: Awaited<ReturnType<typeof createTestAppDeps>>
let handler: ReturnType<typeof createScheduleHandler>
let queue: ReturnType<typeof databaseTasks>['queue']

beforeAll(async () => {
  const db = await createPgliteDatabase()
  deps = await createTestAppDeps({ db })
  queue = databaseTasks({
    db,
    registry: appTaskRegistry(deps.market, 1, deps.history, deps.alerts).registry,
  }).queue
  handler = createScheduleHandler(Promise.resolve(queue))
}, 120_000)
afterAll(() => deps.close())

describe('EventBridge schedule handler', () => {
  it('enqueues alerts-evaluate once per scheduled event, even when the event is delivered twice', async () => {
    const event = { id: 'evt-1', time: '2026-11-30T06:00:00Z' }
    const first = await handler(event)
    expect(first).toMatchObject({ type: 'alerts-evaluate', created: true })
    expect(await handler(event)).toEqual({ ...first, created: false })
    const next = await handler({ id: 'evt-2', time: '2026-11-30T06:01:00Z' })
    expect(next.taskId).not.toBe(first.taskId)
    expect(await queue.get(first.taskId)).toMatchObject({ type: 'alerts-evaluate', status: 'queued' })
  })

  it('refuses an unknown task type with a validation error', async () => {
    await expect(handler({ time: 't', detail: { taskType: 'nope' } })).rejects.toMatchObject({
      code: 'validation_error',
    })
  })
})
