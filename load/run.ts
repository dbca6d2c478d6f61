/**
 * `npm run load -- PROFILE [--target URL | --shape embedded|cluster [--workers N]] [--minutes N [--rate R]] [--overrides JSON]
 * [--out FILE] [--pin] [--baseline FILE | --no-baseline] [--save-baseline]`: runs load/supernova.yml's PROFILE environment with
 * Artillery (telemetry off), then compares the run with the stored baseline (load/baselines/PROFILE.json).
 * `npm run load -- breaking [--target URL] [--start N] [--factor F] [--max N] [--step-seconds S] [--p99 MS] [--pin]`
 * steps the arrival rate up until p99 or the error rate breaks and says what saturated first.
 * Without --target it starts a shape (load/lib/shapes.ts): `embedded` (default; PGlite, a fresh copy of a seeded
 * data folder) or `cluster` (PostgreSQL + Redis + WEB_CONCURRENCY server processes) and stops it afterwards. During
 * the run /proc (CPU and memory of the server, database, Redis and generator) and /performance/* are sampled; each
 * profile run writes an HTML report (latency per endpoint, overall latency, memory and CPU over the run) beside its
 * JSON. Exit code: Artillery's (1 when an `ensure` check fails), or 1 on a baseline regression.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus as cpuList, hostname } from 'node:os'
import { basename, join } from 'node:path'
import {
  cpuTrendChart,
  type LoadTrend,
  loadTestReportHtml,
  memoryTrendChart,
  overallLatencyChart,
  renderSvg,
  svgToPng,
} from '@supernova/reports'
import { findBreakingPoint, type Generator } from './breaking.ts'
import { minutesPhases, printSummary, readReport, runArtillery, totals } from './lib/artillery.ts'
import { DEFAULT_LIMITS, readBaseline, regressions, toBaseline, writeBaseline } from './lib/baseline.ts'
import { type ProcessGroups, processSampler } from './lib/processes.ts'
import { sampler } from './lib/saturation.ts'
import { root } from './lib/server.ts'
import { type RunningShape, SHAPES, type ShapeName, startShape } from './lib/shapes.ts'

const PROFILES = ['smoke', 'load', 'stress', 'spike', 'soak', 'breaking']
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

function parseArgs(argv: string[]) {
  const profile = argv[0] ?? ''
  if (!PROFILES.includes(profile))
    throw new Error(
      `Usage: npm run load -- PROFILE [--target URL] [--minutes N]; PROFILE is one of ${PROFILES.join(', ')}.`,
    )
  const flag = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const number = (name: string, fallback: number) => {
    const v = flag(name)
    if (v === undefined) return fallback
    const n = Number(v)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${v}.`)
    return n
  }
  const target = flag('--target')
  // Load is only ever generated against this machine: a remote stage is Artillery's own platform's job.
  if (target && !LOOPBACK.has(new URL(target).hostname))
    throw new Error(`--target must be a loopback URL (127.0.0.1), not ${target}.`)
  const shape = (flag('--shape') ?? 'embedded') as ShapeName
  if (!SHAPES.includes(shape)) throw new Error(`--shape must be one of ${SHAPES.join(', ')}, not ${shape}.`)
  if (target && flag('--shape')) throw new Error('--shape starts a server; --target uses yours: pick one.')
  const pin = argv.includes('--pin')
  if (pin && cpuList().length < 2)
    throw new Error('--pin needs at least two CPUs (server on 0, Artillery on 1).')
  const generator = (flag('--generator') ?? 'artillery') as Generator
  if (!['artillery', 'open-loop'].includes(generator))
    throw new Error(`--generator must be artillery or open-loop, not ${generator}.`)
  if (generator !== 'artillery' && profile !== 'breaking')
    throw new Error('--generator open-loop drives the breaking-point finder; profiles run on Artillery.')
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  return {
    generator,
    profile,
    target,
    shape,
    workers: number('--workers', 2),
    minutes: flag('--minutes') === undefined ? undefined : number('--minutes', 1),
    rate: flag('--rate') === undefined ? undefined : number('--rate', 10),
    retries: flag('--retries') === undefined ? 2 : Number(flag('--retries')),
    overrides: flag('--overrides'),
    out: flag('--out') ?? join(root, '.supernova', 'load', `${profile}-${stamp}.json`),
    outDir: join(root, '.supernova', 'load', `${profile}-${stamp}`),
    serverCpus: pin ? '0' : undefined,
    artilleryCpus: pin ? '1' : undefined,
    baseline: argv.includes('--no-baseline')
      ? undefined
      : (flag('--baseline') ?? join(root, 'load', 'baselines', `${profile}.json`)),
    saveBaseline: argv.includes('--save-baseline'),
    // A run reshaped by --overrides or --minutes is compared only with a baseline named explicitly.
    compare:
      flag('--baseline') !== undefined ||
      (flag('--overrides') === undefined && flag('--minutes') === undefined),
    breaking: {
      start: number('--start', 10),
      factor: number('--factor', 1.5),
      max: number('--max', 400),
      stepSeconds: number('--step-seconds', 30),
      p99Ms: number('--p99', 100),
      maxErrorRate: 0.01,
    },
  }
}

type Args = ReturnType<typeof parseArgs>

/** --minutes N [--rate R]: N minutes at R arrivals/s (default: soak 20/s, others 10/s), after a ramp (minutesPhases). */
function minutesOverride(args: Args): string | undefined {
  if (args.overrides || args.minutes === undefined) return args.overrides
  const rate = args.rate ?? (args.profile === 'soak' ? 20 : 10)
  return JSON.stringify({ config: { phases: minutesPhases(args.minutes, rate, args.profile) } })
}

