/**
 * Runs one realtime scenario: a server child (hub or plain `ws`), client children that open and subscribe the
 * sockets, then broadcast rounds; each round waits until every socket has its message (or a timeout) so rounds
 * never queue behind each other. Reads the server's RSS from /proc.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { median } from '../lib.ts'
import type { ClientsSpec } from './clients-child.ts'
import type { ServerSpec } from './server-child.ts'

const here = dirname(fileURLToPath(import.meta.url))

export interface Scenario extends ServerSpec {
  sockets: number
  /** Channels the sockets spread over evenly (one message per channel per round, so one per socket). */
  channels: number
  /** Client processes (the descriptor limit is per process). */
  clientProcesses: number
  rounds: number
  /** Discarded rounds first (JIT, buffers). */
  warmupRounds?: number
  /** Filler in each message's data, bytes. */
  padBytes: number
  /** Clients offer per-message deflate. */
  deflate?: boolean
  /** Longest wait for one round's deliveries. */
  roundTimeoutMs?: number
}

/** One scenario's figures: latency over every delivery of the measured rounds, median send loop, server memory. */
export interface ScenarioResult {
  p50Ms: number
  p99Ms: number
  maxMs: number
  loopMs: number
  /** Server RSS after the rounds, and its peak (VmHWM), MB. */
  rssMb: number
  peakRssMb: number
  /** Server RSS once every socket is subscribed, before any broadcast. */
  idleRssMb: number
  connectS: number
  delivered: number
  missing: number
}

const child = (file: string, arg: unknown, loader = true): ChildProcess =>
  fork(file, [JSON.stringify(arg)], {
    execArgv: loader ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })

let serverBundle: Promise<string> | undefined
/**
 * The server runs bundled, without the tsx loader: the loader's worker thread alone adds tens of MB of RSS,
 * which would swamp what the sockets cost.
 */
function bundledServer(): Promise<string> {
  serverBundle ??= (async () => {
    const outfile = join(tmpdir(), `supernova-realtime-bench-server-${process.pid}.mjs`)
    await build({
      entryPoints: [join(here, 'server-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      // ws loads these optional native helpers in a try/catch; they are not installed.
      external: ['bufferutil', 'utf-8-validate'],
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'error',
    })
    process.once('exit', () => rmSync(outfile, { force: true }))
    return outfile
  })()
  return serverBundle
}

function next<T>(proc: ChildProcess, type: string, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for '${type}'`)), timeoutMs)
    const onMessage = (m: { type: string; message?: string }) => {
      if (m.type === type) done(undefined, m as T)
      else if (m.type === 'failed') done(new Error(m.message))
    }
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) waiting for '${type}'`))
    function done(err?: Error, value?: T) {
      clearTimeout(timer)
      proc.off('message', onMessage)
      proc.off('exit', onExit)
      if (err) reject(err)
      else resolve(value as T)
    }
    proc.on('message', onMessage)
    proc.on('exit', onExit)
  })
}

const memMb = (pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
  return line ? Number(line[1]) / 1024 : Number.NaN
}

const percentile = (sorted: Float64Array, q: number): number =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN)
    : Number.NaN

/** Runs `s` and always stops its children. */
export async function runScenario(s: Scenario): Promise<ScenarioResult> {
  const spec: ServerSpec = { kind: s.kind, deflateThresholdBytes: s.deflateThresholdBytes }
  const server = child(await bundledServer(), spec, false)
  const clients: ChildProcess[] = []
  try {
    const { port, ticket } = await next<{ port: number; ticket: string }>(server, 'listening', 60_000)
    const url = `ws://127.0.0.1:${port}/v1/realtime${ticket ? `?ticket=${encodeURIComponent(ticket)}` : ''}`
    const channels = Array.from({ length: s.channels }, (_, i) => `ticks:B${i}`)
    const started = performance.now()
    const per = Math.ceil(s.sockets / s.clientProcesses)
    for (let p = 0, left = s.sockets; left > 0; p++, left -= per) {
      // Each process takes a contiguous slice of the channel list so every channel gets sockets/channels subscribers.
      const count = Math.min(per, left)
      const offset = p * per
      const clientSpec: ClientsSpec = {
        url,
        count,
        channels: Array.from({ length: count }, (_, i) => channels[(offset + i) % channels.length] as string),
        deflate: s.deflate ?? false,
        concurrency: 50,
      }
      clients.push(child(join(here, 'clients-child.ts'), clientSpec))
    }
    // Opening is the slow part on a shared machine (~100 sockets/s seen here under load): allow 40 ms a socket.
    await Promise.all(clients.map((c) => next(c, 'ready', Math.max(300_000, s.sockets * 40))))
    const connectS = (performance.now() - started) / 1000
    const idleRssMb = memMb(server.pid, 'VmRSS')
    const latencies: number[] = []
    const loops: number[] = []
    let missing = 0
    const warmup = s.warmupRounds ?? 1
    for (let round = -warmup; round < s.rounds; round++) {
      const arrivals = clients.map((c) =>
        next<{ latencies: number[] }>(c, 'round', s.roundTimeoutMs ?? 60_000).then(
          (m) => m.latencies,
          () => [] as number[],
        ),
      )
      const sent = next<{ loopMs: number }>(server, 'sent')
      server.send({ type: 'broadcast', round, channels, padBytes: s.padBytes })
      const [got, { loopMs }] = await Promise.all([Promise.all(arrivals), sent])
      const flat = got.flat()
      if (round < 0) continue
      loops.push(loopMs)
      missing += s.sockets - flat.length
      for (const l of flat) latencies.push(l)
      await new Promise((r) => setTimeout(r, 50))
    }
    const sorted = Float64Array.from(latencies).sort()
    return {
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? Number.NaN,
      loopMs: median(loops),
      rssMb: memMb(server.pid, 'VmRSS'),
      peakRssMb: memMb(server.pid, 'VmHWM'),
      idleRssMb,
      connectS,
      delivered: latencies.length,
      missing,
    }
  } finally {
    for (const c of [...clients, server]) {
      if (c.exitCode !== null || c.signalCode !== null) continue
      const exited = new Promise((r) => c.once('exit', r))
      c.send({ type: 'close' }, (err) => err && c.kill('SIGKILL'))
      const timer = setTimeout(() => c.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
  }
}
