/**
 * A light open-loop generator for the breaking-point finder (`--generator open-loop`). Artillery costs about 5 ms of
 * CPU per request here, so on 2 cores it, not the server, gives out first; autocannon is light but closed-loop,
 * and its rate limit sends each connection's quota for the second back to back at the top of every second, bursts
 * that measure queueing rather than the server. This one starts users at evenly spaced arrivals whatever the
 * answers do (no coordinated omission), runs load/supernova.yml's flows (scenarios.ts: the same weights, inputs
 * from processor.js, think times, the task poll loop, the realtime subscribers over `ws`), sends them through an
 * undici pool (keep-alive connections, as behind a load balancer), and records every response in HDR histograms.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import * as hdr from 'hdr-histogram-js'
import { Pool } from 'undici'
import WebSocket from 'ws'
import type { Totals } from './artillery.ts'
import { fill, pickScenario, type RequestStep, readWorkflow, type Step, type Workflow } from './scenarios.ts'

export interface OpenLoopRun {
  target: string
  /** New users per second, evenly spaced. */
  rate: number
  seconds: number
  /** Where the step's figures go as JSON. */
  out?: string
  workflow?: Workflow
  /** Keep-alive connections in the pool (default 256). */
  connections?: number
}

/** What the generator measured besides the server: its own event-loop delay, which every latency it records includes. */
export interface OpenLoopTotals extends Totals {
  /** Users started and users whose flow failed (network error, timeout, a failed capture). */
  users: number
  generatorLoopP99Ms: number
  counters: Record<string, number>
  histograms: Record<string, { count: number; p50: number; p99: number }>
}

type Processor = Record<string, (...args: unknown[]) => unknown>
/** processor.js is plain ESM for Artillery's workers (no types): the same pickers and realtime steps serve both. */
const fns = (await import(new URL('../processor.js', import.meta.url).href)) as Processor
const API_KEY = process.env.SUPERNOVA_API_KEY

class Recorder {
  readonly overall = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000 })
  readonly byName = new Map<string, { h: hdr.Histogram; codes: Record<string, number> }>()
  readonly counters: Record<string, number> = {}
  /** processor.js's own histograms (realtime.delivery_ms), kept apart from the HTTP latencies. */
  readonly histograms = new Map<string, hdr.Histogram>()
  count(name: string, n = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + n
  }
  /** One response: its latency (microseconds) and status. */
  response(name: string, micros: number, status: number): void {
    this.overall.recordValue(micros)
    let e = this.byName.get(name)
    if (!e) {
      e = { h: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000 }), codes: {} }
      this.byName.set(name, e)
    }
    e.h.recordValue(micros)
    e.codes[status] = (e.codes[status] ?? 0) + 1
    this.count('http.requests')
    if (status >= 500) this.count('supernova.http_5xx')
    else if (status >= 400) this.count('supernova.http_4xx')
  }
}

const ms = (h: hdr.Histogram, p: number) => Math.round(h.getValueAtPercentile(p) / 100) / 10

/** One user's HTTP request: fills the templates, sends, reads the whole answer, captures. */
async function request(
  pool: Pool,
  step: RequestStep,
  vars: Record<string, unknown>,
  rec: Recorder,
): Promise<void> {
  const path = String(fill(step.url, vars))
  const headers: Record<string, string> = { ...(fill(step.headers ?? {}, vars) as Record<string, string>) }
  if (API_KEY) headers['x-api-key'] = API_KEY
  let body: string | undefined
  if (step.json !== undefined) {
    body = JSON.stringify(fill(step.json, vars))
    headers['content-type'] = 'application/json'
  }
  // Browsers ask for compressed answers; a step that captures reads JSON, so it asks for identity.
  if (!step.capture.length) headers['accept-encoding'] = 'gzip, br'
  const t0 = process.hrtime.bigint()
  const res = await pool.request({ method: step.method.toUpperCase() as 'GET', path, headers, body })
  if (!step.capture.length) {
    await res.body.arrayBuffer()
    rec.response(step.name, Number((process.hrtime.bigint() - t0) / 1000n), res.statusCode)
    return
  }
  const text = await res.body.text()
  rec.response(step.name, Number((process.hrtime.bigint() - t0) / 1000n), res.statusCode)
  if (res.statusCode >= 400) throw new Error(`${step.name} answered ${res.statusCode}`)
  const json = JSON.parse(text) as Record<string, unknown>
  for (const c of step.capture) vars[c.as] = json[c.path]
}

