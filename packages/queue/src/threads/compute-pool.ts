import { Worker } from 'node:worker_threads'
import { AppError, type AppErrorCode, type Progress, TimeoutError, UnavailableError } from '@supernova/core'
import type { ComputeJob } from './compute-jobs.ts'
import { fromWire, toWire } from './wire.ts'

/** Counters of a compute pool (for metrics and tests). */
export interface ComputeStats {
  size: number
  busy: number
  queued: number
  completed: number
  failed: number
  /** Workers terminated because their job's signal aborted (deadline passed or caller gone). */
  terminated: number
  rejected: number
}

/** Runs CPU-heavy jobs on worker threads; a job whose signal aborts has its worker terminated, so the work stops. */
export interface ComputePool {
  /** Runs `job` on a worker; `onProgress` hears a study's evaluations from the worker (a few times a second). */
  run<T = unknown>(job: ComputeJob, signal?: AbortSignal, onProgress?: Progress): Promise<T>
  stats(): ComputeStats
  close(): Promise<void>
}

export interface ComputePoolOptions {
  /** Worker threads (default 1: the event loop keeps the other core). */
  size?: number
  /** Jobs waiting beyond the running ones before `run` answers 503 (default 8 per worker). */
  maxQueued?: number
  /**
   * Scheduling niceness of the pool's threads (Linux, 1-19; default 0: the process's own). Background pools (tasks)
   * run niced, so when cores are short the HTTP event loop is scheduled before their long computations.
   */
  nice?: number
  /**
   * Linux SCHED_IDLE for the pool's threads (through `chrt`; default false): they run only on CPU time nothing
   * else in the process wants, and a waking event loop preempts them at once. Falls back to `nice` without chrt.
   */
  idle?: boolean
}

interface Pending {
  job: ComputeJob
  signal?: AbortSignal
  onProgress?: Progress
  resolve(v: unknown): void
  reject(e: unknown): void
  onAbort?: () => void
}

interface Slot {
  worker?: Worker
  current?: Pending
  id: number
}

const abortError = (signal: AbortSignal) =>
  signal.reason instanceof Error
    ? signal.reason
    : new TimeoutError('The computation was stopped at its deadline.')

/**
 * Starts workers on first use (each boots tsx, about half a second) and keeps them unref'd, so an idle pool
 * never holds a process open. The queue is bounded: past `maxQueued` waiting jobs, `run` throws
 * UnavailableError (503) rather than letting work pile up behind the deadline.
 */
export function createComputePool(options: ComputePoolOptions = {}): ComputePool {
  const size = Math.max(1, options.size ?? 1)
  const maxQueued = options.maxQueued ?? 8 * size
  // the worker script both pools share; the bundlers swap this exact URL for their bundled worker
  const url = new URL('./optimize-worker-boot.mjs', import.meta.url)
  const slots: Slot[] = Array.from({ length: size }, () => ({ id: 0 }))
  const queue: Pending[] = []
  const counts = { completed: 0, failed: 0, terminated: 0, rejected: 0 }
  let closed = false

  const spawn = (slot: Slot): Worker => {
    const worker = new Worker(url, {
      workerData: { nice: options.nice ?? 0, idle: options.idle ?? false },
      // the engines keep their data in typed arrays (outside the V8 heap): a small young generation costs them
      // little time and keeps each idle worker's resident memory down
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    })
    worker.unref()
    worker.on(
      'message',
      (m: {
        id: number
        result?: unknown
        progress?: [number, number, number | null]
        error?: { code?: AppErrorCode; message: string; details?: unknown }
      }) => {
        const p = slot.current
        if (!p || m.id !== slot.id) return
        if (m.progress) p.onProgress?.(...m.progress)
        else if (m.error) {
          counts.failed++
          finish(slot, () =>
            p.reject(
              m.error!.code
                ? new AppError(m.error!.code, m.error!.message, { details: m.error!.details })
                : new Error(m.error!.message),
            ),
          )
        } else {
          counts.completed++
          finish(slot, () => p.resolve(fromWire(m.result)))
        }
      },
    )
    const lost = (err: Error) => {
      if (slot.worker !== worker) return
      slot.worker = undefined
      const p = slot.current
      if (p) {
        counts.failed++
        finish(slot, () => p.reject(err))
      }
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`compute worker exited (${code})`)))
    slot.worker = worker
    return worker
  }

  const finish = (slot: Slot, settle: () => void) => {
    const p = slot.current
    slot.current = undefined
    if (p?.onAbort) p.signal?.removeEventListener('abort', p.onAbort)
    settle()
    pump()
  }

  const start = (slot: Slot, p: Pending) => {
    slot.current = p
    slot.id++
    const worker = slot.worker ?? spawn(slot)
    if (p.signal) {
      p.onAbort = () => {
        if (slot.current !== p) return
        // Cooperative checks cannot reach a synchronous optimiser mid-loop; terminating the thread always can.
        counts.terminated++
        slot.worker = undefined
        void worker.terminate()
        finish(slot, () => p.reject(abortError(p.signal!)))
      }
      p.signal.addEventListener('abort', p.onAbort, { once: true })
    }
    worker.postMessage({ id: slot.id, job: toWire(p.job), progress: !!p.onProgress })
  }

  const pump = () => {
    for (const slot of slots) {
      if (slot.current || closed) continue
      const next = queue.shift()
      if (!next) return
      if (next.signal?.aborted) {
        next.reject(abortError(next.signal))
        continue
      }
      start(slot, next)
    }
  }

  return {
    run<T>(job: ComputeJob, signal?: AbortSignal, onProgress?: Progress): Promise<T> {
      if (closed) return Promise.reject(new UnavailableError('The compute pool is closed.'))
      if (signal?.aborted) return Promise.reject(abortError(signal))
      if (queue.length >= maxQueued) {
        counts.rejected++
        return Promise.reject(
          new UnavailableError(`The compute pool is busy (${queue.length} jobs waiting); retry shortly.`, {
            details: { limit: 'compute.queue', max: maxQueued },
          }),
        )
      }
      return new Promise<T>((resolve, reject) => {
        const p: Pending = { job, signal, onProgress, resolve: resolve as (v: unknown) => void, reject }
        if (signal)
          signal.addEventListener(
            'abort',
            () => {
              const at = queue.indexOf(p)
              if (at >= 0) {
                queue.splice(at, 1)
                reject(abortError(signal))
              }
            },
            { once: true },
          )
        queue.push(p)
        pump()
      })
    },
    stats: () => ({
      size,
      busy: slots.filter((s) => s.current).length,
      queued: queue.length,
      ...counts,
    }),
    async close() {
      closed = true
      for (const p of queue.splice(0)) p.reject(new UnavailableError('The compute pool closed.'))
      await Promise.all(slots.map((s) => s.worker?.terminate()))
    },
  }
}
