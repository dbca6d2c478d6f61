/**
 * The worker threads' script, shared by both pools (the one file the server and Lambda bundles build for them):
 * compute-pool jobs (a whole study, a basket, a portfolio) and the optimisation pool's scoring batches, which hold
 * one bar set and score parameter lists.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { type PriceBars, type SearchSpec, scoreParams } from '@supernova/core'
import { type ComputeMessage, runComputeMessage } from './compute-worker.ts'

let bars: PriceBars | undefined

/**
 * Lowers this thread's scheduling priority (the pool's `nice`): on Linux a thread has its own niceness, set through
 * its thread id. Elsewhere, or if refused, the thread keeps the process's priority.
 */
function niceThisThread(nice: number): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice)
  } catch {
    // not Linux (no /proc/thread-self) or not permitted: run at the process's priority
  }
}
const nice = (workerData as { nice?: number } | null)?.nice ?? 0
if (nice > 0) niceThisThread(nice)

type ScoreMessage = { id: number; bars?: PriceBars; spec: SearchSpec; params: Record<string, number>[] }

parentPort?.on('message', (msg: ScoreMessage | ComputeMessage) => {
  if ('job' in msg) return void runComputeMessage(msg, parentPort!)
  if (msg.bars) bars = msg.bars
  const scores = msg.params.map((p) => scoreParams(bars!, msg.spec, p))
  parentPort!.postMessage({ id: msg.id, scores })
})
