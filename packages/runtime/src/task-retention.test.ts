import { createMonitor, toPrometheus } from '@supernova/metrics'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PRUNE_EVERY_MS, PRUNE_FIRST_MS, scheduleTaskPrune } from './task-retention.ts'

describe('scheduleTaskPrune', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('prunes a minute after the start and hourly after, counting what it deleted in tasks_total', async () => {
    vi.useFakeTimers()
    const calls: number[] = []
    const queue = {
      prune: async (olderThanMs: number) => {
        calls.push(olderThanMs)
        return 3
      },
    }
    const monitor = createMonitor()
    const errors: unknown[] = []
    const stop = scheduleTaskPrune(
      queue,
      7,
      (n) => monitor.tasks.pruned(n),
      (e) => errors.push(e),
    )
    await vi.advanceTimersByTimeAsync(PRUNE_FIRST_MS - 1)
    expect(calls).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toEqual([7 * 86_400_000])
    await vi.advanceTimersByTimeAsync(2 * PRUNE_EVERY_MS)
    expect(calls).toHaveLength(3)
    expect(toPrometheus(monitor.registry.collect())).toContain('tasks_total{type="*",outcome="pruned"} 9')
    stop()
    await vi.advanceTimersByTimeAsync(5 * PRUNE_EVERY_MS)
    expect(calls).toHaveLength(3)
    expect(errors).toEqual([])
  })

  it('reports a failed prune and tries again at the next hour; a slow one is not stacked', async () => {
    vi.useFakeTimers()
    let release: (() => void) | undefined
    let n = 0
    const queue = {
      prune: (): Promise<number> => {
        n++
        if (n === 1) return Promise.reject(new Error('database down'))
        return new Promise((resolve) => {
          release = () => resolve(1)
        })
      },
    }
    const errors: unknown[] = []
    const pruned: number[] = []
    const stop = scheduleTaskPrune(
      queue,
      1,
      (k) => pruned.push(k),
      (e) => errors.push(e),
      1000,
      10,
    )
    await vi.advanceTimersByTimeAsync(10)
    expect(errors).toEqual([new Error('database down')])
    await vi.advanceTimersByTimeAsync(1000)
    expect(n).toBe(2)
    // still running at the next two ticks: no second statement loop on top of it
    await vi.advanceTimersByTimeAsync(2000)
    expect(n).toBe(2)
    release?.()
    await vi.advanceTimersByTimeAsync(1000)
    expect(pruned).toEqual([1])
    expect(n).toBe(3)
    stop()
  })
})
