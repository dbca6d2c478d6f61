/** States of the circuit breaker around the remote endpoint. */
export type BreakerState = 'closed' | 'open' | 'half-open'

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number
  /** How long it stays open before one probe is let through. */
  cooldownMs?: number
  now?: () => number
  onChange?: (state: BreakerState) => void
}

/**
 * Consecutive-failure breaker: while open, callers skip the endpoint at once (and use the fallback) instead of
 * paying a timeout each; after the cooldown exactly one probe goes through and its outcome decides.
 */
export function createBreaker(options: BreakerOptions = {}) {
  const threshold = options.failureThreshold ?? 5
  const cooldown = options.cooldownMs ?? 5_000
  const now = options.now ?? Date.now
  let state: BreakerState = 'closed'
  let failures = 0
  let openedAt = 0
  let probing = false
  const set = (s: BreakerState) => {
    if (s !== state) {
      state = s
      options.onChange?.(s)
    }
  }
  return {
    get state(): BreakerState {
      return state
    },
    /** True when a call may go to the endpoint now. */
    allow(): boolean {
      if (state === 'closed') return true
      if (state === 'open' && now() - openedAt >= cooldown) set('half-open')
      if (state === 'half-open' && !probing) {
        probing = true
        return true
      }
      return false
    },
    success(): void {
      failures = 0
      probing = false
      set('closed')
    },
    failure(): void {
      probing = false
      failures++
      if (state === 'half-open' || failures >= threshold) {
        openedAt = now()
        set('open')
      }
    },
  }
}
export type Breaker = ReturnType<typeof createBreaker>
