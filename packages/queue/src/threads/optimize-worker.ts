/** Worker-thread side of the optimisation pool: holds one bar set and scores parameter batches. */
import { parentPort } from 'node:worker_threads'
import { type PriceBars, type SearchSpec, scoreParams } from '@supernova/core'

let bars: PriceBars | undefined

parentPort?.on(
  'message',
  (msg: { id: number; bars?: PriceBars; spec: SearchSpec; params: Record<string, number>[] }) => {
    if (msg.bars) bars = msg.bars
    const scores = msg.params.map((p) => scoreParams(bars!, msg.spec, p))
    parentPort!.postMessage({ id: msg.id, scores })
  },
)
