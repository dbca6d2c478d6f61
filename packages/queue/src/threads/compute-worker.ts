/** Worker-thread side of the compute pool: runs one job per message and answers its result or its error. */
import { parentPort } from 'node:worker_threads'
import { isAppError } from '@supernova/core'
import { type ComputeJob, runComputeJob } from './compute-jobs.ts'

parentPort?.on('message', async (msg: { id: number; job: ComputeJob }) => {
  try {
    const result = await runComputeJob(msg.job)
    parentPort!.postMessage({ id: msg.id, result })
  } catch (e) {
    // AppErrors cross as their code, message and details so the caller rethrows the same 4xx.
    const error = isAppError(e)
      ? { code: e.code, message: e.message, details: e.details }
      : { message: e instanceof Error ? e.message : String(e) }
    parentPort!.postMessage({ id: msg.id, error })
  }
})
