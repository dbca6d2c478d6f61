import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Evaluator, PriceBars, SearchSpec } from '@supernova/core'

/** A pool of worker threads that score parameter batches in parallel; close it when done. */
export interface WorkerPool {
  evaluate: Evaluator
  size: number
  close(): Promise<void>
}

interface Slot {
  worker: Worker
  bars?: PriceBars
  pending: Map<number, { resolve: (scores: (number | null)[]) => void; reject: (e: unknown) => void }>
}

/**
 * Starts `size` workers (default: CPU count - 1). CPU-heavy task types (parameter searches) score on these
 * threads, so the HTTP event loop of the same process stays free while they run. Each receives the bars once and then only parameter lists,
 * so a batch costs one small message each way. Workers boot through a small .mjs that registers tsx, so they
 * run from TypeScript sources under any parent (tsx, vitest, plain node).
 */
export function createWorkerPool(options: { size?: number } = {}): WorkerPool {
  const size = Math.max(1, options.size ?? Math.max(1, availableParallelism() - 1))
  const url = new URL('./optimize-worker-boot.mjs', import.meta.url)
  let nextId = 0
  const slots: Slot[] = Array.from({ length: size }, () => {
    const worker = new Worker(url)
    const slot: Slot = { worker, pending: new Map() }
    worker.on('message', (m: { id: number; scores: (number | null)[] }) => {
      const done = slot.pending.get(m.id)
      slot.pending.delete(m.id)
      done?.resolve(m.scores)
    })
    const failAll = (err: unknown) => {
      for (const done of slot.pending.values()) done.reject(err)
      slot.pending.clear()
    }
    worker.on('error', failAll)
    worker.on('exit', (code) => failAll(new Error(`optimisation worker exited (${code})`)))
    return slot
  })

  const send = (slot: Slot, bars: PriceBars, spec: SearchSpec, params: Record<string, number>[]) =>
    new Promise<(number | null)[]>((resolve, reject) => {
      const id = nextId++
      slot.pending.set(id, { resolve, reject })
      const fresh = slot.bars !== bars
      slot.bars = bars
      const plain = fresh
        ? {
            dates: [...bars.dates],
            open: Float64Array.from(bars.open),
            high: Float64Array.from(bars.high),
            low: Float64Array.from(bars.low),
            close: Float64Array.from(bars.close),
          }
        : undefined
      slot.worker.postMessage({ id, bars: plain, spec, params })
    })

  const evaluate: Evaluator = async (bars, spec, params) => {
    const chunk = Math.ceil(params.length / size)
    const parts = await Promise.all(
      slots.map((slot, i) => {
        const list = params.slice(i * chunk, (i + 1) * chunk)
        return list.length ? send(slot, bars, spec, list) : Promise.resolve([])
      }),
    )
    return parts.flat()
  }

  return {
    evaluate,
    size,
    close: async () => {
      await Promise.all(slots.map((s) => s.worker.terminate()))
    },
  }
}
