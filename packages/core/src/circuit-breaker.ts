/** States of a circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open'

/** Options of `createCircuitBreaker` (the cache's remote tiers and the SageMaker adapter take these). */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker (default 5). */
  failureThreshold?: number
  /** How long it stays open before one probe is let through (default 5 s). */
  cooldownMs?: number
  /** Clock in ms (default Date.now); injectable so tests step time instead of sleeping. */
  now?: () => number
  /** Called on every change of state. */
  onChange?: (state: BreakerState) => void
}

/** A consecutive-failure circuit breaker (see `createCircuitBreaker`). */
export interface CircuitBreaker {
  readonly state: BreakerState
  /** Times it has opened. */
  readonly opens: number
  /** True when a call may go ahead now. */
  allow(): boolean
  success(): void
  failure(): void
}

/**
 * Consecutive-failure circuit breaker: while open, callers skip the dependency at once (a cache tier counts a
 * miss, the sentiment adapter answers with its local model) instead of paying a timeout each; after the cooldown
 * exactly one probe goes through and its outcome decides. Pure: the only outside input is the injectable clock.
 */
export function createCircuitBreaker(options: BreakerOptions = {}): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5
  const cooldown = options.cooldownMs ?? 5_000
  const now = options.now ?? Date.now
  const onChange = options.onChange
  let state: BreakerState = 'closed'
  let opens = 0
  let failures = 0
  let openedAt = 0
  let probing = false
  const set = (s: BreakerState) => {
    if (s === state) return
    state = s
    onChange?.(s)
  }
  return {
    get state() {
      return state
    },
    get opens() {
      return opens
    },
    allow() {
      if (state === 'closed') return true
      if (state === 'open') {
        if (now() - openedAt < cooldown) return false
        set('half-open')
      }
      if (probing) return false
      probing = true
      return true
    },
    success() {
      failures = 0
      probing = false
      set('closed')
    },
    failure() {
      probing = false
      failures++
      // a late failure of a call let through before the breaker opened does not extend the open period
      if (state === 'half-open' || (state === 'closed' && failures >= threshold)) {
        openedAt = now()
        opens++
        set('open')
      }
    },
  }
}
