/**
 * The breaking-point finder: runs the mixed workflow at a stepped arrival rate (each step its own Artillery run)
 * until p99 or the error rate crosses its limit, reading /performance/* during every step, then reports the last
 * good rate and what saturated first.
 */
import { join } from 'node:path'
import { readReport, runArtillery, type Totals, totals } from './lib/artillery.ts'
import { runOpenLoop } from './lib/open-loop.ts'
import { meanUse, type ProcessGroups, processSampler } from './lib/processes.ts'
import {
  type ProcessUse,
  pressure,
  SATURATION_LIMITS,
  type SaturationSample,
  type SaturationSignal,
  sampler,
  saturated,
} from './lib/saturation.ts'

/** A user's session in the mixed workflow lasts about this long, so arrivals/s x this = concurrent users. */
export const SESSION_SECONDS = 30

export interface BreakingOptions {
  target: string
  /** First arrival rate (new users per second) and the factor between steps. */
  start: number
  factor: number
  /** Highest rate tried: the run is bounded even on a server that never breaks. */
  max: number
  stepSeconds: number
  p99Ms: number
  maxErrorRate: number
  outDir: string
  cpus?: string
  operatorKey?: string
  /** The server side's processes by role, read from /proc during each step (server, postgres, redis, generator). */
  groups?: () => ProcessGroups
  /** The CPUs the server side may use (all of them unpinned). */
  serverCpus?: number[]
  /** Times a contended step that broke is measured again (default 2). */
  retries?: number
  /**
   * Who sends the load: Artillery (default; 11.6 ms of CPU per request here, `npm run bench -- load-generators`)
   * or the open-loop generator (lib/open-loop.ts: the same scenarios at 1.4 ms) for the server's capacity.
   */
  generator?: Generator
}

export type Generator = 'artillery' | 'open-loop'

/** Runs the mixed workflow at `rate` users/s for `seconds` with the chosen generator. */
async function generate(
  o: BreakingOptions,
  rate: number,
  seconds: number,
  out: string,
): Promise<{ totals: Totals; generatorLoopP99Ms?: number }> {
  if (o.generator === 'open-loop') {
    const t = await runOpenLoop({ target: o.target, rate, seconds, out })
    return { totals: t, generatorLoopP99Ms: t.generatorLoopP99Ms }
  }
  const phases = [
    { name: `rate ${rate}/s`, duration: seconds, arrivalRate: rate, maxVusers: rate * SESSION_SECONDS * 2 },
  ]
  const code = await runArtillery({
    environment: 'breaking',
    target: o.target,
    out,
    overrides: JSON.stringify({ config: { phases } }),
    cpus: o.cpus,
    quiet: true,
  })
  if (code !== 0) throw new Error(`Artillery exited with ${code} at ${rate}/s (report: ${out}).`)
  return { totals: totals(readReport(out)) }
}

/** Groups that are the server side (everything but the generator). */
const SERVER_SIDE = new Set(['server', 'postgres', 'redis'])

export interface BreakingStep {
  rate: number
  users: number
  totals: Totals
  pressure: Record<SaturationSignal, number>
  peakRssBytes: number
  /** Mean cores per process group and busy share per CPU over the step, from /proc. */
  cores: Record<string, number>
  cpuBusy: number[]
  /** Server-side CPU time (server processes, PostgreSQL, Redis) per request: what a dedicated core would divide. */
  cpuMsPerRequest: number | null
  /** The generator's own CPU time per request, and (open-loop) its event-loop p99, which its latencies include. */
  generatorCpuMsPerRequest: number | null
  generatorLoopP99Ms?: number
  /** Other processes held the server's CPUs past the contention limit: the step measured the machine. */
  contended: boolean
  /** Why this step failed; empty when it held. */
  broke: string[]
}

export interface BreakingResult {
  steps: BreakingStep[]
  lastGood?: BreakingStep
  breaking?: BreakingStep
  saturatedFirst?: SaturationSignal
}

/** The rates tried: start, start x factor, ... up to max (rounded, strictly increasing). */
export function rateSteps(start: number, factor: number, max: number): number[] {
  if (!(start > 0) || !(factor > 1) || !(max >= start))
    throw new Error('--start must be > 0, --factor > 1 and --max >= --start.')
  const out: number[] = []
  for (let r = start; r <= max; r *= factor) {
    const rounded = Math.round(r)
    if (rounded > (out.at(-1) ?? 0)) out.push(rounded)
  }
  return out
}

/** Why a step failed its limits (empty when it held). */
export function judge(t: Totals, p99Ms: number, maxErrorRate: number): string[] {
  const out: string[] = []
  if (t.p99 > p99Ms) out.push(`p99 ${t.p99} ms > ${p99Ms} ms`)
  if (t.errorRate > maxErrorRate)
    out.push(`error rate ${(t.errorRate * 100).toFixed(2)}% > ${(maxErrorRate * 100).toFixed(2)}%`)
  return out
}

