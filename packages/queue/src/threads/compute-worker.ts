/** Worker-thread side of the compute pool: runs one job per message and answers its result or its error. */
import type { MessagePort } from 'node:worker_threads'
import { isAppError } from '@supernova/core'
import { type ComputeJob, runComputeJob } from './compute-jobs.ts'
import { fromWire, resultToWire } from './wire.ts'

/** Progress messages at most this often: a study reports every batch, the parent needs a few per second. */
const PROGRESS_EVERY_MS = 100

/** A compute pool's message: one job, and whether the parent listens to its progress. */
export interface ComputeMessage {
  id: number
  job: ComputeJob
  progress?: boolean
}

/**
 * Runs one job message and posts progress, then the result or the error, to `port`. The pools share one worker
 * script (optimize-worker.ts, which the server and Lambda bundles build), which hands job messages here.
 */
export async function runComputeMessage(msg: ComputeMessage, port: MessagePort): Promise<void> {
  let last = 0
  const onProgress = msg.progress
    ? (done: number, total: number, best: number | null) => {
        const now = performance.now()
        if (now - last < PROGRESS_EVERY_MS && done < total) return
        last = now
        port.postMessage({ id: msg.id, progress: [done, total, best] })
      }
    : undefined
  try {
    const result = await runComputeJob(fromWire<ComputeJob>(msg.job), onProgress)
    const wire = resultToWire(result)
    port.postMessage({ id: msg.id, result: wire.message }, wire.transfer)
  } catch (e) {
    // AppErrors cross as their code, message and details so the caller rethrows the same 4xx.
    const error = isAppError(e)
      ? { code: e.code, message: e.message, details: e.details }
      : { message: e instanceof Error ? e.message : String(e) }
    port.postMessage({ id: msg.id, error })
  }
}
