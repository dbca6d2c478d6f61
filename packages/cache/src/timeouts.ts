import { TimeoutError } from '@supernova/core'
import type { CacheEvents } from './events.ts'
import type { CacheCounters } from './stats.ts'
import type { Found } from './tiers.ts'

/** When a caller stops waiting for a load: `soft` answers the stale value, `hard` answers stale or fails. */
export interface LoadDeadlines {
  soft: number | undefined
  hard: number | undefined
  stale: Found | undefined
}

/**
 * Answers a caller from a running load, or earlier: after `soft` ms with the stale value, after `hard` ms with
 * the stale value or a TimeoutError. A failed load answers the stale value when there is one (grace); a load
 * that lost the L2 lock ('locked') answers stale or a miss. The load itself is never cancelled.
 */
export function raceLoad(
  k: string,
  load: Promise<Found | 'locked'>,
  { soft, hard, stale }: LoadDeadlines,
  counts: CacheCounters['stale'],
  events: CacheEvents,
): Promise<Found> {
  return new Promise<Found>((resolve, reject) => {
    let settled = false
    const timers: ReturnType<typeof setTimeout>[] = []
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      for (const t of timers) clearTimeout(t)
      fn()
    }
    const after = (ms: number, fn: () => void) => timers.push(setTimeout(() => finish(fn), ms))
    if (soft !== undefined)
      after(soft, () => {
        counts.softTimeout++
        events.emit({ type: 'stale', key: k, reason: 'soft-timeout' })
        resolve(stale!)
      })
    if (hard !== undefined)
      after(hard, () => {
        counts.hardTimeouts++
        if (stale) resolve(stale)
        else reject(new TimeoutError(`loading '${k}' took longer than ${hard} ms`))
      })
    load.then(
      (r) =>
        finish(() => {
          if (r !== 'locked') return resolve(r)
          counts.locked++
          events.emit({ type: 'stale', key: k, reason: 'locked' })
          resolve(stale ?? { value: undefined, source: 'miss', stale: false })
        }),
      (error: unknown) =>
        finish(() => {
          if (!stale) return reject(error)
          counts.grace++
          events.emit({ type: 'error', tier: 'loader', error })
          events.emit({ type: 'stale', key: k, reason: 'grace' })
          resolve(stale)
        }),
    )
  })
}
