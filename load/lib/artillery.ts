/** Running Artillery on load/supernova.yml and reading its JSON report. */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pinned, root } from './server.ts'

export interface ArtilleryRun {
  environment: string
  target: string
  out: string
  overrides?: string
  cpus?: string
  /** Extra environment for the Artillery process (and so for processor.js). */
  env?: Record<string, string>
  quiet?: boolean
}

/** Runs Artillery (telemetry off) and resolves with its exit code: 1 when an `ensure` check failed. */
export function runArtillery(run: ArtilleryRun): Promise<number> {
  const cli = [
    join(root, 'node_modules', 'artillery', 'bin', 'run'),
    'run',
    '--environment',
    run.environment,
    '--target',
    run.target,
    '--output',
    run.out,
  ]
  if (run.overrides) cli.push('--overrides', run.overrides)
  cli.push(join(root, 'load', 'supernova.yml'))
  mkdirSync(dirname(run.out), { recursive: true })
  const [cmd, ...args] = pinned(run.cpus, [process.execPath, ...cli])
  const child = spawn(cmd!, args, {
    cwd: root,
    env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', ...run.env },
    stdio: run.quiet ? 'ignore' : 'inherit',
  })
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
}

/**
 * --minutes N [--rate R]: N minutes at R arrivals/s (default: soak 20/s, others 10/s), the first sixth of them (at
 * most 60 s) a ramp from a tenth of R, as the load profile has: cold server processes met at full rate from the first
 * second measure their start-up (a cold two-worker cluster showed p99 1.5 s in its first 10 s that way).
 */
export function minutesPhases(minutes: number, rate: number, name: string) {
  const total = Math.round(minutes * 60)
  const ramp = Math.min(60, Math.floor(total / 6))
  if (ramp < 5) return [{ name, duration: total, arrivalRate: rate }]
  const steady = { name, duration: total - ramp, arrivalRate: rate }
  return [
    { name: 'ramp', duration: ramp, arrivalRate: Math.max(1, Math.round(rate / 10)), rampTo: rate },
    steady,
  ]
}

interface Summary {
  p50?: number
  median?: number
  p95: number
  p99: number
}

/** The parts of Artillery's JSON report we read. */
export interface Report {
  aggregate: {
    counters: Record<string, number>
    rates: Record<string, number>
    summaries: Record<string, Summary>
    firstMetricAt: number
    lastMetricAt: number
  }
}

/** One endpoint's figures in a run. */
export interface EndpointFigures {
  name: string
  requests: number
  p50: number
  p95: number
  p99: number
  codes: Record<string, number>
}

/** A run's totals: what the baseline comparison and the breaking-point finder judge. */
export interface Totals {
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  http4xx: number
  http5xx: number
  failedUsers: number
  /** (5xx + failed virtual users) / requests. */
  errorRate: number
  endpoints: EndpointFigures[]
}

export function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report
}

/** Totals and per-endpoint figures of a report. */
export function totals(report: Report): Totals {
  const a = report.aggregate
  const prefix = 'plugins.metrics-by-endpoint.response_time.'
  const endpoints: EndpointFigures[] = []
  for (const [key, s] of Object.entries(a.summaries).sort()) {
    if (!key.startsWith(prefix)) continue
    const name = key.slice(prefix.length)
    const codes: Record<string, number> = {}
    for (const [k, n] of Object.entries(a.counters))
      if (k.startsWith(`plugins.metrics-by-endpoint.${name}.codes.`))
        codes[k.slice(k.lastIndexOf('.') + 1)] = n
    const requests = Object.values(codes).reduce((x, y) => x + y, 0)
    endpoints.push({ name, requests, p50: s.median ?? s.p50 ?? 0, p95: s.p95, p99: s.p99, codes })
  }
  const requests = a.counters['http.requests'] ?? 0
  const seconds = Math.max(1, (a.lastMetricAt - a.firstMetricAt) / 1000)
  const all = a.summaries['http.response_time']
  const http5xx = a.counters['supernova.http_5xx'] ?? 0
  const failedUsers = a.counters['vusers.failed'] ?? 0
  return {
    requests,
    rps: requests / seconds,
    p50: all?.median ?? all?.p50 ?? 0,
    p95: all?.p95 ?? 0,
    p99: all?.p99 ?? 0,
    http4xx: a.counters['supernova.http_4xx'] ?? 0,
    http5xx,
    failedUsers,
    errorRate: requests ? (http5xx + failedUsers) / requests : failedUsers > 0 ? 1 : 0,
    endpoints,
  }
}

/** Prints one row per endpoint (requests, p50/p95/p99, status codes), then the totals and the request rate. */
export function printSummary(t: Totals, file: string, extra: Record<string, number> = {}): void {
  const rows: string[][] = [['endpoint', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'status codes']]
  for (const e of t.endpoints)
    rows.push([
      e.name,
      String(e.requests),
      String(e.p50),
      String(e.p95),
      String(e.p99),
      Object.entries(e.codes)
        .map(([c, n]) => `${c}x${n}`)
        .join(' '),
    ])
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  for (const r of rows)
    console.log(
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    )
  const realtime = Object.entries(extra)
    .map(([k, v]) => `, ${k} ${v}`)
    .join('')
  console.log(
    `\nall: ${t.requests} requests, ${t.rps.toFixed(1)} req/s, p50 ${t.p50} ms, p95 ${t.p95} ms, p99 ${t.p99} ms, ` +
      `4xx ${t.http4xx}, 5xx ${t.http5xx}, failed users ${t.failedUsers}${realtime}\nreport: ${file}`,
  )
}
