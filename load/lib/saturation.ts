/**
 * Reads the server's own view of itself from /performance/* while load runs, so the breaking-point finder can say
 * what gave out first: CPU, the event loop, the database, the cache or the sentiment model.
 */

/** One reading of the signals that saturate. */
export interface SaturationSample {
  t: number
  cpuRatio: number
  eventLoopP99Ms: number
  dbP99Ms: number
  dbPoolWaiting: number
  cacheHitRate: number | null
  modelP95Ms: number
  rssBytes: number
  heapUsedBytes: number
}

/** A signal's limit: past it the resource is saturated. Ordered by how directly each one explains latency. */
export const SATURATION_LIMITS = {
  cpu: { label: 'CPU (one core per process)', limit: 0.9 },
  eventLoop: { label: 'event-loop delay p99', limit: 50 },
  database: { label: 'database p99 or pool queue', limit: 50 },
  cache: { label: 'cache hit rate falling', limit: 0.5 },
  model: { label: 'sentiment model p95', limit: 100 },
  /** Share of the server's CPUs taken by other processes (the generator when unpinned, other agents' work). */
  contention: { label: "other processes on the server's CPUs", limit: 0.25 },
} as const

export type SaturationSignal = keyof typeof SATURATION_LIMITS

type Json = Record<string, unknown>
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Json)[k] : undefined), o)

/** Reads the four /performance endpoints once (operator key if the server has one). */
export async function sample(base: string, operatorKey?: string): Promise<SaturationSample> {
  const headers: Record<string, string> = operatorKey ? { authorization: `Bearer ${operatorKey}` } : {}
  const get = async (path: string): Promise<unknown> => {
    const r = await fetch(new URL(path, base), { headers, signal: AbortSignal.timeout(5000) })
    return r.ok ? r.json() : {}
  }
  const [res, db, cache, tasks] = await Promise.all([
    get('/performance/metrics/resources'),
    get('/performance/metrics/database?window=1m'),
    get('/performance/metrics/cache?window=1m'),
    get('/performance/metrics/tasks?window=1m'),
  ])
  const hit = at(cache, 'overall', 'hitRate')
  return {
    t: Date.now(),
    cpuRatio: num(at(res, 'now', 'cpuRatio')),
    eventLoopP99Ms: num(at(res, 'now', 'eventLoopDelayMs', 'p99')),
    dbP99Ms: num(at(db, 'total', 'latencyMs', 'p99')),
    dbPoolWaiting: num(at(db, 'pool', 'waiting')),
    cacheHitRate: typeof hit === 'number' ? hit : null,
    modelP95Ms: num(at(tasks, 'ml', 'p95Ms')),
    rssBytes: num(at(res, 'now', 'rssBytes')),
    heapUsedBytes: num(at(res, 'now', 'heapUsedBytes')),
  }
}

/** Samples every `everyMs` until stopped; failed reads are skipped (the server may be too busy to answer). */
export function sampler(base: string, everyMs = 2000, operatorKey?: string) {
  const samples: SaturationSample[] = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      try {
        samples.push(await sample(base, operatorKey))
      } catch {
        // A busy server timing out is itself a sign; the latency figures already show it.
      }
      await new Promise((r) => setTimeout(r, everyMs))
    }
  })()
  return {
    samples,
    async stop(): Promise<SaturationSample[]> {
      stopped = true
      await loop
      return samples
    },
  }
}

/** What /proc said about a step (load/lib/processes.ts): server-side cores used, and how busy their CPUs were. */
export interface ProcessUse {
  /** Mean cores used by the server side (server processes, PostgreSQL, Redis) and the cores it may use. */
  serverSideCores: number
  allowedCores: number
  /** Mean busy share of the CPUs the server side may use (any process). */
  serverCpusBusy: number
}

/**
 * Each signal's worst reading over the samples, as a fraction of its limit (1 = at the limit). With /proc readings
 * the CPU signal is the server side's whole use (every server process, the database, Redis) against the cores it
 * may use, rather than the one process /performance answered from.
 */
export function pressure(samples: SaturationSample[], use?: ProcessUse): Record<SaturationSignal, number> {
  const max = (f: (s: SaturationSample) => number) => samples.reduce((m, s) => Math.max(m, f(s)), 0)
  const L = SATURATION_LIMITS
  return {
    cpu:
      Math.max(
        max((s) => s.cpuRatio),
        use ? use.serverSideCores / Math.max(1, use.allowedCores) : 0,
      ) / L.cpu.limit,
    eventLoop: max((s) => s.eventLoopP99Ms) / L.eventLoop.limit,
    database: Math.max(
      max((s) => s.dbP99Ms) / L.database.limit,
      max((s) => (s.dbPoolWaiting > 0 ? 1 : 0)),
    ),
    // A hit rate under the limit counts as pressure in proportion to how far under it is.
    cache: max((s) => (s.cacheHitRate === null ? 0 : L.cache.limit / Math.max(0.01, s.cacheHitRate))),
    model: max((s) => s.modelP95Ms) / L.model.limit,
    contention: use
      ? Math.max(0, use.serverCpusBusy - use.serverSideCores / Math.max(1, use.allowedCores)) /
        L.contention.limit
      : 0,
  }
}

/** The signals at or past their limits, most pressed first; the first one is "what saturated first". */
export function saturated(
  samples: SaturationSample[],
  use?: ProcessUse,
): { signal: SaturationSignal; pressure: number }[] {
  return Object.entries(pressure(samples, use))
    .map(([signal, p]) => ({ signal: signal as SaturationSignal, pressure: p }))
    .filter((x) => x.pressure >= 1)
    .sort((a, b) => b.pressure - a.pressure)
}
