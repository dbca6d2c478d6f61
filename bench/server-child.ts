/** The real server (`npm start`'s command or another entry) as a child process on 127.0.0.1, for benchmarks. */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type StartCommand, startCommand } from '@supernova/testing'
import autocannon from 'autocannon'
import { round } from './lib.ts'

const root = join(import.meta.dirname, '..')

/** What `npm start` runs (package.json's start script): node's flags, the bundling script, its environment. */
export const NPM_START: StartCommand = startCommand(root)

/** VmRSS and VmHWM of a process in MB. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? Number.NaN)
  return { rss: round(kb('VmRSS') / 1024, 1), hwm: round(kb('VmHWM') / 1024, 1) }
}

/** CPU time (user + system) of a process so far, ms, from /proc/<pid>/stat (all its threads). */
export function cpuMsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100
}

export interface ServerChild {
  url: string
  pid: number
  /** VmHWM when the server said it was listening. */
  readyPeak: number
  stop(): Promise<void>
}

/** Starts the server with `command` (e.g. NPM_START) and `env` on top of production defaults. */
export async function startServer(
  command: { args: string[]; env?: Record<string, string> },
  env: Record<string, string>,
): Promise<ServerChild> {
  const child: ChildProcess = spawn(process.execPath, command.args, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...command.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)))
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
  })
  const pid = child.pid!
  return {
    url,
    pid,
    readyPeak: memoryOf(pid).hwm,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** A request of a mix: path, and for a POST its method, headers and body. */
export interface MixRequest {
  path: string
  method?: 'POST'
  headers?: Record<string, string>
  body?: string
}

/** Drives `url` with autocannon for `seconds` on `connections`, each request the mix's next (n = 0, 1, ...). */
export function driveMix(
  url: string,
  next: (n: number) => MixRequest,
  options: { connections: number; seconds: number },
): Promise<autocannon.Result> {
  let n = 0
  return autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests: [{ setupRequest: (req) => ({ ...req, ...next(n++) }) }],
  })
}