/**
 * Samples /proc and /performance/* while a profile runs, for the HTML report's memory, CPU and latency trend (one
 * reading every 2 s, every 10 s in a soak).
 */
function trendSampler(args: Args, target: string, groups: () => ProcessGroups) {
  const everyMs = args.profile === 'soak' ? 10_000 : 2000
  const perf = sampler(target, everyMs)
  const procs = processSampler(groups, everyMs)
  return {
    async stop(): Promise<LoadTrend> {
      const p = await perf.stop()
      const points = procs.stop().map((s) => {
        // the /performance reading nearest in time (its heap is the answering server process's)
        const near = p.reduce<(typeof p)[number] | undefined>(
          (best, x) => (!best || Math.abs(x.t - s.t) < Math.abs(best.t - s.t) ? x : best),
          undefined,
        )
        return {
          t: s.t,
          memoryBytes: Object.fromEntries(Object.entries(s.groups).map(([k, g]) => [k, g.memoryBytes])),
          cores: Object.fromEntries(Object.entries(s.groups).map(([k, g]) => [k, g.cores])),
          heapUsedBytes:
            near && Math.abs(near.t - s.t) <= everyMs && near.heapUsedBytes ? near.heapUsedBytes : undefined,
        }
      })
      return { points }
    },
  }
}

async function runProfile(args: Args, target: string, groups: () => ProcessGroups): Promise<number> {
  const trending = trendSampler(args, target, groups)
  let code = await runArtillery({
    environment: args.profile,
    target,
    out: args.out,
    overrides: minutesOverride(args),
    cpus: args.artilleryCpus,
  })
  const trend = await trending.stop()
  writeFileSync(`${args.out.replace(/\.json$/, '')}-trend.json`, JSON.stringify(trend))
  let t: ReturnType<typeof totals>
  try {
    t = totals(readReport(args.out))
  } catch {
    return code
  }
  printSummary(t, args.out)
  // The HTML report (latency over time per endpoint) beside the JSON; open the file in a browser.
  const html = `${args.out.replace(/\.json$/, '')}.html`
  writeFileSync(
    html,
    await loadTestReportHtml(JSON.parse(readFileSync(args.out, 'utf8')), basename(args.out), trend),
  )
  const last = trend.points.at(-1)
  const first = trend.points.find((p) => p.heapUsedBytes !== undefined)
  if (last && first) {
    const mb = (b: number | undefined) => (b === undefined ? 'n/a' : `${Math.round(b / 2 ** 20)} MB`)
    console.log(
      `memory: server PSS ${mb(trend.points[0]?.memoryBytes.server)} -> ${mb(last.memoryBytes.server)}, ` +
        `heap used ${mb(first.heapUsedBytes)} -> ${mb([...trend.points].reverse().find((p) => p.heapUsedBytes)?.heapUsedBytes)}`,
    )
  }
  console.log(`html report: ${html}`)
  // The trend charts also as PNG files (a soak's evidence, easy to keep or attach without the page).
  if (trend.points.length > 1) {
    const report = JSON.parse(readFileSync(args.out, 'utf8'))
    for (const spec of [overallLatencyChart(report), memoryTrendChart(trend), cpuTrendChart(trend)]) {
      const png = `${args.out.replace(/\.json$/, '')}-${spec.name}.png`
      writeFileSync(png, await svgToPng(await renderSvg(spec, 'light'), 'light'))
    }
    console.log(`trend charts: ${args.out.replace(/\.json$/, '')}-{latency-trend,memory,cpu}.png`)
  }
  if (args.saveBaseline && args.baseline) {
    writeBaseline(args.baseline, toBaseline(args.profile, t, `${hostname()}, ${cpuList().length} CPUs`))
    console.log(`baseline saved: ${args.baseline}`)
  } else if (args.baseline && args.compare) {
    const b = readBaseline(args.baseline)
    if (b) {
      const worse = regressions(t, b)
      console.log(
        worse.length
          ? `baseline: REGRESSION against ${args.baseline}\n  - ${worse.join('\n  - ')}`
          : `baseline: ok against ${args.baseline} (p99 ${t.p99} ms vs ${b.p99} ms; limit ${DEFAULT_LIMITS.p99Ratio}x)`,
      )
      if (worse.length && code === 0) code = 1
    }
  }
  return code
}

