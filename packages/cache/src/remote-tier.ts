import { type BreakerOptions, type CircuitBreaker, createCircuitBreaker } from '@supernova/core'
import type { CacheEvent } from './events.ts'
import type { L2Driver, RemoteDriver, RemoteEntry } from './port.ts'
import { TierCounters } from './stats.ts'

export interface RemoteTierOptions {
  /** Longest an entry lives in this tier (L2 default 1 h, L3 default 24 h). */
  ttlMs?: number
  /** Each call (or batch) to the driver fails after this long (L2 default 250 ms, L3 default 1 s). */
  timeoutMs?: number
  breaker?: Omit<BreakerOptions, 'onChange'>
}

/** Sentinel for "the tier did not answer" (error, timeout or open breaker): the caller treats it as a miss. */
export const FAILED: unique symbol = Symbol('failed')
export type Failed = typeof FAILED

class TierTimeout extends Error {
  constructor(tier: string, ms: number) {
    super(`${tier} did not answer within ${ms} ms`)
    this.name = 'TierTimeout'
  }
}

const MAX_BATCH = 256
/**
 * L2 sets are sent in chunks of this many as they are issued (plus the remainder at the end of the tick): Redis
 * works on one chunk while the next is encoded, instead of idling until a whole tick's batch is ready. 16 beat
 * both 8 (more commands) and one batch per tick (no overlap) on `npm run bench -- cache`, 32 sets in flight.
 * L3 keeps one statement per tick (a SQL round trip costs more than the overlap gains).
 */
const L2_SET_CHUNK = 16
const noop = () => {}

interface PendingCall {
  deadline: number
  expire: () => void
}

interface GetBatch {
  keys: string[]
  resolves: ((v: string | null | Failed) => void)[]
}
interface SetBatch {
  entries: RemoteEntry[]
  promise: Promise<void>
  done: () => void
  /** Flushed already (early, when full) so the scheduled flush skips it. */
  sent: boolean
}

/**
 * A remote tier as the cache core sees it: gets and sets issued in the same tick go to the driver as one
 * mget / mset (one round trip), every driver call is bounded by a timeout and a circuit breaker, and every
 * failure is counted and swallowed, never thrown to the request.
 */
export class RemoteTier {
  readonly counters = new TierCounters()
  readonly breaker: CircuitBreaker
  readonly ttlMs: number
  readonly timeoutMs: number
  private readonly pending = new Set<PendingCall>()
  private sweeper: ReturnType<typeof setInterval> | undefined
  private gets: GetBatch | null = null
  private sets: SetBatch | null = null
  private readonly setChunk: number

  constructor(
    readonly name: 'l2' | 'l3',
    readonly driver: RemoteDriver,
    options: RemoteTierOptions,
    private readonly emit: (e: CacheEvent) => void,
  ) {
    this.ttlMs = options.ttlMs ?? (name === 'l2' ? 3_600_000 : 86_400_000)
    this.timeoutMs = options.timeoutMs ?? (name === 'l2' ? 250 : 1_000)
    this.setChunk = name === 'l2' ? L2_SET_CHUNK : MAX_BATCH
    this.breaker = createCircuitBreaker({
      ...options.breaker,
      onChange: (state) => this.emit({ type: 'breaker', tier: name, state }),
    })
  }

  /** The stored string, null on a miss, FAILED when the tier could not answer. */
  get(key: string): Promise<string | null | Failed> {
    let b = this.gets
    if (!b || b.keys.length >= MAX_BATCH) {
      b = this.gets = { keys: [], resolves: [] }
      const batch = b
      process.nextTick(() => this.flushGets(batch))
    }
    const batch = b
    return new Promise((resolve) => {
      batch.keys.push(key)
      batch.resolves.push(resolve)
    })
  }

