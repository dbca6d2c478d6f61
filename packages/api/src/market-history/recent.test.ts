import { marketKeys } from '@supernova/cache'
import { describe, expect, it, vi } from 'vitest'
import { type RecentStore, recentSymbols } from './recent.ts'

/** A store over a map that counts writes and can be made to fail. */
function mapStore() {
  const m = new Map<string, unknown>()
  let failing = false
  const store: RecentStore & { writes: number; fail(on: boolean): void } = {
    writes: 0,
    fail: (on) => {
      failing = on
    },
    get: async <T>(key: string) => m.get(key) as T | undefined,
    set: async (key, value) => {
      store.writes++
      if (failing) throw new Error('store down')
      m.set(key, value)
    },
  }
  return { store, stored: () => m.get(marketKeys.recentHistories()) }
}

describe('recently read symbols', () => {
  it('lists the newest first, moves a symbol read again to the front and keeps at most `max`', async () => {
    const r = recentSymbols(undefined, { max: 3 })
    r.touch(['A', 'B'])
    r.touch(['C', 'A'])
    expect(await r.list()).toEqual(['A', 'C', 'B'])
    r.touch(['D'])
    expect(await r.list()).toEqual(['D', 'A', 'C'])
  })

  it('writes on the first read, then at most once per interval, and hands the list to the next process', async () => {
    let t = 0
    const { store, stored } = mapStore()
    const r = recentSymbols(store, { saveEveryMs: 10_000, now: () => t })
    r.touch(['A'])
    await vi.waitFor(() => expect(stored()).toEqual(['A']))
    t = 5_000
    r.touch(['B'])
    await new Promise((res) => setImmediate(res))
    expect(store.writes).toBe(1)
    t = 10_000
    r.touch(['C'])
    await vi.waitFor(() => expect(stored()).toEqual(['C', 'B', 'A']))
    expect(store.writes).toBe(2)
    // a restart: the stored list under what the new process reads
    const next = recentSymbols(store, { now: () => t })
    next.touch(['B'])
    expect(await next.list()).toEqual(['B', 'C', 'A'])
    // the stored list and this process's reads together keep at most `max`
    const small = recentSymbols(store, { max: 2, now: () => t })
    small.touch(['D'])
    expect(await small.list()).toEqual(['D', 'B'])
  })

  it('never drops the stored list by writing before reading it, and retries a failed write', async () => {
    const { store, stored } = mapStore()
    await store.set(marketKeys.recentHistories(), ['X', 'Y'])
    store.writes = 0
    store.fail(true)
    let t = 0
    const r = recentSymbols(store, { saveEveryMs: 10_000, now: () => t })
    r.touch(['A'])
    await vi.waitFor(() => expect(store.writes).toBe(1))
    expect(stored()).toEqual(['X', 'Y'])
    store.fail(false)
    // within the interval, but the failed write does not count
    t = 1
    r.touch(['B'])
    await vi.waitFor(() => expect(stored()).toEqual(['B', 'A', 'X', 'Y']))
  })

  it('writes what the interval held back when flushed (at shutdown), and nothing when nothing changed', async () => {
    const t = 0
    const { store, stored } = mapStore()
    const r = recentSymbols(store, { saveEveryMs: 10_000, now: () => t })
    r.touch(['A'])
    r.touch(['B'])
    await r.flush()
    expect(stored()).toEqual(['B', 'A'])
    const writes = store.writes
    await r.flush()
    expect(store.writes).toBe(writes)
  })

  it('ignores a stored value that is not a list of symbols', async () => {
    const { store } = mapStore()
    await store.set(marketKeys.recentHistories(), { not: 'a list' })
    expect(await recentSymbols(store).list()).toEqual([])
    await store.set(marketKeys.recentHistories(), ['A', 7, 'B'])
    expect(await recentSymbols(store).list()).toEqual(['A', 'B'])
  })
})
