import type { BreakerState } from './stats.ts'

export interface BreakerOptions {
  /** Consecutive failures that open the breaker (default 5). */
  failureThreshold?: number
  /** How long it stays open before one probe is let through (default 5 s). */
  openMs?: number
}

/**
 * Consecutive-failure circuit breaker. Open: calls are refused at once (the tier counts as a miss) so a dead
 * Redis or database costs nothing per request; after `openMs` a single probe decides whether to close again.
 */
export class CircuitBreaker {
  state: BreakerState = 'closed'
  opens = 0
  private failures = 0
  private openedAt = 0
  private probing = false
  private readonly threshold: number
  private readonly openMs: number

  constructor(
    options: BreakerOptions = {},
    private readonly onChange?: (state: BreakerState) => void,
  ) {
    this.threshold = options.failureThreshold ?? 5
    this.openMs = options.openMs ?? 5_000
  }

  /** Whether a call may go ahead now. */
  allow(): boolean {
    if (this.state === 'closed') return true
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < this.openMs) return false
      this.transition('half-open')
    }
    if (this.probing) return false
    this.probing = true
    return true
  }

  success(): void {
    this.failures = 0
    this.probing = false
    if (this.state !== 'closed') this.transition('closed')
  }

  failure(): void {
    this.probing = false
    this.failures++
    if (this.state === 'half-open' || (this.state === 'closed' && this.failures >= this.threshold)) {
      this.openedAt = Date.now()
      this.opens++
      this.transition('open')
    }
  }

  private transition(state: BreakerState): void {
    this.state = state
    this.onChange?.(state)
  }
}
