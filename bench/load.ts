/** Shared by HTTP benchmarks: start a server child process, drive it with autocannon from this process. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'

export interface ServerChild {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/**
 * Spawns `tsx SCRIPT ...args` (behind `wrapper`, such as `taskset -c 0`, when given); the child prints
 * `{"port":N}` on its first stdout line when it listens.
 */
export async function startChild(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  wrapper: string[] = [],
): Promise<ServerChild> {
  const argv = [...wrapper, process.execPath, '--import', 'tsx', script, ...args]
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const rl = createInterface({ input: child.stdout! })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)))
    rl.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  bytesPerReq: number
}

/** A bounded autocannon run (loopback only). */
export async function load(
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const r = await autocannon({
    url,
    connections: options.connections ?? 32,
    duration: options.seconds ?? 5,
    headers: options.headers,
  })
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    bytesPerReq: r.throughput.total / Math.max(1, r.requests.total),
  }
}
