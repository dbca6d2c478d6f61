/**
 * The tasks benchmark's CPU rows. (1) The HTTP p99 of a cached market route on the embedded server (a child process
 * as `npm start` runs it: task runner, worker-thread pools) with nothing else running, and while 2 CPU-heavy tasks
 * (TPE studies) run in that server. Goal (issue 12): loaded/baseline at most 1.10.
 * How the load generator is kept out of the figure: it is its own process (bench/tasks-cpu-sampler.ts, node:http
 * keep-alive, open loop at a fixed arrival rate well below the server's capacity), server and sampler each in
 * their own session (setsid), and with taskset the server is pinned to every allowed core but the last and the
 * sampler to the last, so the two never share a core. Beside the p99s: the event loop's run-queue wait per
 * wakeup (/proc schedstat), the direct measure of other work taking its core. On a
 * 2-core machine the server then has ONE core for its event loop and its task threads: the harshest case for the
 * task threads' priority. Baseline and loaded samples alternate (ABBA), medians of the per-sample p99s.
 * (2) Throughput of the CPU-heavy type in that server: studies completed per second, nothing else running.
 * The machine may be shared: trust the ratio of one run, not absolute ms.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { median, round } from './lib.ts'
import { startChild } from './load.ts'

const ROUTE = '/v1/symbols/AAPL/bars?from=2025-01-02&to=2025-03-31'
// long enough to outlast a sample (cancelled after it): the task-side cap on evaluations
const LONG_STUDY = { symbol: 'MSFT', strategy: 'ma_cross', method: 'tpe', trials: 20_000 }
/** Evaluations of each study in the throughput row (3 enqueued at once). */
const CPU_TRIALS = 500
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN

/** The CPUs this process may run on (Linux), else `count` of them numbered from 0. */
function allowedCpus(): number[] {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').match(/^Cpus_allowed_list:\s*(.+)$/m)?.[1] ?? ''
    return line.split(',').flatMap((r) => {
      const [a, b = a] = r.split('-').map(Number)
      return Array.from({ length: b! - a! + 1 }, (_, i) => a! + i)
    })
  } catch {
    return []
  }
}

/**
 * Server and sampler placement: each in its own session (setsid: its own autogroup, so the kernel's per-session
 * fairness does not tie the server's CPU share to the sampler's), on disjoint cores when taskset exists and at
 * least 2 cores are allowed.
 */
function separation() {
  const cpus = allowedCpus()
  const has = (cmd: string) => spawnSync(cmd, ['-V']).status === 0
  const setsid = has('setsid') ? ['setsid'] : []
  const session = setsid.length ? 'own sessions (setsid)' : 'one session'
  if (!has('taskset') || cpus.length < 2)
    return { server: setsid, sampler: setsid, how: `separate processes in ${session}; no taskset or 1 core` }
  const server = cpus.slice(0, -1).join(',')
  const sampler = String(cpus.at(-1))
  return {
    server: [...setsid, 'taskset', '-c', server],
    sampler: [...setsid, 'taskset', '-c', sampler],
    how: `separate processes in ${session}; taskset: server on cpu ${server}, sampler on cpu ${sampler}`,
  }
}

/**
 * The server's event-loop thread as the Linux scheduler counted it (/proc/PID/schedstat: ns on CPU, ns waiting
 * on a run queue, timeslices): the wait per timeslice is how long the loop waited for its core each time it woke,
 * the direct measure of other work taking that core. Zeros where /proc is missing.
 */
function loopSchedstat(pid: number): [number, number, number] {
  try {
    const [run, wait, slices] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ')
    return [Number(run), Number(wait), Number(slices)]
  } catch {
    return [0, 0, 0]
  }
}

interface Sampler {
  run(url: string, rate: number, n: number): Promise<{ lat: number[]; errors: number }>
  stop(): void
}

async function startSampler(wrapper: string[]): Promise<Sampler> {
  const argv = [
    ...wrapper,
    process.execPath,
    '--import',
    'tsx',
    join(import.meta.dirname, 'tasks-cpu-sampler.ts'),
  ]
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  await new Promise((resolve) => child.once('message', resolve))
  return {
    run: (url, rate, n) =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { lat: number[]; errors: number }))
        child.send({ url, rate, n })
      }),
    stop: () => void child.send('exit'),
  }
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/v1/optimizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', prefer: 'respond-async' },
    body: JSON.stringify(body),
  }).then(async (r) => ((await r.json()) as { id: string }).id)
const taskOf = async (url: string, id: string) =>
  (await (await fetch(`${url}/v1/tasks/${id}`)).json()) as { status: string; progress?: { value: number } }
const statusOf = async (url: string, id: string) => (await taskOf(url, id)).status

/**
 * Enqueues 2 long studies and waits until the runner has both (one on the task thread, one waiting for it) and
 * the first reports evaluations: the thread has booted (a cancelled study's thread was terminated) and computes.
 */
async function startCpuTasks(url: string): Promise<string[]> {
  const ids = [await post(url, { ...LONG_STUDY, seed: 1 }), await post(url, { ...LONG_STUDY, seed: 2 })]
  for (;;) {
    const tasks = await Promise.all(ids.map((id) => taskOf(url, id)))
    const states = tasks.map((t) => t.status)
    if (states.every((s) => s === 'running') && tasks.some((t) => (t.progress?.value ?? 0) > 0)) return ids
    if (states.some((s) => s !== 'queued' && s !== 'running'))
      throw new Error(`CPU tasks ended early: ${states}`)
    await sleep(20)
  }
}

