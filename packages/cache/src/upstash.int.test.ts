import { describeL2Driver, useUpstashEmulator } from '@supernova/testing'
import { Redis } from '@upstash/redis'
import { describe, expect, it } from 'vitest'
import { createCache } from './cache.ts'
import { upstashL2 } from './upstash.ts'

const servers = useUpstashEmulator()

describeL2Driver('@upstash/redis through the REST emulator', async () => ({
  driver: upstashL2({ url: servers.upstash.url, token: servers.upstash.token }),
}))

describe('Upstash REST emulator', () => {
  it('speaks what the real client sends: single commands, pipelines, multi-exec, base64 replies', async () => {
    const redis = new Redis({
      url: servers.upstash.url,
      token: servers.upstash.token,
      enableTelemetry: false,
    })
    expect(await redis.set('emu:a', 'ünï ✓')).toBe('OK')
    expect(await redis.get('emu:a')).toBe('ünï ✓')
    await redis.hset('emu:h', { f: '1', g: 'two' })
    expect(await redis.hgetall('emu:h')).toEqual({ f: 1, g: 'two' })
    const tx = redis.multi()
    tx.incr('emu:n')
    tx.incr('emu:n')
    expect(await tx.exec()).toEqual([1, 2])
    const p = redis.pipeline()
    p.set('emu:b', 'x')
    p.get('emu:b')
    p.del('emu:b')
    expect(await p.exec()).toEqual(['OK', 'x', 1])
  })

  it('rejects a wrong token', async () => {
    const bad = new Redis({ url: servers.upstash.url, token: 'wrong', enableTelemetry: false, retry: false })
    await expect(bad.get('emu:a')).rejects.toThrow()
  })

  it('a cache on Upstash round-trips compressed values with unicode', async () => {
    const cache = createCache({
      prefix: 'upc:',
      l2: upstashL2({ url: servers.upstash.url, token: servers.upstash.token }),
    })
    const value = { text: 'Zürich 📈 — 東京 '.repeat(300), n: [1.5, -2, null] }
    await cache.set('big', value)
    cache.clearLocal()
    expect(await cache.get('big')).toEqual(value)
    expect(cache.stats().tiers.l2!.hits).toBe(1)
  })
})
