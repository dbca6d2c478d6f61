import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SAMPLE_UNIVERSE } from '@supernova/core'
import { seedSampleData } from '@supernova/db'
import { createDeps, loadConfig, type Runtime } from '@supernova/runtime'
import { waitFor } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCHEDULED_JOBS, scheduleEvent } from '../infra/schedules.ts'
import { createScheduleHandler } from './schedule.ts'

// The scheduled function over the deps createDeps builds (PGlite, the database runner standing in for SQS).
describe('functions/schedule.ts', () => {
  let dir: string
  let rt: Runtime
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sn-schedule-'))
    rt = await createDeps(
      loadConfig({
        SUPERNOVA_DATA_DIR: dir,
        SEED_SAMPLE_DATA: 'false',
        TASK_POLL_MS: '20',
        LOG_LEVEL: 'silent',
      }),
    )
    await seedSampleData(rt.deps.db, undefined, SAMPLE_UNIVERSE.slice(0, 3))
  }, 120_000)
  afterAll(async () => {
    await rt?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const slot = (job: (typeof SCHEDULED_JOBS)[number], time: string) => ({
    ...scheduleEvent(job),
    scheduledTime: time,
  })
  const warm = SCHEDULED_JOBS.find((j) => j.task?.type === 'cache-warm')!

  it('enqueues the cache warming job once per slot, and the task warms the histories', async () => {
    const handler = createScheduleHandler(rt.deps.tasks!)
    type Enqueued = { job: string; taskId: string; created: boolean }
    const first = (await handler(slot(warm, '2026-11-30T06:05:00Z'))) as Enqueued
    expect(first).toMatchObject({ job: 'WarmCache', created: true })
    // Scheduler retries and duplicate deliveries carry the same slot: no second task.
    const again = await handler(slot(warm, '2026-11-30T06:05:00Z'))
    expect(again).toEqual({ ...first, created: false })
    const next = (await handler(slot(warm, '2026-11-30T06:10:00Z'))) as Enqueued
    expect(next.taskId).not.toBe(first.taskId)
    const done = await waitFor(async () => {
      const t = await rt.deps.tasks!.get(first.taskId)
      return t?.status === 'succeeded' ? t : undefined
    })
    expect(done.type).toBe('cache-warm')
    expect(done.priority).toBe('low')
    // nothing read before: the first 3 symbols of the list
    expect(done.result).toEqual({ warmed: 3, recent: 0, listed: 3 })
  })

  it('enqueues the alerts evaluation once per slot, and the runner evaluates the rules', async () => {
    const handler = createScheduleHandler(rt.deps.tasks!)
    const job = SCHEDULED_JOBS.find((j) => j.task?.type === 'alerts-evaluate')!
    const first = (await handler(slot(job, '2026-11-30T06:01:00Z'))) as { taskId: string; created: boolean }
    expect(first.created).toBe(true)
    expect(await handler(slot(job, '2026-11-30T06:01:00Z'))).toMatchObject({
      taskId: first.taskId,
      created: false,
    })
    const done = await waitFor(async () => {
      const t = await rt.deps.tasks!.get(first.taskId)
      return t?.status === 'succeeded' ? t : undefined
    })
    expect(done).toMatchObject({
      type: 'alerts-evaluate',
      priority: 'high',
      result: { evaluated: 0, fired: 0 },
    })
  })

  it('refuses a malformed event and an unknown task type with a clear error', async () => {
    const handler = createScheduleHandler(rt.deps.tasks!)
    await expect(handler({ job: 'WarmCache' })).rejects.toThrow(/scheduledTime/)
    await expect(handler({ job: 'X', scheduledTime: 't' })).rejects.toThrow(
      /names neither a task nor an action/,
    )
    await expect(
      handler({ job: 'X', task: { type: 'no.such.type', payload: {} }, scheduledTime: 't' }),
    ).rejects.toMatchObject({
      code: 'validation_error',
      message: expect.stringMatching(/Unknown task type 'no.such.type'/),
    })
  })

  it('sends the scheduler context attribute that makes the idempotency key', () => {
    for (const job of SCHEDULED_JOBS) {
      const e = scheduleEvent(job)
      expect(e.scheduledTime).toBe('<aws.scheduler.scheduled-time>')
      expect(e.job).toBe(job.name)
    }
  })

  it('runs the re-send sweep in the function; the database runner has nothing to re-send', async () => {
    const handler = createScheduleHandler(rt.deps.tasks!)
    const job = SCHEDULED_JOBS.find((j) => j.action === 'redispatch')!
    expect(await handler(slot(job, '2026-11-30T06:06:00Z'))).toEqual({ job: job.name, redispatched: 0 })
  })

  it('prunes finished tasks past the retention in the function; 0 days keeps them', async () => {
    const queue = rt.deps.tasks!
    const job = SCHEDULED_JOBS.find((j) => j.action === 'prune')!
    const { task } = await queue.enqueue('cache-warm', { symbols: 1 })
    await waitFor(async () => (await queue.get(task.id))?.status === 'succeeded')
    await rt.deps.db.query(`update tasks set finished_at = now() - interval '8 days' where id = $1`, [
      task.id,
    ])
    const event = slot(job, '2026-11-30T07:00:00Z')
    expect(await createScheduleHandler(queue, 0)(event)).toEqual({ job: 'PruneTasks', pruned: 0 })
    expect(await createScheduleHandler(queue, 30)(event)).toEqual({ job: 'PruneTasks', pruned: 0 })
    expect(await queue.get(task.id)).toBeDefined()
    expect(await createScheduleHandler(queue)(event)).toEqual({ job: 'PruneTasks', pruned: 1 })
    expect(await queue.get(task.id)).toBeUndefined()
  })
})
