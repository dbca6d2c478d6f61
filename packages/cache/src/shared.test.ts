import { describe, expect, it } from 'vitest'
import { createCache } from './cache.ts'

describe('shared reads', () => {
  it('hands a caller that only reads the cached bytes themselves on an L1 hit, others a copy', async () => {
    const cache = createCache()
    const load = () => new Uint8Array([1, 2, 3])
    await cache.lookup('b', load)
    const a = await cache.lookup<Uint8Array>('b', load, { shared: true })
    const b = await cache.lookup<Uint8Array>('b', load, { shared: true })
    expect(a.source).toBe('l1')
    expect(a.value).toBe(b.value)
    const c = await cache.lookup<Uint8Array>('b', load)
    expect(c.value).not.toBe(a.value)
    expect([...c.value]).toEqual([1, 2, 3])
    await cache.close()
  })
})
