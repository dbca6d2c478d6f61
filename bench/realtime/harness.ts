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
import { startRedis } from '@supernova/testing'
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
  /** The former, heavier clients (see ClientsSpec.former), for before/after figures. */
  formerClients?: boolean
  /** Clients offer per-message deflate. */
  deflate?: boolean
  /** Longest wait for one round's deliveries. */
  roundTimeoutMs?: number
  /** Writes V8 CPU profiles of the server and every client process, over the measured rounds only, here. */
  profileDir?: string
}

/** One scenario's figures: latency over every delivery of the measured rounds, median send loop, server memory. */
export interface ScenarioResult {
  p50Ms: number
  p99Ms: number
  maxMs: number
  loopMs: number
  /** Server RSS after the rounds, and its peak (VmHWM), MB (summed over a cluster's processes). */
  rssMb: number
  peakRssMb: number
  /** Server RSS once every socket is subscribed, before any broadcast. */
  idleRssMb: number
  connectS: number
  /**
   * CPU time (user + system, from /proc) per measured round: the server's, and all client processes' together.
   * On a machine with few cores the clients' share bounds how soon any server's deliveries can be observed.
   */
  serverCpuMs: number
  clientsCpuMs: number
  /**
   * The busiest server process's CPU per measured round (a cluster's workers run in parallel where there are free
   * cores, so this, not the sum, bounds its send loop on such a machine); the same as serverCpuMs for one process.
   */
  busiestCpuMs: number
  delivered: number
  missing: number
  /** Each measured round's p99, ms. */
  roundP99s: number[]
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

const memMb = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
  return line ? Number(line[1]) / 1024 : Number.NaN
}

const TICK_MS = 10 // USER_HZ is 100 on Linux
/** utime + stime of a process so far, ms (fields 14 and 15 of /proc/PID/stat, after the parenthesised name). */
const cpuMs = (pid: number | undefined): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

const percentile = (sorted: Float64Array, q: number): number =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN)
    : Number.NaN

interface Opened {
  /** One broadcast round: every socket's latency (ms), the server's loop, CPU deltas over the round. */
  round(round: number): Promise<{ latencies: number[]; loopMs: number; cpu: number[]; clientsCpu: number }>
  connectS: number
  idleRssMb: number
  serverMb(field: 'VmRSS' | 'VmHWM'): number
  stop(): Promise<void>
}

