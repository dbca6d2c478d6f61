import { randomUUID } from 'node:crypto'
import type { RateLimitBudget, RateLimiter } from '@supernova/ratelimit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The contract every rate-limit store meets (counting, refusal, independence, atomicity, window reset). */
export function describeRateLimiter(name: string, make: () => Promise<RateLimiter>): void {
  describe(`rate limiter contract: ${name}`, () => {
    let limiter: RateLimiter
    // a unique budget name per run keeps keys apart from other runs sharing the store
    const run = randomUUID().slice(0, 8)
    const budget = (limit: number, windowMs = 60_000, tag = 'b'): RateLimitBudget => ({
      name: `${tag}${run}`,
      limit,
      windowMs,
    })
    beforeAll(async () => {
      limiter = await make()
    })
    afterAll(async () => {
      await limiter.close()
    })

    it('allows `limit` requests per window, counting down, then refuses with the time to wait', async () => {
      const b = budget(3)
      const seen = []
      for (let i = 0; i < 5; i++) seen.push(await limiter.consume('k-count', b))
      expect(seen.map((d) => d.allowed)).toEqual([true, true, true, false, false])
      expect(seen.map((d) => d.remaining)).toEqual([2, 1, 0, 0, 0])
      for (const d of seen) {
        expect(d.limit).toBe(3)
        expect(d.resetMs).toBeGreaterThan(0)
        expect(d.resetMs).toBeLessThanOrEqual(60_000)
      }
    })

    it('keeps keys and budgets apart', async () => {
      const a = budget(1, 60_000, 'x')
      const b = budget(1, 60_000, 'y')
      expect((await limiter.consume('k-sep-1', a)).allowed).toBe(true)
      expect((await limiter.consume('k-sep-1', a)).allowed).toBe(false)
      expect((await limiter.consume('k-sep-2', a)).allowed).toBe(true)
      expect((await limiter.consume('k-sep-1', b)).allowed).toBe(true)
    })

    it('counts concurrent requests atomically: exactly `limit` of a burst pass', async () => {
      const b = budget(10, 60_000, 'c')
      const burst = await Promise.all(Array.from({ length: 30 }, () => limiter.consume('k-burst', b)))
      expect(burst.filter((d) => d.allowed)).toHaveLength(10)
      const remaining = burst.filter((d) => d.allowed).map((d) => d.remaining)
      expect(new Set(remaining).size).toBe(10)
    })

    it('allows again once the window has passed', async () => {
      const b = budget(1, 1_000, 'w')
      expect((await limiter.consume('k-window', b)).allowed).toBe(true)
      const refused = await limiter.consume('k-window', b)
      expect(refused.allowed).toBe(false)
      await sleep(refused.resetMs + 150)
      expect((await limiter.consume('k-window', b)).allowed).toBe(true)
    })
  })
}
