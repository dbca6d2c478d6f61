import { AppError, TimeoutError } from '@supernova/core'
import { SCHED_IDLE, threadSchedules } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { createComputePool } from './compute-pool.ts'

// A risk-parity portfolio big enough to keep a worker busy well past the moment we abort it.
function bigPortfolio(n: number, t: number) {
  const prices = Array.from({ length: n }, (_, j) => {
    let p = 100
    return Float64Array.from(
      { length: t },
      (_, i) => (p *= 1 + Math.sin(i * 0.7 + j) * 0.01 + ((i * j) % 7) * 1e-4),
    )
  })
  return { tickers: prices.map((_, i) => `T${i}`), prices, objective: 'risk_parity' as const }
}

const threadNiceness = () => threadSchedules().map((t) => t.nice)

describe('compute pool', () => {
  it("runs a background pool's threads niced, so the event loop is scheduled first when cores are short", async () => {
    const plain = createComputePool({ size: 1 })
    const niced = createComputePool({ size: 1, nice: 10 })
    try {
      await plain.run({ kind: 'portfolio', input: bigPortfolio(3, 50) })
      expect(threadNiceness()).not.toContain(10)
      await niced.run({ kind: 'portfolio', input: bigPortfolio(3, 50) })
      // exactly the niced pool's thread: the main thread and the plain pool keep the process's priority
      expect(threadNiceness().filter((n) => n === 10)).toHaveLength(1)
      expect(threadNiceness()[0]).toBe(0)
    } finally {
      await Promise.all([plain.close(), niced.close()])
    }
  })

  it("runs an idle pool's threads at SCHED_IDLE (a waking event loop preempts them at once)", async () => {
    const plain = createComputePool({ size: 1, nice: 19 })
    const idle = createComputePool({ size: 1, nice: 19, idle: true })
    try {
      await plain.run({ kind: 'portfolio', input: bigPortfolio(3, 50) })
      expect(threadSchedules().filter((t) => t.policy === SCHED_IDLE)).toHaveLength(0)
      await idle.run({ kind: 'portfolio', input: bigPortfolio(3, 50) })
      // exactly the idle pool's thread, niced as well (the fallback where chrt is refused)
      const lowered = threadSchedules().filter((t) => t.policy === SCHED_IDLE)
      expect(lowered).toHaveLength(1)
      expect(lowered[0]!.nice).toBe(19)
      expect(threadSchedules()[0]).toMatchObject({ nice: 0, policy: 0 })
    } finally {
      await Promise.all([plain.close(), idle.close()])
    }
  })

  it('terminates the worker when the job is aborted, so the computation stops, and keeps serving', async () => {
    const pool = createComputePool({ size: 1 })
    try {
      const controller = new AbortController()
      const running = pool.run({ kind: 'portfolio', input: bigPortfolio(400, 2_000) }, controller.signal)
      // the job is on the worker (not merely queued) before the deadline fires
      await expect.poll(() => pool.stats().busy, { timeout: 60_000 }).toBe(1)
      const deadline = new TimeoutError('The request did not finish within its deadline')
      controller.abort(deadline)
      await expect(running).rejects.toBe(deadline)
      expect(pool.stats()).toMatchObject({ terminated: 1, busy: 0, completed: 0 })
      // a fresh worker takes the next job
      const small = await pool.run<{ weights: Record<string, number> }>({
        kind: 'portfolio',
        input: bigPortfolio(3, 50),
      })
      expect(Object.keys(small.weights)).toEqual(['T0', 'T1', 'T2'])
      expect(pool.stats().completed).toBe(1)
    } finally {
      await pool.close()
    }
  })

  it('rethrows a job’s AppError with its code and details, and refuses work past its queue bound', async () => {
    const pool = createComputePool({ size: 1, maxQueued: 1 })
    try {
      const bad = pool.run({
        kind: 'backtest',
        input: { bars: bigBars(5), strategy: 'no_such', params: {}, options: {} },
      })
      await expect(bad).rejects.toBeInstanceOf(AppError)
      await expect(bad).rejects.toMatchObject({ code: 'validation_error' })
      const controller = new AbortController()
      const busy = pool.run({ kind: 'portfolio', input: bigPortfolio(300, 2_000) }, controller.signal)
      const queued = pool.run({ kind: 'portfolio', input: bigPortfolio(3, 50) })
      await expect(pool.run({ kind: 'portfolio', input: bigPortfolio(3, 50) })).rejects.toMatchObject({
        code: 'unavailable',
      })
      expect(pool.stats().rejected).toBe(1)
      controller.abort()
      await expect(busy).rejects.toBeDefined()
      await expect(queued).resolves.toHaveProperty('weights')
    } finally {
      await pool.close()
    }
  })
})

function bigBars(n: number) {
  const close = Float64Array.from({ length: n }, (_, i) => 100 + i)
  return {
    dates: Array.from({ length: n }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`),
    open: close,
    high: close,
    low: close,
    close,
    volume: close,
  }
}
