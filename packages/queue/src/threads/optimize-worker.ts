/**
 * The worker threads' script, shared by both pools (the one file the server and Lambda bundles build for them):
 * compute-pool jobs (a whole study, a basket, a portfolio) and the optimisation pool's scoring batches, which hold
 * one bar set and score parameter lists.
 */
// first: lowers this thread before the modules below are loaded and compiled (their CPU time is the task's too)
import './thread-priority.ts'
import { parentPort } from 'node:worker_threads'
import { type PriceBars, type SearchSpec, scoreParams } from '@supernova/core'
import { type ComputeMessage, runComputeMessage } from './compute-worker.ts'

let bars: PriceBars | undefined

type ScoreMessage = { id: number; bars?: PriceBars; spec: SearchSpec; params: Record<string, number>[] }

parentPort?.on('message', (msg: ScoreMessage | ComputeMessage) => {
  if ('job' in msg) return void runComputeMessage(msg, parentPort!)
  if (msg.bars) bars = msg.bars
  const scores = msg.params.map((p) => scoreParams(bars!, msg.spec, p))
  parentPort!.postMessage({ id: msg.id, scores })
})