async function runBreaking(
  args: Args,
  target: string,
  groups: () => ProcessGroups,
  description: string,
): Promise<number> {
  console.log(
    `breaking point (${args.generator}): ${args.breaking.stepSeconds} s per step from ${args.breaking.start}/s (x${args.breaking.factor}) ` +
      `until p99 > ${args.breaking.p99Ms} ms or errors > 1%; reports in ${args.outDir}`,
  )
  // The open-loop generator runs in this process: --pin puts this process (every thread) on Artillery's CPU.
  if (args.generator === 'open-loop' && args.artilleryCpus)
    execFileSync('taskset', ['-a', '-p', '-c', args.artilleryCpus, String(process.pid)], { stdio: 'ignore' })
  const r = await findBreakingPoint({
    target,
    generator: args.generator,
    outDir: args.outDir,
    cpus: args.artilleryCpus,
    retries: args.retries,
    groups,
    serverCpus: args.serverCpus?.split(',').map(Number),
    ...args.breaking,
  })
  const line = {
    lastGoodRate: r.lastGood?.rate ?? null,
    lastGoodUsers: r.lastGood?.users ?? null,
    lastGoodRps: r.lastGood ? Math.round(r.lastGood.totals.rps) : null,
    lastGoodP99Ms: r.lastGood?.totals.p99 ?? null,
    breakingRate: r.breaking?.rate ?? null,
    broke: r.breaking?.broke ?? [],
    saturatedFirst: r.saturatedFirst ?? null,
    breakingCores: r.breaking?.cores ?? null,
    breakingContended: r.breaking?.contended ?? null,
    // server-side CPU per request at each step: capacity on a dedicated core is about 1000 / this
    cpuMsPerRequest: r.steps.map((s) => [s.rate, s.cpuMsPerRequest && Number(s.cpuMsPerRequest.toFixed(2))]),
    pinned: Boolean(args.artilleryCpus),
    generator: args.generator,
    generatorCpuMsPerRequest: r.steps.map((s) => [
      s.rate,
      s.generatorCpuMsPerRequest && Number(s.generatorCpuMsPerRequest.toFixed(2)),
    ]),
    shape: description,
  }
  console.log(
    r.breaking
      ? `last good: ${line.lastGoodRate}/s (~${line.lastGoodUsers} users, ${line.lastGoodRps} req/s); broke at ${line.breakingRate}/s: ${line.broke.join('; ')}; saturated first: ${line.saturatedFirst ?? 'nothing past its limit (the generator?)'}`
      : `did not break up to ${args.breaking.max}/s`,
  )
  console.log(JSON.stringify(line))
  return 0
}

const args = parseArgs(process.argv.slice(2))
let running: RunningShape | undefined
let code = 1
try {
  if (!args.target) {
    running = await startShape(args.shape, { cpus: args.serverCpus, workers: args.workers })
    console.log(`${running.description}: ${running.url}`)
  }
  const target = args.target ?? running!.url
  // The generator is this runner's own children (Artillery); the server side is the shape's processes.
  const groups = (): ProcessGroups => ({ ...running?.groups(), generator: [process.pid] })
  const description = running?.description ?? `a server at ${target}`
  code =
    args.profile === 'breaking'
      ? await runBreaking(args, target, groups, description)
      : await runProfile(args, target, groups)
} finally {
  if (running) await running.stop()
}
process.exit(code)
