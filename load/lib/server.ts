/** Starting and stopping the embedded server for load runs, on a fresh copy of a seeded data folder. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { startCommand } from '@supernova/testing'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface RunningServer {
  url: string
  child: ChildProcess
}

/**
 * `taskset -c CPUS` in front of a command when pinning is asked for and taskset exists: with the server on one
 * core and Artillery on the other, the figures describe the server rather than the pair fighting for both cores.
 */
export function pinned(cpus: string | undefined, argv: string[]): string[] {
  if (!cpus) return argv
  if (spawnSync('taskset', ['--version']).error)
    throw new Error('--pin needs taskset (Debian package util-linux).')
  return ['taskset', '-c', cpus, ...argv]
}

/**
 * Starts `npm start`'s command (its node flags and memory settings) on PORT=0 with the data folder; resolves with its
 * URL once it prints the banner.
 */
export async function startServer(
  dataDir: string,
  opts: { cpus?: string; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const start = startCommand(root)
  const [cmd, ...args] = pinned(opts.cpus, [process.execPath, ...start.args])
  const child = spawn(cmd!, args, {
    cwd: root,
    env: {
      ...process.env,
      ...start.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SUPERNOVA_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
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

/** SIGTERM to the server we started (by its PID) and wait for it to exit. */
export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** A data folder with the sample market data already loaded, copied fresh for every run. */
export async function seededDataDir(): Promise<string> {
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
