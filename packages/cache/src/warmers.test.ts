import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache } from './index.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
afterEach(() => {
  vi.useRealTimers()
})

describe('warmers', () => {
  it('warmers load their keys with bounded concurrency and count failures', async () => {
    const cache = createCache()
    let running = 0
    let peak = 0
    cache.addWarmer({
      name: 'top-symbols',
      keys: () => ['A', 'B', 'C', 'D', 'E', 'F'],
      concurrency: 2,
      load: async (k) => {
        running++
        peak = Math.max(peak, running)
        await sleep(5)
        running--
        if (k === 'F') throw new Error('no data')
        return `bars:${k}`
      },
    })
    const [r] = await cache.startWarmers()
    expect(r).toMatchObject({ name: 'top-symbols', loaded: 5, failed: 1 })
    expect(peak).toBe(2)
    expect(await cache.get('C')).toBe('bars:C')
    expect(cache.stats().warmers['top-symbols']).toMatchObject({ runs: 1, loaded: 5, failed: 1 })
    await cache.close()
  })

  it('spread a refresh over the interval, one load at a time, instead of one burst', async () => {
    vi.useFakeTimers()
    const cache = createCache()
    const loads: string[] = []
    let running = 0
    let peak = 0
    cache.addWarmer({
      name: 'bars',
      keys: () => ['A', 'B', 'C', 'D'],
      intervalMs: 1000,
      concurrency: 4,
      load: async (k) => {
        running++
        peak = Math.max(peak, running)
        loads.push(k)
        await Promise.resolve()
        running--
        return k
      },
    })
    await cache.startWarmers()
    // The first run at start loads every key at once (concurrency 4).
    expect(loads).toEqual(['A', 'B', 'C', 'D'])
    expect(peak).toBe(4)
    peak = 0
    // Then one key per quarter of the interval: after 250 ms only A was refreshed, after 1 s all four.
    await vi.advanceTimersByTimeAsync(260)
    expect(loads.slice(4)).toEqual(['A'])
    await vi.advanceTimersByTimeAsync(500)
    expect(loads.slice(4)).toEqual(['A', 'B', 'C'])
    await vi.advanceTimersByTimeAsync(250)
    expect(loads.slice(4)).toEqual(['A', 'B', 'C', 'D'])
    expect(peak).toBe(1)
    // The next run follows at the same pace; each key is refreshed once per interval.
    await vi.advanceTimersByTimeAsync(1000)
    expect(loads.slice(8)).toEqual(['A', 'B', 'C', 'D'])
    expect(cache.stats().warmers.bars).toMatchObject({ runs: 3, loaded: 12, failed: 0 })
    await cache.close()
    // Stopped: no load after close().
    await vi.advanceTimersByTimeAsync(5000)
    expect(loads).toHaveLength(12)
  })

  it('a warmer with no keys waits out its interval rather than spinning', async () => {
    vi.useFakeTimers()
    const cache = createCache()
    let listed = 0
    cache.addWarmer({
      name: 'empty',
      keys: () => {
        listed++
        return []
      },
      intervalMs: 1000,
      load: () => 1,
    })
    await cache.startWarmers()
    // The run at start, then one listing per interval (at 0, 1, 2 and 3 s): not thousands.
    await vi.advanceTimersByTimeAsync(3500)
    expect(listed).toBe(5)
    await cache.close()
  })
})
