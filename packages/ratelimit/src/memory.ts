import type { RateLimiterMemory } from 'rate-limiter-flexible'
import type { RateLimitBudget, RateLimitDecision, RateLimiter } from './port.ts'

/** rate-limiter-flexible's answer, resolved (allowed) or rejected (refused). */
interface FlexibleRes {
  remainingPoints: number
  msBeforeNext: number
}

/** Window length in whole seconds, as rate-limiter-flexible counts (at least one). */
export const windowSeconds = (b: RateLimitBudget): number => Math.max(1, Math.ceil(b.windowMs / 1000))

const isFlexibleRes = (e: unknown): e is FlexibleRes =>
  typeof e === 'object' && e !== null && !(e instanceof Error) && 'msBeforeNext' in e

/** Runs one consume on a rate-limiter-flexible limiter: a RateLimiterRes rejection is a refusal, anything else a store failure. */
export async function consumeFlexible(
  limiter: { consume(key: string, points?: number): Promise<FlexibleRes> },
  key: string,
  budget: RateLimitBudget,
): Promise<RateLimitDecision> {
  let res: FlexibleRes
  let allowed = true
  try {
    res = await limiter.consume(key)
  } catch (e) {
    if (!isFlexibleRes(e)) throw e
    res = e
    allowed = false
  }
  return {
    allowed,
    limit: budget.limit,
    remaining: allowed ? Math.max(0, res.remainingPoints) : 0,
    resetMs: Math.max(0, res.msBeforeNext),
  }
}

/** One limiter per budget (rate-limiter-flexible fixes points and duration per instance), built on first use. */
export function perBudget<L>(
  make: (b: RateLimitBudget) => L | Promise<L>,
): (b: RateLimitBudget) => Promise<L> {
  const made = new Map<string, Promise<L>>()
  return (b) => {
    const id = `${b.name}:${b.limit}:${b.windowMs}`
    let l = made.get(id)
    if (!l) {
      l = Promise.resolve(make(b))
      made.set(id, l)
    }
    return l
  }
}

/**
 * In-process fixed windows (rate-limiter-flexible's memory store): the embedded shape, one process. The library
 * is imported on first use, so shapes that use another adapter never load it.
 */
export function memoryRateLimiter(options: { prefix?: string } = {}): RateLimiter {
  const prefix = options.prefix ?? 'sn:rl:'
  const limiterFor = perBudget<RateLimiterMemory>(async (b) => {
    const { RateLimiterMemory } = await import('rate-limiter-flexible')
    return new RateLimiterMemory({
      keyPrefix: `${prefix}${b.name}`,
      points: b.limit,
      duration: windowSeconds(b),
    })
  })
  return {
    name: 'memory',
    consume: async (key, budget) => consumeFlexible(await limiterFor(budget), key, budget),
    async close() {},
  } satisfies RateLimiter
}