/** Starts the server and client processes of `s` and subscribes every socket; stop() always ends them. */
async function openScenario(s: Scenario): Promise<Opened> {
  // A cluster's workers share messages through a throwaway redis-server, as self-hosted instances do.
  const redis = (s.workers ?? 1) > 1 ? await startRedis() : undefined
  const spec: ServerSpec = {
    kind: s.kind,
    deflateThresholdBytes: s.deflateThresholdBytes,
    workers: s.workers,
    redisUrl: redis?.url,
    profileDir: s.profileDir,
  }
  const server = child(await bundledServer(), spec, false)
  const clients: ChildProcess[] = []
  const stop = async () => {
    for (const c of [...clients, server]) {
      if (c.exitCode !== null || c.signalCode !== null) continue
      const exited = new Promise((r) => c.once('exit', r))
      c.send({ type: 'close' }, (err) => err && c.kill('SIGKILL'))
      const timer = setTimeout(() => c.kill('SIGKILL'), s.profileDir ? 60_000 : 5_000)
      await exited
      clearTimeout(timer)
    }
    await redis?.stop()
  }
  try {
    const { port, ticket, pids } = await next<{ port: number; ticket: string; pids: number[] }>(
      server,
      'listening',
      60_000,
    )
    const serverMb = (field: 'VmRSS' | 'VmHWM') => pids.reduce((sum, pid) => sum + memMb(pid, field), 0)
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
        former: s.formerClients,
        profileDir: s.profileDir,
      }
      clients.push(child(join(here, 'clients-child.ts'), clientSpec))
    }
    // Opening is the slow part on a shared machine (~100 sockets/s seen here under load): allow 40 ms a socket.
    await Promise.all(clients.map((c) => next(c, 'ready', Math.max(300_000, s.sockets * 40))))
    const connectS = (performance.now() - started) / 1000
    const clientsCpu = () => clients.reduce((sum, c) => sum + cpuMs(c.pid), 0)
    const round = async (round: number) => {
      const before = { server: pids.map(cpuMs), clients: clientsCpu() }
      const arrivals = clients.map((c) =>
        next<{ latencies: number[] }>(c, 'round', s.roundTimeoutMs ?? 60_000).then(
          (m) => m.latencies,
          () => [] as number[],
        ),
      )
      const sent = next<{ loopMs: number }>(server, 'sent')
      server.send({ type: 'broadcast', round, channels, padBytes: s.padBytes })
      const [got, { loopMs }] = await Promise.all([Promise.all(arrivals), sent])
      return {
        latencies: got.flat(),
        loopMs,
        cpu: pids.map((pid, i) => cpuMs(pid) - (before.server[i] ?? 0)),
        clientsCpu: clientsCpu() - before.clients,
      }
    }
    return { round, connectS, idleRssMb: serverMb('VmRSS'), serverMb, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/** Collects measured rounds into a ScenarioResult. */
class Tally {
  private readonly latencies: number[] = []
  private readonly loops: number[] = []
  private readonly cpu: number[] = []
  private clientsCpu = 0
  private rounds = 0
  missing = 0
  /** Each measured round's p99, ms (the bench pairs them with another server's adjacent round). */
  readonly roundP99s: number[] = []

  constructor(private readonly sockets: number) {}

  add(r: Awaited<ReturnType<Opened['round']>>): void {
    this.rounds++
    this.loops.push(r.loopMs)
    this.missing += this.sockets - r.latencies.length
    for (const l of r.latencies) this.latencies.push(l)
    r.cpu.forEach((ms, i) => {
      this.cpu[i] = (this.cpu[i] ?? 0) + ms
    })
    this.clientsCpu += r.clientsCpu
    this.roundP99s.push(percentile(Float64Array.from(r.latencies).sort(), 0.99))
  }

  result(o: Opened): ScenarioResult {
    const sorted = Float64Array.from(this.latencies).sort()
    const n = this.rounds || 1
    return {
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? Number.NaN,
      loopMs: median(this.loops),
      rssMb: o.serverMb('VmRSS'),
      peakRssMb: o.serverMb('VmHWM'),
      idleRssMb: o.idleRssMb,
      connectS: o.connectS,
      serverCpuMs: this.cpu.reduce((a, b) => a + b, 0) / n,
      clientsCpuMs: this.clientsCpu / n,
      busiestCpuMs: Math.max(...this.cpu) / n,
      delivered: this.latencies.length,
      missing: this.missing,
      roundP99s: this.roundP99s,
    }
  }
}

/** Runs `s` and always stops its children. */
export async function runScenario(s: Scenario): Promise<ScenarioResult> {
  const o = await openScenario(s)
  try {
    const tally = new Tally(s.sockets)
    for (let round = -(s.warmupRounds ?? 1); round < s.rounds; round++) {
      const r = await o.round(round)
      if (round >= 0) tally.add(r)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return tally.result(o)
  } finally {
    await o.stop()
  }
}

/**
 * Runs several scenarios at once, each with its own server and clients, taking rounds in turn (the order rotating
 * each round), so that a shared machine's changing load falls on all of them alike; an idle server's sockets cost
 * nothing while another's round runs. Every scenario's own `rounds` and `warmupRounds` are ignored for `rounds`.
 */
export async function runInterleaved(
  variants: Record<string, Scenario>,
  rounds: number,
  warmupRounds = 1,
): Promise<Record<string, ScenarioResult>> {
  const keys = Object.keys(variants)
  const opened: Record<string, Opened> = {}
  try {
    // Opened one after another: connecting is what the machine spends most on.
    for (const k of keys) opened[k] = await openScenario(variants[k] as Scenario)
    const tallies = Object.fromEntries(keys.map((k) => [k, new Tally(variants[k]?.sockets ?? 0)]))
    for (let round = -warmupRounds; round < rounds; round++) {
      const shift = ((round % keys.length) + keys.length) % keys.length
      for (const k of [...keys.slice(shift), ...keys.slice(0, shift)]) {
        const r = await (opened[k] as Opened).round(round)
        if (round >= 0) tallies[k]?.add(r)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    return Object.fromEntries(keys.map((k) => [k, (tallies[k] as Tally).result(opened[k] as Opened)]))
  } finally {
    for (const o of Object.values(opened)) await o.stop()
  }
}