/** One step: the mixed workflow at `rate` arrivals/s for stepSeconds, sampling /performance/* and /proc. */
async function runStep(o: BreakingOptions, rate: number, attempt: number): Promise<BreakingStep> {
  const out = join(o.outDir, `breaking-${rate}${attempt ? `-${attempt}` : ''}.json`)
  const probe = sampler(o.target, 2000, o.operatorKey)
  const procs = processSampler(o.groups ?? (() => ({})), 2000)
  const run = await generate(o, rate, o.stepSeconds, out)
  const samples: SaturationSample[] = await probe.stop()
  const used = meanUse(procs.stop())
  const serverCpus = o.serverCpus ?? used.cpuBusy.map((_, i) => i)
  const serverSideCores = Object.entries(used.cores)
    .filter(([k]) => SERVER_SIDE.has(k))
    .reduce((a, [, v]) => a + v, 0)
  const use: ProcessUse | undefined = o.groups
    ? {
        serverSideCores,
        allowedCores: serverCpus.length,
        serverCpusBusy:
          serverCpus.reduce((a, i) => a + (used.cpuBusy[i] ?? 0), 0) / Math.max(1, serverCpus.length),
      }
    : undefined
  const t = run.totals
  const p = pressure(samples, use)
  const step: BreakingStep = {
    rate,
    users: rate * SESSION_SECONDS,
    totals: t,
    pressure: p,
    peakRssBytes: samples.reduce((m, s) => Math.max(m, s.rssBytes), 0),
    cores: used.cores,
    cpuBusy: used.cpuBusy,
    cpuMsPerRequest: use && t.rps > 0 ? (serverSideCores * 1000) / t.rps : null,
    generatorCpuMsPerRequest:
      used.cores.generator !== undefined && t.rps > 0 ? (used.cores.generator * 1000) / t.rps : null,
    generatorLoopP99Ms: run.generatorLoopP99Ms,
    contended: p.contention >= 1,
    broke: judge(t, o.p99Ms, o.maxErrorRate),
  }
  const worst = saturated(samples, use)[0]
  const cores = Object.entries(step.cores)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ')
  const busy = step.cpuBusy.map((b, i) => `cpu${i} ${Math.round(b * 100)}%`).join(' ')
  console.log(
    `${String(rate).padStart(5)}/s (~${step.users} users): ${t.rps.toFixed(1)} req/s, p99 ${t.p99} ms, ` +
      `errors ${(t.errorRate * 100).toFixed(2)}%, cores: ${cores || 'n/a'} (${busy}), ` +
      `${step.cpuMsPerRequest === null ? '' : `server-side CPU ${step.cpuMsPerRequest.toFixed(1)} ms/request, `}` +
      `${step.generatorCpuMsPerRequest === null ? '' : `generator ${step.generatorCpuMsPerRequest.toFixed(2)} ms/request, `}` +
      `${step.generatorLoopP99Ms === undefined ? '' : `generator loop p99 ${step.generatorLoopP99Ms} ms, `}` +
      `db p99 ${(p.database * SATURATION_LIMITS.database.limit).toFixed(0)} ms, ` +
      `loop p99 ${(p.eventLoop * SATURATION_LIMITS.eventLoop.limit).toFixed(0)} ms` +
      `${worst ? `, saturated: ${worst.signal}` : ''}${step.broke.length ? ` -> BROKE (${step.broke.join('; ')})` : ''}`,
  )
  return step
}

/** Steps the rate up until a step breaks or the maximum is reached. */
export async function findBreakingPoint(o: BreakingOptions): Promise<BreakingResult> {
  const steps: BreakingStep[] = []
  // A warm-up at the first rate, not judged: start-up work (JIT, caches filling, the first model load) would
  // otherwise read as saturation at the lowest step.
  await generate(o, o.start, 10, join(o.outDir, 'warm-up.json'))
  for (const rate of rateSteps(o.start, o.factor, o.max)) {
    let step = await runStep(o, rate, 0)
    // On a shared machine another agent's burst can take the server's CPUs: a step that broke while other
    // processes held them is measured again (after a pause), and the least contended attempt counts.
    for (let attempt = 1; step.contended && step.broke.length && attempt <= (o.retries ?? 2); attempt++) {
      console.log(
        `        contended (other processes on the server's CPUs); measuring ${rate}/s again in 15 s`,
      )
      await new Promise((r) => setTimeout(r, 15_000))
      const again = await runStep(o, rate, attempt)
      if (again.pressure.contention < step.pressure.contention) step = again
    }
    steps.push(step)
    if (step.broke.length) break
  }
  const breaking = steps.find((s) => s.broke.length > 0)
  const lastGood = [...steps].reverse().find((s) => s.broke.length === 0)
  // What gave out first: the most pressed signal at the breaking step (or at the last step if none broke).
  const at = breaking ?? steps.at(-1)
  const first = at
    ? (Object.entries(at.pressure) as [SaturationSignal, number][]).sort((a, b) => b[1] - a[1])[0]
    : undefined
  // A contended breaking step broke because the machine was busy: say so rather than name its symptoms.
  if (at?.contended) return { steps, lastGood, breaking, saturatedFirst: 'contention' }
  return { steps, lastGood, breaking, saturatedFirst: first && first[1] >= 1 ? first[0] : undefined }
}
