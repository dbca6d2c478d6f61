import { createComputePool, runComputeJob, type TaskContext, type TaskDefinition } from '@supernova/queue'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBars, OptimizationBody, searchSpecOf } from './analytics-inputs.ts'
import { analyticsTaskTypes, TASK_MAX_TRIALS } from './analytics-tasks.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
const pool = createComputePool({ size: 1 })

beforeAll(async () => {
  deps = await createTestAppDeps()
}, 120_000)
afterAll(async () => {
  await pool.close()
  await deps.close()
})

const typeOf = (name: string) => {
  const types = analyticsTaskTypes({ market: deps.market, compute: () => pool })
  return types.find((t) => t.type === name) as TaskDefinition
}
const context = (signal = new AbortController().signal) => {
  const progress: number[] = []
  const ctx = {
    id: 'task_test',
    attempt: 1,
    signal,
    progress: (value: number) => {
      progress.push(value)
    },
  } as unknown as TaskContext
  return { ctx, progress }
}

describe('analytics task types on the tasks’ worker pool', () => {
  it('runs a whole TPE study (proposals too) as one worker job, with progress from the thread', async () => {
    const type = typeOf('optimization')
    const payload = type.schema.parse({ symbol: 'AAPL', strategy: 'ma_cross', method: 'tpe', trials: 40 })
    const { ctx, progress } = context()
    const before = pool.stats().completed
    const r = (await type.handler(payload, ctx)) as { evaluated: number; best: unknown; trials: unknown[] }
    // one job for the whole study: the proposal loop ran on the worker, not here calling it per batch
    expect(pool.stats().completed - before).toBe(1)
    expect(progress.at(-1)).toBe(1)
    expect(r.evaluated).toBe(40)
    // the same study in this thread gives the same answer (seeded): the worker ran it, nothing was lost in transit
    const body = OptimizationBody.parse(payload)
    const { bars } = await loadBars(deps.history!, body)
    const local = (await runComputeJob({
      kind: 'search',
      input: { bars, spec: searchSpecOf(body, TASK_MAX_TRIALS) },
    })) as typeof r
    expect(r.best).toEqual(local.best)
    expect(r.trials).toEqual(local.trials)
  })

  it('runs a basket backtest on the worker pool', async () => {
    const type = typeOf('basket-backtest')
    const payload = type.schema.parse({ symbols: ['AAPL', 'MSFT'], strategy: { name: 'ma_cross' } })
    const before = pool.stats().completed
    const r = (await type.handler(payload, context().ctx)) as { symbols: string[]; equity: unknown[] }
    expect(pool.stats().completed - before).toBe(1)
    expect(r.symbols).toEqual(['AAPL', 'MSFT'])
    expect(r.equity.length).toBeGreaterThan(100)
  })

  it('stops a study on cancel by terminating its worker', async () => {
    const type = typeOf('optimization')
    const payload = type.schema.parse({ symbol: 'AAPL', strategy: 'ma_cross', method: 'tpe', trials: 20_000 })
    const controller = new AbortController()
    const running = type.handler(payload, context(controller.signal).ctx)
    await expect.poll(() => pool.stats().busy, { timeout: 60_000 }).toBe(1)
    const terminated = pool.stats().terminated
    controller.abort(new Error('cancelled'))
    await expect(running).rejects.toThrow('cancelled')
    expect(pool.stats().terminated - terminated).toBe(1)
  })
})
