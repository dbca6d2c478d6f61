/**
 * `npm run bench -- metrics`: what monitoring costs.
 * - overhead: requests/s of a small route (GET /health through createApp's whole middleware stack) with the
 *   request-metrics middleware on against off; each server in its own child process built the same way (same
 *   deps, same monitor, only `performance.requestMetrics` differs), load from this process over loopback
 *   (autocannon, bounded), rounds alternate on/off, medians. Goal: under 5 % cost.
 * - record: nanoseconds per `http.record()` call in-process (the hot path: two Map lookups, adds, two
 *   histogram records).
 * - memory: registry footprint and heap growth after one simulated hour of traffic over 200 routes
 *   (1000 req/s, skewed across routes, log-normal latencies), collected every 10 s as in production.
 * - cpu: the server child's CPU time per request in each loopback run (from /proc), and the same comparison
 *   without sockets (app.request in this process, CPU time over 3000 requests, alternating): CPU per request is
 *   much steadier than throughput when other processes compete for a shared machine.
 * Env: BENCH_ROUNDS (7), BENCH_SECONDS (2), BENCH_CONNECTIONS (16), BENCH_ROUTES (200), BENCH_RPS (1000),
 * BENCH_INPROC_ROUNDS (15).
 */
import { readFileSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { createApp } from '@supernova/api'
import { createMonitor } from '@supernova/metrics'
import { createTestAppDeps, withAppDeps } from '@supernova/testing'
import { median, opsPerSec, report, round } from './lib.ts'
import { load, startChild } from './load.ts'

const env = (k: string, d: number) => Number(process.env[k] ?? d)

/**
 * CPU seconds a process has used (user + system, from /proc; Linux clock ticks are 1/100 s). CPU per request
 * is far less sensitive than wall-clock throughput to other processes competing for a shared machine.
 */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function serveChild(mode: 'on' | 'off') {
  const monitor = createMonitor().start()
  const deps = await createTestAppDeps({
    from: '2023-11-01',
    to: '2023-12-29',
    extra: { monitor, performance: { requestMetrics: mode === 'on' } },
  })
  const app = createApp(deps)
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
    console.log(JSON.stringify({ port: info.port }))
  })
  process.on('SIGTERM', () => {
    monitor.stop()
    server.close(() => process.exit(0))
  })
}

function simulateHour(routes: number, rps: number) {
  const clock = { t: Date.UTC(2026, 0, 1) }
  globalThis.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const monitor = createMonitor({ clock: () => clock.t })
  // routes skewed like real traffic (Zipf s=1), each with its own typical latency
  const names = Array.from({ length: routes }, (_, i) => `/v1/area${i % 20}/resource${i}/:id`)
  const weights = names.map((_, i) => 1 / (i + 1))
  const total = weights.reduce((a, b) => a + b, 0)
  const cdf: number[] = []
  let acc = 0
  for (const w of weights) {
    acc += w / total
    cdf.push(acc)
  }
  const medianMs = names.map((_, i) => 2 + (i % 25) * 2)
  let seed = 12345
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())
  const started = performance.now()
  const perSlot = rps * 10
  for (let slot = 0; slot < 360; slot++) {
    for (let k = 0; k < perSlot; k++) {
      const u = rnd()
      let lo = 0
      let hi = cdf.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cdf[mid]! < u) lo = mid + 1
        else hi = mid
      }
      const r = lo
      const ms = medianMs[r]! * Math.exp(0.6 * gauss())
      const status = rnd() < 0.01 ? 500 : rnd() < 0.03 ? 404 : 200
      monitor.http.record(k % 7 === 0 ? 'POST' : 'GET', names[r]!, status, ms, 120, 900)
      clock.t += 10_000 / perSlot
    }
    monitor.tick()
  }
  const simSeconds = (performance.now() - started) / 1000
  // a 1 h window read touches every 5 min block, as /performance/metrics/api?window=1h does
  const hour = monitor.http.byRoute(3_600_000)
  globalThis.gc?.()
  const heapAfter = process.memoryUsage().heapUsed
  const footprint = monitor.registry.footprint()
  monitor.stop()
  return {
    routesSeen: hour.length,
    requests: rps * 3600,
    registryMB: round(footprint / 1048576, 2),
    heapGrowthMB: round((heapAfter - heapBefore) / 1048576, 2),
    bytesPerRoute: Math.round(footprint / routes),
    simSeconds: round(simSeconds, 2),
  }
}

