/**
 * The tasks benchmark's CPU row: the HTTP p99 of a cached market route on the embedded server (a child process as
 * `npm start` runs it: task runner, worker-thread pool), first with nothing else running, then while 2 CPU-heavy
 * tasks (TPE studies of 5,000 trials) run in that server; alternated per repeat, medians, ratio loaded/baseline.
 * Goal (issue 12): the ratio at most 1.10. The machine is shared: trust the ratio of one run, not absolute ms.
 */
import { join } from 'node:path'
import { median, round } from './lib.ts'
import { startChild } from './load.ts'

const ROUTE = '/v1/symbols/AAPL/bars?from=2025-01-02&to=2025-03-31'
const study = { symbol: 'MSFT', strategy: 'ma_cross', method: 'tpe', trials: 5_000 }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? Number.NaN

/** Latencies of `n` GETs of the route, `concurrency` at a time. */
async function sample(url: string, n: number, concurrency = 4): Promise<number[]> {
  const lat: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++
        const t = performance.now()
        await fetch(url + ROUTE).then((r) => r.arrayBuffer())
        lat.push(performance.now() - t)
      }
    }),
  )
  return lat
}

/** Enqueues 2 CPU-heavy studies, waits until both are running, and returns their ids. */
async function startCpuTasks(url: string): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${url}/v1/optimizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify({ ...study, seed: i + (Date.now() % 1000) }),
    })
    ids.push(((await res.json()) as { id: string }).id)
  }
  for (;;) {
    const states = await Promise.all(
      ids.map(
        async (id) => ((await (await fetch(`${url}/v1/tasks/${id}`)).json()) as { status: string }).status,
      ),
    )
    if (states.every((s) => s === 'running')) return ids
    if (states.some((s) => s !== 'queued' && s !== 'running'))
      throw new Error(`CPU tasks ended early: ${states}`)
    await sleep(20)
  }
}

/** Runs the row: `repeats` alternations of baseline and loaded samples of `n` requests each. */
export async function cachedRouteUnderCpuTasks(repeats: number, n: number) {
  const env = { SUPERNOVA_DATA_DIR: join(process.cwd(), '.supernova', 'bench-tasks-cpu'), LOG_LEVEL: 'error' }
  const server = await startChild(join(import.meta.dirname, 'http-server.ts'), ['full', '/health'], env)
  const base: number[] = []
  const loaded: number[] = []
  try {
    await sample(server.url, 200) // warm: the route's cache, JIT, connections
    for (let r = 0; r < repeats; r++) {
      base.push(p99(await sample(server.url, n)))
      const ids = await startCpuTasks(server.url)
      loaded.push(p99(await sample(server.url, n)))
      for (const id of ids) await fetch(`${server.url}/v1/tasks/${id}`, { method: 'DELETE' })
      await sleep(500)
    }
  } finally {
    await server.stop()
  }
  const b = median(base)
  const l = median(loaded)
  return {
    medians: { baseline_p99_ms: round(b, 2), with_2_cpu_tasks_p99_ms: round(l, 2), requests_per_sample: n },
    ratio: round(l / b, 2),
  }
}