/** Studies of `trials` TPE evaluations completed per second, `k` enqueued at once. */
async function cpuTasksPerSecond(url: string, k: number, trials: number): Promise<number> {
  const t0 = performance.now()
  const ids = await Promise.all(
    Array.from({ length: k }, (_, i) => post(url, { ...LONG_STUDY, trials, seed: 100 + i })),
  )
  for (;;) {
    const states = await Promise.all(ids.map((id) => statusOf(url, id)))
    if (states.every((s) => s === 'succeeded')) break
    if (states.some((s) => s === 'failed' || s === 'dead')) throw new Error(`CPU tasks failed: ${states}`)
    await sleep(50)
  }
  return k / ((performance.now() - t0) / 1000)
}

/**
 * Runs the rows: `pairs` pairs of a baseline and a loaded sample of `n` requests at `rate` per second, each pair's
 * order alternating (ABBA), then the CPU-heavy tasks' throughput. The headline ratio is the median of the pairs'
 * loaded/baseline p99 ratios: adjacent samples share the machine's state, so a burst of outside load moves one
 * pair, not the median. Pooled p99s (every request of a kind) are reported beside it.
 */
export async function cachedRouteUnderCpuTasks(pairs: number, n: number, rate: number) {
  const sep = separation()
  const env = { SUPERNOVA_DATA_DIR: join(process.cwd(), '.supernova', 'bench-tasks-cpu'), LOG_LEVEL: 'error' }
  const server = await startChild(
    join(import.meta.dirname, 'http-server.ts'),
    ['full', '/health'],
    env,
    sep.server,
  )
  const sampler = await startSampler(sep.sampler)
  const url = server.url + ROUTE
  const windows = { base: [] as number[][], loaded: [] as number[][] }
  const waits = { base: [] as number[], loaded: [] as number[] }
  let errors = 0
  let tasksEndedEarly = 0
  const one = async (withTasks: boolean) => {
    const ids = withTasks ? await startCpuTasks(server.url) : []
    const before = loopSchedstat(server.child.pid!)
    const r = await sampler.run(url, rate, n)
    const after = loopSchedstat(server.child.pid!)
    ;(withTasks ? waits.loaded : waits.base).push(
      (after[1] - before[1]) / 1000 / Math.max(1, after[2] - before[2]),
    )
    errors += r.errors
    if (withTasks) {
      // both still held by the runner: the CPU load lasted the whole sample
      const states = await Promise.all(ids.map((id) => statusOf(server.url, id)))
      if (!states.every((s) => s === 'running')) tasksEndedEarly++
      for (const id of ids) await fetch(`${server.url}/v1/tasks/${id}`, { method: 'DELETE' })
      await sleep(500)
    }
    ;(withTasks ? windows.loaded : windows.base).push(r.lat)
  }
  let tps = Number.NaN
  try {
    await sampler.run(url, rate, Math.min(n, 500)) // warm: the route's cache, JIT, connections
    for (let r = 0; r < pairs; r++) {
      const order = r % 2 ? [true, false] : [false, true]
      for (const withTasks of order) await one(withTasks)
    }
    tps = await cpuTasksPerSecond(server.url, 3, CPU_TRIALS)
  } finally {
    sampler.stop()
    await server.stop()
  }
  const p99 = (w: number[][]) => w.map((l) => pct(l, 0.99))
  const [b, l] = [p99(windows.base), p99(windows.loaded)]
  const pooled = (w: number[][], p: number) => pct(w.flat(), p)
  return {
    separation: sep.how,
    medians: {
      baseline_p50_ms: round(pooled(windows.base, 0.5), 2),
      baseline_p99_ms: round(median(b), 2),
      with_2_cpu_tasks_p50_ms: round(pooled(windows.loaded, 0.5), 2),
      with_2_cpu_tasks_p99_ms: round(median(l), 2),
      pooled_baseline_p99_ms: round(pooled(windows.base, 0.99), 2),
      pooled_with_2_cpu_tasks_p99_ms: round(pooled(windows.loaded, 0.99), 2),
      event_loop_runqueue_wait_us_per_wakeup_baseline: round(median(waits.base), 1),
      event_loop_runqueue_wait_us_per_wakeup_with_2_cpu_tasks: round(median(waits.loaded), 1),
      requests_per_sample: n,
      arrival_rate_per_s: rate,
      pairs,
      errors,
      loaded_samples_where_a_task_ended_early: tasksEndedEarly,
      cpu_tasks_per_s: round(tps, 3),
      cpu_task_tpe_trials: CPU_TRIALS,
    },
    perSample: { baseline_p99_ms: b.map((x) => round(x, 2)), loaded_p99_ms: l.map((x) => round(x, 2)) },
    ratio: round(median(b.map((x, i) => l[i]! / x)), 2),
    waitRatio: round(median(waits.base.map((x, i) => waits.loaded[i]! / x)), 2),
    pooledRatio: round(pooled(windows.loaded, 0.99) / pooled(windows.base, 0.99), 2),
  }
}
