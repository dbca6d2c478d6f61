import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { CALLER_ERROR_CODES, isAppError } from '@supernova/core'
import { inBackground, type SqlDatabase } from '@supernova/db'
import type { QueueStats, TaskContext } from './port.ts'
import { type ClaimedTask, taskStore } from './store.ts'
import type { TaskRegistry } from './tasks.ts'

/** What the runner reports; the runtime forwards it to the metrics registry. */
export interface TaskEvents {
  started?(type: string, waitMs: number): void
  completed?(type: string, durationMs: number): void
  failed?(type: string, durationMs: number): void
  retried?(type: string): void
  dead?(type: string): void
  poolSize?(size: number): void
  stats?(stats: QueueStats): void
  /** One task's state for live subscribers (realtime `tasks:{id}`): started, progress (as throttled as the row), outcome. */
  changed?(change: TaskChange): void
}

/** A task's state change as `TaskEvents.changed` reports it; `status` is the row's status after the change. */
export interface TaskChange {
  id: string
  type: string
  status: string
  attempt: number
  progress?: { value: number; message: string | null }
  error?: string
}

export interface RunnerOptions {
  db: SqlDatabase
  registry: TaskRegistry
  /** Concurrency bounds; the pool grows with depth and lag between them (the seed's 2..50). */
  minWorkers?: number
  maxWorkers?: number
  /** How often an idle runner looks for due tasks; a local enqueue wakes it at once. */
  pollMs?: number
  /**
   * Each empty poll doubles the wait, up to this (default 2,000 ms, never below pollMs); a claim or a local enqueue
   * brings it back to pollMs. On PGlite every poll is a statement on the event loop (4 a second at 250 ms, 20% of
   * all database time in a load run); what an idle runner waits for is another process's enqueue, a retry coming
   * due or a lapsed lease, none of which needs a quarter-second answer.
   */
  idlePollMaxMs?: number
  /** Lease length; heartbeats renew it every third of it, and other runners take a task over after it lapses. */
  leaseMs?: number
  /** Retry backoff: base * 2^(attempt-1), capped, with equal jitter. */
  backoff?: { baseMs?: number; maxMs?: number }
  /** How often depth is measured (scaling and metrics) and expired leases are swept. */
  statsMs?: number
  events?: TaskEvents
  /** Runner identity written into leases (host:pid:random by default). */
  owner?: string
}

/** Why a running task's signal was aborted. */
export type AbortReason = 'cancelled' | 'timeout' | 'lease-lost' | 'shutdown'

class TaskAbort extends Error {
  constructor(readonly reason: AbortReason) {
    super(reason === 'timeout' ? 'timed out' : reason)
  }
}

