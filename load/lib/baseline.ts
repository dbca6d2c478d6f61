/** Stored baselines: a run's figures kept under load/baselines/PROFILE.json, and the regression check against them. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Totals } from './artillery.ts'

/** What a baseline keeps: enough to judge a later run, and where it was measured. */
export interface Baseline {
  profile: string
  measuredAt: string
  machine: string
  p95: number
  p99: number
  errorRate: number
  rps: number
  endpoints: Record<string, { requests: number; p99: number }>
}

/** How much worse than the baseline a run may be before it fails. */
export interface RegressionLimits {
  /** A run's p99 (overall, and per endpoint with enough requests) may be at most this times the baseline's. */
  p99Ratio: number
  /** A run's error rate may exceed the baseline's by at most this (absolute, 0.01 = one point). */
  errorRateSlack: number
  /** Endpoints with fewer requests (in either run) are not judged one by one: their p99 is noise. */
  minRequests: number
}

export const DEFAULT_LIMITS: RegressionLimits = { p99Ratio: 3, errorRateSlack: 0.01, minRequests: 50 }

export function toBaseline(profile: string, t: Totals, machine: string): Baseline {
  return {
    profile,
    measuredAt: new Date().toISOString(),
    machine,
    p95: t.p95,
    p99: t.p99,
    errorRate: t.errorRate,
    rps: t.rps,
    endpoints: Object.fromEntries(t.endpoints.map((e) => [e.name, { requests: e.requests, p99: e.p99 }])),
  }
}

export function readBaseline(file: string): Baseline | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Baseline) : undefined
}

export function writeBaseline(file: string, b: Baseline): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(b, null, 2)}\n`)
}

/** One line per regression (empty when the run is within the limits): what, how much, against what. */
export function regressions(t: Totals, b: Baseline, limits: RegressionLimits = DEFAULT_LIMITS): string[] {
  const out: string[] = []
  const ratio = (now: number, then: number) =>
    then > 0 ? now / then : now > 0 ? Number.POSITIVE_INFINITY : 1
  // A floor of 1 ms under the baseline's p99 keeps a 0 ms baseline from turning any latency into an infinite ratio.
  const p99 = ratio(t.p99, Math.max(1, b.p99))
  if (p99 > limits.p99Ratio)
    out.push(`p99 ${t.p99} ms is ${p99.toFixed(2)}x the baseline's ${b.p99} ms (limit ${limits.p99Ratio}x)`)
  if (t.errorRate > b.errorRate + limits.errorRateSlack)
    out.push(
      `error rate ${(t.errorRate * 100).toFixed(2)}% is over the baseline's ${(b.errorRate * 100).toFixed(2)}% ` +
        `+ ${(limits.errorRateSlack * 100).toFixed(1)} points`,
    )
  for (const e of t.endpoints) {
    const then = b.endpoints[e.name]
    if (!then || e.requests < limits.minRequests || then.requests < limits.minRequests) continue
    const r = ratio(e.p99, Math.max(1, then.p99))
    if (r > limits.p99Ratio)
      out.push(`${e.name}: p99 ${e.p99} ms is ${r.toFixed(2)}x the baseline's ${then.p99} ms`)
  }
  return out
}
