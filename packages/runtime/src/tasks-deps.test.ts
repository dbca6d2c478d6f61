import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '@supernova/api'
import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import { SCHED_IDLE, threadSchedules, waitFor } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { createDeps, type Runtime } from './deps.ts'
import { taskThreads } from './tasks.ts'

// createDeps builds the task port and starts the database runner; its events reach the metrics routes.
describe('createDeps background tasks', () => {
  let dir: string
  let rt: Runtime
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sn-tasks-'))
    rt = await createDeps(
      loadConfig({ SUPERNOVA_DATA_DIR: dir, SEED_SAMPLE_DATA: 'false', TASK_POLL_MS: '20' }),
    )
  }, 120_000)
  afterAll(async () => {
    await rt?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prunes finished tasks after TASK_RETENTION_DAYS (7 by default) on a timer', () => {
    expect(rt.config.TASK_RETENTION_DAYS).toBe(7)
    expect(rt.adapters.taskRetention).toBe('finished tasks deleted after 7 days')
  })

  it('runs an optimisation study on worker threads and reports it in /performance/metrics/tasks', async () => {
    expect(rt.adapters.tasks).toMatch(/^database runner \(2\.\.50 workers in this process\)$/)
    const cols = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 1), {
      from: '2022-01-03',
      to: '2022-12-30',
    })[0]!
    const bars = cols.dates.map((date, i) => ({
      date,
      open: cols.open[i]!,
      high: cols.high[i]!,
      low: cols.low[i]!,
      close: cols.close[i]!,
      volume: cols.volume[i]!,
    }))
    const app = createApp(rt.deps)
    const res = await app.request('/v1/optimizations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify({
        bars,
        strategy: 'sma_cross',
        space: { period: { min: 10, max: 50, step: 10 } },
      }),
    })
    expect(res.status).toBe(202)
    const location = res.headers.get('location')!
    const done = await waitFor(async () => {
      const t = (await (await app.request(location)).json()) as {
        status: string
        result: { evaluated: number }
      }
      return t.status === 'succeeded' ? t : undefined
    })
    expect(done.result.evaluated).toBe(5)
    // the study ran on the tasks' pool, whose thread the defaults (TASK_CPU_NICE=19, TASK_CPU_SCHED_IDLE=true)
    // lowered: the event loop, and the request pool's threads, keep the process's priority
    const lowered = threadSchedules().filter((t) => t.policy === SCHED_IDLE)
    expect(lowered).toEqual([expect.objectContaining({ nice: 19 })])
    expect(threadSchedules()[0]).toMatchObject({ nice: 0, policy: 0 })
    const m = (await (await app.request('/performance/metrics/tasks?window=5m')).json()) as {
      tasks: {
        completed: number
        outcomes: Record<string, number>
        poolSize: number
        waitByType: { type: string }[]
      }
    }
    expect(m.tasks.completed).toBe(1)
    expect(m.tasks.outcomes.started).toBe(1)
    expect(m.tasks.poolSize).toBeGreaterThanOrEqual(2)
    expect(m.tasks.waitByType.map((w) => w.type)).toEqual(['optimization'])
    const prom = await (await app.request('/metrics')).text()
    expect(prom).toMatch(/task_wait_seconds/)
    expect(prom).toMatch(/task_pool_size \d+/)
  })

  it('sizes the tasks pool to every core but the event loop’s: 2 CPU-heavy tasks on 2 cores queue on 1 thread', () => {
    expect([1, 2, 3, 4, 5, 16].map((cores) => taskThreads(cores))).toEqual([1, 1, 2, 3, 4, 4])
  })
})