/** Runs a flow's steps for one user (`ws` holds the realtime scenario's socket). */
async function runSteps(
  steps: Step[],
  ctx: { vars: Record<string, unknown>; ws?: WebSocket },
  pool: Pool,
  target: string,
  rec: Recorder,
): Promise<void> {
  const events = {
    emit: (type: string, name: string, value: number) => {
      if (type === 'counter') rec.count(name, value)
      else if (type === 'histogram') {
        const h = rec.histograms.get(name) ?? hdr.build({ highestTrackableValue: 120_000_000 })
        rec.histograms.set(name, h)
        h.recordValue(Math.max(0, Math.round(value * 1000)))
      }
    },
  }
  for (const step of steps) {
    if (step.kind === 'request') await request(pool, step, ctx.vars, rec)
    else if (step.kind === 'think') await sleep(step.seconds * 1000)
    else if (step.kind === 'function') {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: unknown) => (err ? reject(err) : resolve())
        const r = fns[step.name]!(ctx, events, done)
        if (r instanceof Promise) r.then(() => resolve(), reject)
      })
    } else if (step.kind === 'loop') {
      const again = () => new Promise<boolean>((resolve) => fns[step.whileTrue]!(ctx, resolve))
      while (await again()) await runSteps(step.steps, ctx, pool, target, rec)
    } else {
      const args = { target }
      await new Promise<void>((resolve, reject) =>
        fns[step.function]!(args, ctx, (err?: unknown) => (err ? reject(err) : resolve())),
      )
      const ws = new WebSocket(args.target)
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      ctx.ws = ws
    }
  }
}

/** Runs the workflow at `rate` users/s for `seconds`, then waits for the users still in flight (at most 60 s). */
export async function runOpenLoop(run: OpenLoopRun): Promise<OpenLoopTotals> {
  const workflow = run.workflow ?? readWorkflow()
  const pool = new Pool(run.target, {
    connections: run.connections ?? 256,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  })
  const rec = new Recorder()
  const lag = monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  const inFlight = new Set<Promise<void>>()
  let users = 0
  const start = performance.now()
  const user = async () => {
    const scenario = pickScenario(workflow.scenarios, Math.random())
    const row = workflow.payload[Math.floor(Math.random() * workflow.payload.length)] ?? {}
    const ctx: { vars: Record<string, unknown>; ws?: WebSocket } = { vars: { ...row } }
    rec.count(`vusers.created_by_name.${scenario.name}`)
    try {
      await runSteps(scenario.flow, ctx, pool, run.target, rec)
      rec.count('vusers.completed')
    } catch (err) {
      rec.count('vusers.failed')
      rec.count(`errors.${(err as Error).message.replace(/[\d.]+/g, 'N').slice(0, 60)}`)
    } finally {
      ctx.ws?.close()
    }
  }
  // Arrivals are due at start + i / rate; each wake-up starts every user that is due, however the answers go, then
  // sleeps until the next one is due.
  const end = run.seconds * 1000
  for (let now = 0; now < end; now = performance.now() - start) {
    const due = Math.min(Math.floor((now / 1000) * run.rate), Math.ceil((end / 1000) * run.rate))
    for (; users < due; users++) {
      const p = user()
      inFlight.add(p)
      void p.finally(() => inFlight.delete(p))
    }
    const next = ((users + 1) / run.rate) * 1000
    await sleep(Math.max(1, Math.min(next, end) - (performance.now() - start)))
  }
  const elapsed = (performance.now() - start) / 1000
  await Promise.race([Promise.allSettled([...inFlight]), sleep(60_000)])
  lag.disable()
  await pool.close().catch(() => undefined)
  const requests = rec.counters['http.requests'] ?? 0
  const http5xx = rec.counters['supernova.http_5xx'] ?? 0
  const failedUsers = rec.counters['vusers.failed'] ?? 0
  const o = rec.overall
  const totals: OpenLoopTotals = {
    requests,
    rps: requests / elapsed,
    p50: ms(o, 50),
    p95: ms(o, 95),
    p99: ms(o, 99),
    http4xx: rec.counters['supernova.http_4xx'] ?? 0,
    http5xx,
    failedUsers,
    errorRate: requests ? (http5xx + failedUsers) / requests : failedUsers > 0 ? 1 : 0,
    endpoints: [...rec.byName]
      .map(([name, e]) => ({
        name,
        requests: e.h.totalCount,
        p50: ms(e.h, 50),
        p95: ms(e.h, 95),
        p99: ms(e.h, 99),
        codes: e.codes,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    users,
    generatorLoopP99Ms: Math.round(lag.percentile(99) / 1e5) / 10,
    counters: rec.counters,
    histograms: Object.fromEntries(
      [...rec.histograms].map(([k, h]) => [k, { count: h.totalCount, p50: ms(h, 50), p99: ms(h, 99) }]),
    ),
  }
  if (run.out) mkdirSync(dirname(run.out), { recursive: true })
  if (run.out) writeFileSync(run.out, JSON.stringify(totals, null, 2))
  return totals
}
