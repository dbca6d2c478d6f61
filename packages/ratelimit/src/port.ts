/** One named allowance: `limit` requests per fixed window of `windowMs`. */
export interface RateLimitBudget {
  /** Name in metrics, headers (`RateLimit-Policy`) and store keys, e.g. `default`, `expensive`. */
  name: string
  limit: number
  windowMs: number
}

/** The store's answer for one request. */
export interface RateLimitDecision {
  allowed: boolean
  limit: number
  /** Requests left in this window after this one (0 when refused). */
  remaining: number
  /** Milliseconds until the window resets (when a refused caller may try again). */
  resetMs: number
}

/**
 * The rate-limit port: count one request for `key` against `budget`, atomically across every process that
 * shares the store. Adapters throw on a store failure; the caller decides how to degrade (the API fails open).
 */
export interface RateLimiter {
  /** Adapter name for logs and /health, e.g. `memory`, `redis`, `upstash`. */
  readonly name: string
  consume(key: string, budget: RateLimitBudget): Promise<RateLimitDecision>
  /** Closes connections the adapter owns. */
  close(): Promise<void>
}
