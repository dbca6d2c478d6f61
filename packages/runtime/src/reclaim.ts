import v8 from 'node:v8'

/** The `gc` function that `node --expose-gc` defines (npm start's script passes the flag). */
export type ExposedGc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void

/** What a start-up reclaim did, for the log line and the gauge. */
export interface HeapReclaimed {
  ms: number
  /** V8 heap committed before the collection less after it (young generation and freed pages given back). */
  releasedBytes: number
}

/**
 * Gives back the V8 heap that the start-up warm-up grew, once, before the server listens.
 *
 * The warm-up's shadow requests allocate fast enough that V8 grows the young generation to its maximum (two
 * 16 MB semi-spaces) and keeps freed old-space pages pooled; V8's memory reducer shrinks them only after it sees
 * the process idle, 20-30 s later. A memory-reducing collection (`flavor: 'last-resort'`, what V8 runs on a
 * low-memory notification) does it at once, in about 60 ms: on Node 22, 50 MB less resident 2 s after listening
 * (`npm run bench -- memory`). Node 20's V8 (11.3) has no such flavour (its `gc()` neither shrinks the young
 * generation nor, measured, the resident size), so there it does nothing and returns undefined, as it does when
 * `gc` is not exposed (a server started in-process, by tests).
 */
export function reclaimStartupHeap(
  gc: ExposedGc | undefined = (globalThis as { gc?: ExposedGc }).gc,
  v8Version = process.versions.v8,
): HeapReclaimed | undefined {
  if (typeof gc !== 'function' || Number.parseInt(v8Version, 10) < 12) return undefined
  const before = v8.getHeapStatistics().total_heap_size
  const t0 = performance.now()
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  const ms = performance.now() - t0
  return { ms, releasedBytes: Math.max(0, before - v8.getHeapStatistics().total_heap_size) }
}
