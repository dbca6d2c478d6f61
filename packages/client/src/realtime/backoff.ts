/** Reconnect delays: exponential from `baseMs`, capped at `maxMs`, with full jitter. */
export interface BackoffOptions {
  baseMs?: number
  maxMs?: number
  /** Uniform in [0, 1); injectable so the schedule can be checked. */
  random?: () => number
}

/**
 * The delay before reconnect attempt `attempt` (0-based): uniform in [0, min(maxMs, baseMs * 2^attempt)). Full
 * jitter spreads a crowd of clients dropped at once (a restart) instead of bringing them back in waves.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 500, maxMs = 30_000, random = Math.random } = options
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}
