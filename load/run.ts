/**
 * `npm run load -- PROFILE [--target URL] [--minutes N] [--overrides JSON] [--out FILE]`: runs load/supernova.yml's
 * PROFILE environment with Artillery (telemetry off). Without --target it starts the embedded server on a free
 * port with a fresh copy of a seeded data folder (seeded once under .supernova/load/seed, which takes ~25 s), and
 * stops it by PID afterwards. Writes the JSON report under .supernova/load/, prints p50/p95/p99 and status codes per
 * endpoint, and exits with Artillery's code (1 when an `ensure` check fails).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const PROFILES = ['smoke', 'load', 'stress', 'spike', 'soak']
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

interface Args {
  profile: string
  target?: string
  minutes?: number
  overrides?: string
  out: string
}

function parseArgs(argv: string[]): Args {
  const profile = argv[0] ?? ''
  if (!PROFILES.includes(profile))
    throw new Error(
      `Usage: npm run load -- PROFILE [--target URL] [--minutes N]; PROFILE is one of ${PROFILES.join(', ')}.`,
    )
  const flag = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const target = flag('--target')
  // Load is only ever generated against this machine: a remote stage is Artillery's own platform's job.
  if (target && !LOOPBACK.has(new URL(target).hostname))
    throw new Error(`--target must be a loopback URL (127.0.0.1), not ${target}.`)
  const minutes = flag('--minutes')
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  return {
    profile,
    target,
    minutes: minutes === undefined ? undefined : Number(minutes),
    overrides: flag('--overrides'),
    out: flag('--out') ?? join(root, '.supernova', 'load', `${profile}-${stamp}.json`),
  }
}

/** Starts `npm start`'s entry on PORT=0 with DATA_DIR; resolves with its URL once it prints the banner. */
async function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SUPERNOVA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)))
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line)
      if (m) resolve(m[1]!)
    })
  })
  child.removeAllListeners('exit')
  child.stdout!.resume()
  return { url, child }
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** A data folder with the sample market data already loaded, copied fresh for every run. */
async function seededDataDir(): Promise<string> {
  const seed = join(root, '.supernova', 'load', 'seed')
  if (!existsSync(join(seed, 'ready'))) {
    console.log('Seeding a data folder for load runs (once; about 25 s)...')
    rmSync(seed, { recursive: true, force: true })
    mkdirSync(seed, { recursive: true })
    const { child } = await startServer(seed)
    await stopServer(child)
    cpSync(join(root, 'package.json'), join(seed, 'ready'))
  }
  const dir = mkdtempSync(join(tmpdir(), 'supernova-load-'))
  cpSync(seed, dir, { recursive: true, filter: (src) => !src.endsWith('ready') })
  return dir
}

function runArtillery(args: Args, target: string): Promise<number> {
  const cli = [
    join(root, 'node_modules', 'artillery', 'bin', 'run'),
    'run',
    '--environment',
    args.profile,
    '--target',
    target,
    '--output',
    args.out,
  ]
  let overrides = args.overrides
  if (args.minutes !== undefined) {
    if (!(args.minutes > 0)) throw new Error('--minutes must be a positive number.')
    const rate = args.profile === 'soak' ? 20 : 10
    overrides ??= JSON.stringify({
      config: {
        phases: [{ name: args.profile, duration: Math.round(args.minutes * 60), arrivalRate: rate }],
      },
    })
  }
  if (overrides) cli.push('--overrides', overrides)
  cli.push(join(root, 'load', 'supernova.yml'))
  mkdirSync(dirname(args.out), { recursive: true })
  const child = spawn(process.execPath, cli, {
    cwd: root,
    env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
    stdio: 'inherit',
  })
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
}

interface Report {
  aggregate: {
    counters: Record<string, number>
    rates: Record<string, number>
    summaries: Record<string, { p50?: number; median?: number; p95: number; p99: number }>
    firstMetricAt: number
    lastMetricAt: number
  }
}

/** One row per endpoint: requests, p50/p95/p99 and status codes; then the totals and the request rate. */
function printSummary(file: string): void {
  const { aggregate: a } = JSON.parse(readFileSync(file, 'utf8')) as Report
  const prefix = 'plugins.metrics-by-endpoint.response_time.'
  const rows: string[][] = [['endpoint', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'status codes']]
  for (const [key, s] of Object.entries(a.summaries).sort()) {
    if (!key.startsWith(prefix)) continue
    const name = key.slice(prefix.length)
    const codes = Object.entries(a.counters)
      .filter(([k]) => k.startsWith(`plugins.metrics-by-endpoint.${name}.codes.`))
      .map(([k, n]) => `${k.slice(k.lastIndexOf('.') + 1)}x${n}`)
    const count = codes.reduce((n, c) => n + Number(c.split('x')[1]), 0)
    rows.push([name, String(count), String(s.median ?? s.p50), String(s.p95), String(s.p99), codes.join(' ')])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  for (const r of rows)
    console.log(
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    )
  const seconds = Math.max(1, (a.lastMetricAt - a.firstMetricAt) / 1000)
  const all = a.summaries['http.response_time']
  console.log(
    `\nall: ${a.counters['http.requests'] ?? 0} requests, ${((a.counters['http.requests'] ?? 0) / seconds).toFixed(1)} req/s, ` +
      `p50 ${all?.median} ms, p95 ${all?.p95} ms, p99 ${all?.p99} ms, ` +
      `4xx ${a.counters['supernova.http_4xx'] ?? 0}, 5xx ${a.counters['supernova.http_5xx'] ?? 0}, ` +
      `failed users ${a.counters['vusers.failed'] ?? 0}\nreport: ${file}`,
  )
}

const args = parseArgs(process.argv.slice(2))
let server: { url: string; child: ChildProcess } | undefined
let dataDir: string | undefined
let code = 1
try {
  if (!args.target) {
    dataDir = await seededDataDir()
    server = await startServer(dataDir)
    console.log(`embedded server ${server.url} (pid ${server.child.pid}, data ${dataDir})`)
  }
  code = await runArtillery(args, args.target ?? server!.url)
  if (existsSync(args.out)) printSummary(args.out)
} finally {
  if (server) await stopServer(server.child)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}
process.exit(code)
