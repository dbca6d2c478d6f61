import { TimeoutError } from '@supernova/core'
import type { Context, Next } from 'hono'

/** Default per-request deadline: under API Gateway's 29 s so the client gets our 504, not the gateway's. */
export const DEFAULT_TIMEOUT_MS = 25_000

// One pending request: a node of its queue's list (unlinked in O(1) when the request settles).
interface Deadline {
  at: number
  prev: Deadline | undefined
  next: Deadline | undefined
  fail: ((err: unknown) => void) | undefined
  controller?: AbortController
  error?: TimeoutError
}

const deadlines = new WeakMap<Context, Deadline>()

/**
 * Aborts when this request's deadline passes: hand it to database or upstream calls so they stop too. Made on
 * first use, so requests that never ask pay nothing for it.
 */
export function requestSignal(c: Context): AbortSignal | undefined {
  const d = deadlines.get(c)
  if (!d) return undefined
  if (!d.controller) {
    d.controller = new AbortController()
    if (d.error) d.controller.abort(d.error)
  }
  return d.controller.signal
}

/**
 * Pending deadlines of one length, swept by a single interval instead of a timer per request (a setTimeout,
 * clearTimeout and promise chain each cost more than the sweep). Every deadline is `now + ms` with the same ms,
 * so the list is in deadline order: a sweep expires from the head and stops at the first live entry. A deadline
 * fires at most one tick late (ms/10, 1..250 ms); the interval stops once nothing is pending.
 */
export class DeadlineQueue {
  readonly ms: number
  readonly tick: number
  #head: Deadline | undefined
  #tail: Deadline | undefined
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(ms: number) {
    this.ms = ms
    this.tick = Math.max(1, Math.min(250, Math.floor(ms / 10)))
  }

  /**
   * Runs `next` under the deadline: resolves or rejects with it, or rejects with a TimeoutError (and aborts
   * `requestSignal(c)`) when the deadline passes first. The work may still settle later; nothing is left unhandled.
   */
  run(c: Context, next: Next): Promise<void> {
    const d: Deadline = { at: Date.now() + this.ms, prev: this.#tail, next: undefined, fail: undefined }
    deadlines.set(c, d)
    if (this.#tail) this.#tail.next = d
    else this.#head = d
    this.#tail = d
    if (!this.#timer) this.#timer = setInterval(this.#sweep, this.tick)
    return new Promise<void>((resolve, reject) => {
      d.fail = reject
      next().then(
        () => {
          this.#unlink(d)
          resolve()
        },
        (err: unknown) => {
          this.#unlink(d)
          reject(err)
        },
      )
    })
  }

  /** Requests currently waiting on a deadline (for tests and metrics). */
  get pending(): number {
    let n = 0
    for (let d = this.#head; d; d = d.next) n++
    return n
  }

  #unlink(d: Deadline): void {
    d.fail = undefined
    if (d.prev) d.prev.next = d.next
    else if (this.#head === d) this.#head = d.next
    else return // already unlinked (expired)
    if (d.next) d.next.prev = d.prev
    else this.#tail = d.prev
    d.prev = undefined
    d.next = undefined
  }

  #sweep = (): void => {
    const now = Date.now()
    for (let d = this.#head; d && d.at <= now; d = this.#head) {
      const fail = d.fail
      this.#unlink(d)
      d.error = new TimeoutError(`The request did not finish within ${this.ms} ms`, {
        details: [{ field: 'request', message: `deadline ${this.ms} ms` }],
      })
      d.controller?.abort(d.error)
      fail?.(d.error)
    }
    if (!this.#head && this.#timer) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }
}