  /**
   * Writes one entry, batched with the others of this tick (flushed early every `setChunk` entries so that the tier
   * starts on one chunk while the next is being encoded). Every entry of a batch shares the batch's one promise,
   * which resolves (never rejects) once the tier answered or failed; failures are counted, not thrown.
   */
  set(entry: RemoteEntry): Promise<void> {
    let b = this.sets
    if (b === null) {
      let done = noop
      const promise = new Promise<void>((resolve) => {
        done = resolve
      })
      b = this.sets = { entries: [], promise, done, sent: false }
      const batch = b
      process.nextTick(() => this.flushSets(batch))
    }
    b.entries.push(entry)
    if (b.entries.length >= this.setChunk) this.flushSets(b)
    return b.promise
  }

  async delete(keys: readonly string[]): Promise<boolean> {
    const r = await this.guard(() => this.driver.delete(keys))
    if (r !== FAILED) this.counters.deletes += keys.length
    return r !== FAILED
  }

  async deleteByTags(tags: readonly string[]): Promise<boolean> {
    return (await this.guard(() => this.driver.deleteByTags(tags))) !== FAILED
  }

  /** L2 only: true when taken, false when someone else holds it, FAILED when the tier is unavailable. */
  async lock(key: string, token: string, ttlMs: number): Promise<boolean | Failed> {
    return this.guard(() => (this.driver as L2Driver).lock(key, token, ttlMs))
  }

  async unlock(key: string, token: string): Promise<void> {
    await this.guard(() => (this.driver as L2Driver).unlock(key, token))
  }

  private flushGets(batch: GetBatch): void {
    if (this.gets === batch) this.gets = null
    const { keys, resolves } = batch
    this.guard(() => this.driver.mget(keys)).then((values) => {
      for (let i = 0; i < resolves.length; i++) {
        if (values === FAILED) resolves[i]!(FAILED)
        else {
          const v = values[i] ?? null
          if (v !== null) this.counters.bytesRead += v.length
          resolves[i]!(v)
        }
      }
    })
  }

  private flushSets(batch: SetBatch): void {
    if (this.sets === batch) this.sets = null
    if (batch.sent) return
    batch.sent = true
    const entries = batch.entries
    this.guard(() => this.driver.mset(entries)).then((r) => {
      if (r !== FAILED) {
        const c = this.counters
        c.sets += entries.length
        for (let i = 0; i < entries.length; i++) c.bytesWritten += entries[i]!.value.length
      }
      batch.done()
    })
  }

  /**
   * Runs one driver call behind the breaker and the timeout; never rejects. Deadlines are checked by one shared
   * sweep timer per tier rather than a timer per call (a timer per call costs more than a pipelined Redis GET).
   */
  private guard<T>(op: () => Promise<T>): Promise<T | Failed> {
    const c = this.counters
    if (!this.breaker.allow()) {
      c.shortCircuits++
      return Promise.resolve(FAILED)
    }
    const start = performance.now()
    return new Promise<T | Failed>((resolve) => {
      const call: PendingCall = {
        deadline: start + this.timeoutMs,
        expire: () => {
          c.timeouts++
          this.fail(new TierTimeout(this.name, this.timeoutMs))
          resolve(FAILED)
        },
      }
      this.pending.add(call)
      this.armSweep()
      let p: Promise<T>
      try {
        p = op()
      } catch (e) {
        p = Promise.reject(e)
      }
      p.then(
        (v) => {
          if (!this.pending.delete(call)) return
          c.latency.record(performance.now() - start)
          this.breaker.success()
          resolve(v)
        },
        (e: unknown) => {
          if (!this.pending.delete(call)) return
          this.fail(e)
          resolve(FAILED)
        },
      )
    })
  }

  private armSweep(): void {
    if (this.sweeper) return
    const every = Math.max(1, Math.min(25, Math.floor(this.timeoutMs / 5)))
    this.sweeper = setInterval(() => {
      if (this.pending.size === 0) {
        clearInterval(this.sweeper)
        this.sweeper = undefined
        return
      }
      const now = performance.now()
      for (const call of this.pending) {
        if (call.deadline <= now) {
          this.pending.delete(call)
          call.expire()
        }
      }
    }, every)
    this.sweeper.unref?.()
  }

  private fail(error: unknown): void {
    this.counters.errors++
    this.breaker.failure()
    this.emit({ type: 'error', tier: this.name, error })
  }
}
