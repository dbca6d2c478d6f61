/**
 * `npm run bench -- load-generators [--rate R] [--seconds S] [--repeats N]`: what the load generators themselves
 * cost. Artillery (load/supernova.yml's `breaking` environment) and the open-loop generator (load/lib/open-loop.ts)
 * run the same mixed workflow at R users/s (default 60) for S seconds (default 20) against a stub that answers at
 * once (packages/testing's load stub, in its own process), alternating, N times (default 3). Each generator runs in
 * a fresh process under /usr/bin/time, so its CPU (user + system, its threads and children) is measured the same way,
 * once for S seconds and once for 5: the difference over the difference in requests is the marginal CPU per request
 * (start-up cancels out), with the start-up itself reported beside it. On a 2-core machine this decides how much
 * load one generator can offer before it, not the server, gives out.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, report, round } from './lib.ts'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const RATE = arg('--rate', 60)
const SECONDS = arg('--seconds', 20)
const REPEATS = arg('--repeats', 3)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dir = mkdtempSync(join(tmpdir(), 'sn-bench-generators-'))

/** Starts the stub in its own process; resolves with its URL and the child. */
async function startStub() {
  const code =
    "import { startLoadStub } from '@supernova/testing'; const s = await startLoadStub(); console.log(s.url)"
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve) =>
    child.stdout.once('data', (b: Buffer) => resolve(b.toString().trim())),
  )
  return { url, child }
}

/** Runs argv under /usr/bin/time; its stdout and CPU seconds (user + system). */
function timed(argv: string[]): { stdout: string; cpuSeconds: number } {
  const timeFile = join(dir, 'time.txt')
  const stdout = execFileSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', ...argv], {
    cwd: root,
    env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  })
  const [u, s] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number)
  return { stdout, cpuSeconds: u! + s! }
}

const SHORT = 5

function artillery(url: string, seconds: number): { requests: number; cpuSeconds: number } {
  const out = join(dir, 'artillery.json')
  const phases = [{ name: 'bench', duration: seconds, arrivalRate: RATE, maxVusers: RATE * 60 }]
  const cli = join(root, 'node_modules', 'artillery', 'bin', 'run')
  const args = ['run', '-e', 'breaking', '--target', url, '--output', out, '--overrides']
  const r = timed([
    process.execPath,
    cli,
    ...args,
    JSON.stringify({ config: { phases } }),
    'load/supernova.yml',
  ])
  const report = JSON.parse(readFileSync(out, 'utf8')) as { aggregate: { counters: Record<string, number> } }
  return { requests: report.aggregate.counters['http.requests'] ?? 0, cpuSeconds: r.cpuSeconds }
}

function openLoop(url: string, seconds: number): { requests: number; cpuSeconds: number } {
  const child = join(root, 'bench', 'load-generator-child.ts')
  const r = timed([process.execPath, '--import', 'tsx', child, url, String(RATE), String(seconds)])
  return {
    requests: (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { requests: number }).requests,
    cpuSeconds: r.cpuSeconds,
  }
}

const stub = await startStub()
const rows: Record<
  'artillery' | 'openLoop',
  { msPerRequest: number; startCpuMs: number; requests: number }[]
> = {
  artillery: [],
  openLoop: [],
}
try {
  for (let i = 0; i < REPEATS; i++) {
    // alternating, so a burst of other work on the machine lands on both sides
    for (const [name, run] of [
      ['artillery', artillery],
      ['openLoop', openLoop],
    ] as const) {
      const long = run(stub.url, SECONDS)
      const short = run(stub.url, SHORT)
      const msPerRequest =
        ((long.cpuSeconds - short.cpuSeconds) * 1000) / Math.max(1, long.requests - short.requests)
      const startCpuMs = short.cpuSeconds * 1000 - msPerRequest * short.requests
      rows[name].push({ msPerRequest, startCpuMs, requests: long.requests })
      console.error(
        `${name} #${i + 1}: ${long.requests} requests in ${long.cpuSeconds.toFixed(2)} CPU-s, ` +
          `${short.requests} in ${short.cpuSeconds.toFixed(2)}: ${msPerRequest.toFixed(2)} ms/request`,
      )
    }
  }
} finally {
  stub.child.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}
const ms = (name: keyof typeof rows) => round(median(rows[name].map((r) => r.msPerRequest)), 3)
report({
  name: 'load-generators',
  rate: RATE,
  seconds: SECONDS,
  repeats: REPEATS,
  loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  medians: {
    artilleryCpuMsPerRequest: ms('artillery'),
    openLoopCpuMsPerRequest: ms('openLoop'),
    artilleryStartCpuMs: Math.round(median(rows.artillery.map((r) => r.startCpuMs))),
    openLoopStartCpuMs: Math.round(median(rows.openLoop.map((r) => r.startCpuMs))),
    artilleryRequests: median(rows.artillery.map((r) => r.requests)),
    openLoopRequests: median(rows.openLoop.map((r) => r.requests)),
  },
  ratios: { artilleryOverOpenLoop: round(ms('artillery') / ms('openLoop'), 2) },
})
