import { describe, expect, it } from 'vitest'
import { SCHEDULED_JOBS, scheduleEvent, scheduleFunctionSettings } from './schedules.ts'
import { PRIORITIES } from './settings.ts'

describe('schedule settings', () => {
  it('warms the cache and evaluates alerts through the task queues, re-sends unsent tasks, prunes old ones', () => {
    expect(SCHEDULED_JOBS.map((j) => j.task?.type ?? j.action)).toEqual([
      'cache-warm',
      'alerts-evaluate',
      'redispatch',
      'prune',
    ])
    for (const job of SCHEDULED_JOBS) {
      // EventBridge Scheduler's rate/cron forms; its finest rate is one minute.
      expect(job.schedule).toMatch(/^(rate\(\d+ (minute|minutes|hour|hours)\)|cron\(.+\))$/)
      if (job.task) expect(PRIORITIES).toContain(job.task.priority)
      expect(job.name).toMatch(/^[A-Z][A-Za-z]+$/)
      expect(scheduleEvent(job)).toEqual({
        job: job.name,
        ...(job.task ? { task: job.task } : { action: job.action }),
        scheduledTime: '<aws.scheduler.scheduled-time>',
      })
    }
    expect(new Set(SCHEDULED_JOBS.map((j) => j.name)).size).toBe(SCHEDULED_JOBS.length)
  })

  it('runs the enqueuing function on Node 22 with retries (the idempotency key absorbs them)', () => {
    const s = scheduleFunctionSettings('production')
    expect(s).toMatchObject({
      handler: 'functions/schedule.handler',
      runtime: 'nodejs22.x',
      architecture: 'arm64',
    })
    expect(s.retries).toBeGreaterThan(0)
    expect(s.environment.POWERTOOLS_METRICS_NAMESPACE).toBe('SuperNova')
  })
})