/** Exponential backoff with equal jitter: half fixed, half random, so retries of one burst spread out. */
export function backoffMs(attempt: number, baseMs = 1000, maxMs = 300_000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

interface Running {
  task: ClaimedTask
  ac: AbortController
}

/**
 * The database runner: claims due tasks with `FOR UPDATE SKIP LOCKED`, holds them by leases it renews, and
 * takes over tasks whose runner stopped renewing. Several processes can share one database. Each claim,
 * renewal and outcome is a single statement, so it works on PGlite, pg and both Neon drivers.
 */
export class DatabaseRunner {
  readonly owner: string
  private readonly store
  private readonly o: Required<Omit<RunnerOptions, 'events' | 'owner' | 'backoff'>> & {
    backoff: { baseMs: number; maxMs: number }
  }
  private readonly events: TaskEvents
  private readonly running = new Map<string, Running>()
  private readonly types: string[]
  private target: number
  private stopping = false
  private started = false
  private loop?: Promise<void>
  private wakeUp?: () => void
  private woken = false
  private backlog = false
  private timers: NodeJS.Timeout[] = []
  private lastRenewal = Date.now()

  constructor(options: RunnerOptions) {
    this.o = {
      db: options.db,
      registry: options.registry,
      minWorkers: Math.max(1, options.minWorkers ?? 2),
      maxWorkers: Math.max(options.minWorkers ?? 2, options.maxWorkers ?? 50),
      pollMs: options.pollMs ?? 250,
      idlePollMaxMs: Math.max(options.pollMs ?? 250, options.idlePollMaxMs ?? 2000),
      leaseMs: options.leaseMs ?? 30_000,
      statsMs: options.statsMs ?? 2_000,
      backoff: { baseMs: options.backoff?.baseMs ?? 1000, maxMs: options.backoff?.maxMs ?? 300_000 },
    }
    this.events = options.events ?? {}
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
    this.store = taskStore(options.db)
    this.types = [...options.registry.keys()]
    this.target = this.o.minWorkers
  }

  /** Current concurrency target. */
  get poolSize(): number {
    return this.target
  }

  /** Tasks this runner is running now. */
  get active(): number {
    return this.running.size
  }

  start(): this {
    if (this.started) return this
    this.started = true
    const every = (ms: number, fn: () => Promise<void>) => {
      const t = setInterval(() => void fn().catch(() => {}), ms)
      t.unref()
      this.timers.push(t)
    }
    every(Math.max(50, Math.floor(this.o.leaseMs / 3)), () => this.heartbeat())
    every(this.o.statsMs, () => this.measure())
    this.events.poolSize?.(this.target)
    this.loop = this.run()
    return this
  }

  /** A task was enqueued in this process: look now rather than at the next poll. */
  wake(): void {
    this.woken = true
    this.wakeUp?.()
  }

  /** Aborts a task running here (the row already carries the cancel request). */
  cancel(id: string): void {
    this.running.get(id)?.ac.abort(new TaskAbort('cancelled'))
  }

  /**
   * Stops claiming, waits up to `graceMs` for running tasks, then aborts the rest and hands them back
   * (queued again without spending an attempt) so another runner starts them at once.
   */
  async drain(graceMs = 10_000): Promise<void> {
    this.stopping = true
    this.wake()
    await this.loop
    const deadline = Date.now() + graceMs
    while (this.running.size > 0 && Date.now() < deadline) await sleep(20)
    for (const r of this.running.values()) r.ac.abort(new TaskAbort('shutdown'))
    while (this.running.size > 0) await sleep(10)
    for (const t of this.timers) clearInterval(t)
    this.timers = []
  }

  private async run(): Promise<void> {
    let wait = this.o.pollMs
    while (!this.stopping) {
      const free = this.target - this.running.size
      let claimed = 0
      if (free > 0) {
        try {
          const tasks = await this.store.claim(this.owner, free, this.o.leaseMs, this.types)
          claimed = tasks.length
          for (const t of tasks) this.execute(t)
        } catch {
          // Database unreachable: keep polling; leases of running tasks lapse on their own if this lasts.
        }
      }
      this.backlog = free > 0 && claimed === free
      if (this.stopping) break
      if (this.backlog && this.target < this.o.maxWorkers) {
        // Every free slot found work: there is a backlog, so grow now rather than at the next measurement.
        this.setTarget(this.target * 2)
        continue
      }
      if (claimed > 0 && this.running.size < this.target) continue
      if (claimed > 0) wait = this.o.pollMs
      const woken = await this.idle(wait)
      wait = woken ? this.o.pollMs : Math.min(wait * 2, this.o.idlePollMaxMs)
    }
  }

  /** Waits `ms` or until woken; true when woken (local work arrived: look again at the short interval). */
  private idle(ms: number): Promise<boolean> {
    if (this.woken) {
      this.woken = false
      return Promise.resolve(true)
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => done(false), ms)
      const done = (woken: boolean) => {
        clearTimeout(t)
        this.wakeUp = undefined
        resolve(woken)
      }
      this.wakeUp = () => {
        this.woken = false
        done(true)
      }
    })
  }

  private setTarget(n: number) {
    const next = Math.min(this.o.maxWorkers, Math.max(this.o.minWorkers, Math.ceil(n)))
    if (next !== this.target) {
      this.target = next
      this.events.poolSize?.(next)
    }
  }

  private async measure(): Promise<void> {
    for (const t of await this.store.sweepExpired()) {
      if (t.status === 'dead') this.events.dead?.(t.type)
      else if (t.status === 'queued') this.events.retried?.(t.type)
    }
    const stats = await this.store.stats()
    this.events.stats?.(stats)
    const depth = stats.depth.high + stats.depth.normal + stats.depth.low
    // Scale with depth: enough slots for what runs here plus what waits, within the bounds.
    this.setTarget(this.running.size + depth)
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.running.keys()]
    if (ids.length === 0) {
      this.lastRenewal = Date.now()
      return
    }
    try {
      const { kept, cancel } = await this.store.heartbeat(this.owner, ids, this.o.leaseMs)
      this.lastRenewal = Date.now()
      for (const id of ids) {
        const r = this.running.get(id)
        if (!r) continue
        if (!kept.has(id)) r.ac.abort(new TaskAbort('lease-lost'))
        else if (cancel.has(id)) r.ac.abort(new TaskAbort('cancelled'))
      }
    } catch {
      // Could not renew: once the lease has lapsed another runner may own these tasks, so stop them here.
      if (Date.now() - this.lastRenewal > this.o.leaseMs)
        for (const r of this.running.values()) r.ac.abort(new TaskAbort('lease-lost'))
    }
  }

  private execute(task: ClaimedTask): void {
    const def = this.o.registry.get(task.type)!
    const ac = new AbortController()
    this.running.set(task.id, { task, ac })
    const t0 = Date.now()
    this.events.started?.(
      task.type,
      Math.max(0, t0 - Math.max(task.runAt.getTime(), task.createdAt.getTime())),
    )
    const change = (status: string, extra: Pick<TaskChange, 'progress' | 'error'> = {}) =>
      this.events.changed?.({ id: task.id, type: task.type, status, attempt: task.attempts, ...extra })
    change('running')
    const timer = setTimeout(() => ac.abort(new TaskAbort('timeout')), task.timeoutMs)
    let lastWrite = 0
    let pending: { value: number; message: string | null } | undefined
    let writing = false
    const flush = () => {
      if (!pending || writing) return
      const p = pending
      pending = undefined
      writing = true
      lastWrite = Date.now()
      change('running', { progress: p })
      this.store
        .progress(task.id, this.owner, p.value, p.message)
        .catch(() => {})
        .finally(() => {
          writing = false
        })
    }
    const ctx: TaskContext = {
      id: task.id,
      attempt: task.attempts,
      signal: ac.signal,
      progress: (value, message) => {
        pending = { value: Math.min(1, Math.max(0, value)), message: message ?? null }
        // At most a few writes a second per task, whatever the handler's rate.
        if (Date.now() - lastWrite >= 250) flush()
      },
    }
    const aborted = new Promise<never>((_, reject) => {
      ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true })
    })
    aborted.catch(() => {})
    // The handler's statements wait behind request statements on a single-session database (embedded PGlite).
    void Promise.race([inBackground(() => def.handler(task.payload, ctx)), aborted])
      .then(
        async (result) => {
          if (await this.store.complete(task.id, this.owner, task.attempts, result)) {
            this.events.completed?.(task.type, Date.now() - t0)
            change('succeeded', { progress: { value: 1, message: null } })
          }
        },
        async (e: unknown) => {
          const reason = e instanceof TaskAbort ? e.reason : undefined
          if (reason === 'lease-lost') return
          if (reason === 'shutdown') {
            await this.store.release(task.id, this.owner, task.attempts)
            return
          }
          this.events.failed?.(task.type, Date.now() - t0)
          const message =
            reason === 'timeout'
              ? `timed out after ${task.timeoutMs} ms`
              : e instanceof Error
                ? e.message
                : String(e)
          // A handler's own 4xx (bad input it found late) will fail the same way again: no retry.
          const retryable = !(isAppError(e) && CALLER_ERROR_CODES.has(e.code))
          const status = await this.store.fail(
            task.id,
            this.owner,
            task.attempts,
            message,
            backoffMs(task.attempts, this.o.backoff.baseMs, this.o.backoff.maxMs),
            retryable,
          )
          if (status === 'queued') this.events.retried?.(task.type)
          if (status === 'dead') this.events.dead?.(task.type)
          if (status) change(status, { error: message })
        },
      )
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer)
        this.running.delete(task.id)
        if (this.backlog || this.running.size === 0) this.wake()
      })
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Starts a database runner (see DatabaseRunner). */
export function startDatabaseRunner(options: RunnerOptions): DatabaseRunner {
  return new DatabaseRunner(options).start()
}
