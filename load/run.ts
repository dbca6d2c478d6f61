/**
 * `npm run load -- PROFILE [--target URL] [--minutes N] [--overrides JSON] [--out FILE] [--pin]
 * [--baseline FILE | --no-baseline] [--save-baseline]`: runs load/supernova.yml's PROFILE environment with
 * Artillery (telemetry off), then compares the run with the stored baseline (load/baselines/PROFILE.json).
 * `npm run load -- breaking [--target URL] [--start N] [--factor F] [--max N] [--step-seconds S] [--p99 MS] [--pin]`
 * steps the arrival rate up until p99 or the error rate breaks and says what saturated first.
 * Without --target it starts the embedded server on a free port with a fresh copy of a seeded data folder and stops
 * it by PID afterwards. Each profile run also writes an HTML report (latency over time per endpoint) beside its
 * JSON. Exit code: Artillery's (1 when an `ensure` check fails), or 1 on a baseline regression.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus as cpuList, hostname } from 'node:os'
import { basename, join } from 'node:path'
import { loadTestReportHtml } from '@supernova/reports'
import { findBreakingPoint } from './breaking.ts'
import { printSummary, readReport, runArtillery, totals } from './lib/artillery.ts'
import { DEFAULT_LIMITS, readBaseline, regressions, toBaseline, writeBaseline } from './lib/baseline.ts'
import { type RunningServer, root, seededDataDir, startServer, stopServer } from './lib/server.ts'

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
  const pin = argv.includes('--pin')
  if (pin && cpuList().length < 2)
    throw new Error('--pin needs at least two CPUs (server on 0, Artillery on 1).')
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  return {
    profile,
    target,
    minutes: flag('--minutes') === undefined ? undefined : number('--minutes', 1),
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

/** --minutes N: one phase of N minutes at the profile's steady rate (soak 20/s, others 10/s). */
function minutesOverride(args: Args): string | undefined {
  if (args.overrides || args.minutes === undefined) return args.overrides
  const rate = args.profile === 'soak' ? 20 : 10
  return JSON.stringify({
    config: { phases: [{ name: args.profile, duration: Math.round(args.minutes * 60), arrivalRate: rate }] },
  })
}

async function runProfile(args: Args, target: string): Promise<number> {
  let code = await runArtillery({
    environment: args.profile,
    target,
    out: args.out,
    overrides: minutesOverride(args),
    cpus: args.artilleryCpus,
  })
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
    await loadTestReportHtml(JSON.parse(readFileSync(args.out, 'utf8')), basename(args.out)),
  )
  console.log(`html report: ${html}`)
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

async function runBreaking(args: Args, target: string): Promise<number> {
  console.log(
    `breaking point: ${args.breaking.stepSeconds} s per step from ${args.breaking.start}/s (x${args.breaking.factor}) ` +
      `until p99 > ${args.breaking.p99Ms} ms or errors > 1%; reports in ${args.outDir}`,
  )
  const r = await findBreakingPoint({
    target,
    outDir: args.outDir,
    cpus: args.artilleryCpus,
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
    pinned: Boolean(args.artilleryCpus),
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
let server: RunningServer | undefined
let dataDir: string | undefined
let code = 1
try {
  if (!args.target) {
    dataDir = await seededDataDir()
    server = await startServer(dataDir, { cpus: args.serverCpus })
    console.log(`embedded server ${server.url} (pid ${server.child.pid}, data ${dataDir})`)
  }
  const target = args.target ?? server!.url
  code = args.profile === 'breaking' ? await runBreaking(args, target) : await runProfile(args, target)
} finally {
  if (server) await stopServer(server.child)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}
process.exit(code)