async function main() {
  if (process.argv[2] === '--serve') return serveChild(process.argv[3] === 'off' ? 'off' : 'on')
  const rounds = env('BENCH_ROUNDS', 7)
  const seconds = env('BENCH_SECONDS', 2)
  const connections = env('BENCH_CONNECTIONS', 16)

  // hot path in-process
  const m = createMonitor()
  let i = 0
  const recordOps = await opsPerSec(
    () => m.http.record('GET', '/v1/symbols/:symbol', 200, 1 + (i++ % 50), 0, 512),
    1000,
  )
  const nsPerRecord = 1e9 / recordOps

  const memory = simulateHour(env('BENCH_ROUTES', 200), env('BENCH_RPS', 1000))
  console.error('memory', memory)

  // in-process: the same app with and without the middleware, alternating short slices (CPU cost only)
  const inDeps = await createTestAppDeps({ from: '2023-11-01', to: '2023-12-29' })
  const apps = {
    on: createApp(withAppDeps(inDeps, { monitor: createMonitor(), performance: { requestMetrics: true } })),
    off: createApp(withAppDeps(inDeps, { monitor: createMonitor(), performance: { requestMetrics: false } })),
  }
  const inproc: Record<'on' | 'off', number[]> = { on: [], off: [] }
  const call = (mode: 'on' | 'off') => async () => (await apps[mode].request('/health')).arrayBuffer()
  // CPU microseconds per request over a fixed number of requests
  const cpuPerRequest = async (mode: 'on' | 'off', n: number) => {
    const f = call(mode)
    const before = process.cpuUsage()
    for (let k = 0; k < n; k++) await f()
    const d = process.cpuUsage(before)
    return (d.user + d.system) / n
  }
  for (const mode of ['on', 'off'] as const) await cpuPerRequest(mode, 3000)
  for (let r = 0; r < env('BENCH_INPROC_ROUNDS', 15); r++)
    for (const mode of r % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const))
      inproc[mode].push(await cpuPerRequest(mode, 3000))
  await inDeps.close()
  const inprocPaired = median(inproc.on.map((v, k) => v / inproc.off[k]!))
  const usAdded = median(inproc.on.map((v, k) => v - inproc.off[k]!))

  const script = new URL(import.meta.url).pathname
  const on = await startChild(script, ['--serve', 'on'])
  const off = await startChild(script, ['--serve', 'off'])
  const runs: Record<'on' | 'off', number[]> = { on: [], off: [] }
  const p99s: Record<'on' | 'off', number[]> = { on: [], off: [] }
  const cpu: Record<'on' | 'off', number[]> = { on: [], off: [] }
  try {
    for (const s of [on, off]) await load(`${s.url}/health`, { connections, seconds: 1 }) // warm-up (JIT)
    for (let r = 0; r < rounds; r++) {
      // alternate the order each round so drift on a shared machine hits both sides alike
      const order = r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)
      for (const mode of order) {
        const server = mode === 'on' ? on : off
        const cpu0 = cpuSeconds(server.child.pid!)
        const res = await load(`${server.url}/health`, { connections, seconds })
        const cpuUs = ((cpuSeconds(server.child.pid!) - cpu0) * 1e6) / Math.max(1, res.rps * seconds)
        if (res.errors || res.non2xx) throw new Error(`${mode}: ${res.errors} errors, ${res.non2xx} non-2xx`)
        runs[mode].push(res.rps)
        p99s[mode].push(res.p99)
        cpu[mode].push(cpuUs)
        console.error(
          `round ${r + 1} ${mode}: ${Math.round(res.rps)} req/s p99 ${res.p99} ms, ${cpuUs.toFixed(1)} us CPU/req`,
        )
      }
    }
  } finally {
    await Promise.all([on.stop(), off.stop()])
  }
  const rpsOn = median(runs.on)
  const rpsOff = median(runs.off)
  // per-round paired ratios are steadier than a ratio of medians on a noisy machine
  const paired = median(runs.on.map((v, k) => v / runs.off[k]!))
  const cpuPaired = median(cpu.on.map((v, k) => v / cpu.off[k]!))
  report({
    name: 'metrics',
    medians: {
      rps_instrumented: round(rpsOn, 0),
      rps_uninstrumented: round(rpsOff, 0),
      p99_ms_instrumented: median(p99s.on),
      p99_ms_uninstrumented: median(p99s.off),
      ns_per_record: round(nsPerRecord, 1),
      server_cpu_us_per_req_instrumented: round(median(cpu.on), 2),
      server_cpu_us_per_req_uninstrumented: round(median(cpu.off), 2),
      inproc_cpu_us_per_req_instrumented: round(median(inproc.on), 2),
      inproc_cpu_us_per_req_uninstrumented: round(median(inproc.off), 2),
      inproc_cpu_us_added_per_request: round(usAdded, 2),
      registry_mb_after_hour_200_routes: memory.registryMB,
      heap_growth_mb_after_hour_200_routes: memory.heapGrowthMB,
    },
    ratios: {
      throughput_on_vs_off: round(rpsOn / rpsOff, 4),
      throughput_on_vs_off_paired: round(paired, 4),
      overhead_pct: round((1 - paired) * 100, 2),
      server_cpu_on_vs_off_paired: round(cpuPaired, 4),
      server_cpu_overhead_pct: round((cpuPaired - 1) * 100, 2),
      inproc_cpu_on_vs_off_paired: round(inprocPaired, 4),
      inproc_cpu_overhead_pct: round((inprocPaired - 1) * 100, 2),
    },
    runs,
    cpuUsPerRequest: cpu,
    memory,
    setup: {
      rounds,
      seconds,
      connections,
      route: 'GET /health via createApp',
      goal: 'overhead_pct < 5',
      loadAverage: (await import('node:os')).loadavg().map((x) => round(x, 2)),
    },
  })
}

await main()
