import cluster, { type Worker } from 'node:cluster'
import { randomBytes } from 'node:crypto'
import type { Config } from '@supernova/runtime'
import { stopSignals } from './stop-signals.ts'

export interface ClusterOptions {
  /** Called once every worker is listening, with the shared URL and the workers' PIDs. */
  onListening?: (url: string, pids: number[]) => void
  /** Restart a worker that died after it had listened (not while stopping); default true. */
  restart?: boolean
}

/** What the primary sends a worker to make it drain and exit (the primary alone handles signals). */
export const SHUTDOWN_MESSAGE = 'supernova:shutdown'

/**
 * The primary of a WEB_CONCURRENCY > 1 start: forks that many server processes sharing one port (node:cluster; Node
 * 20 has no reusePort, so the primary accepts and hands connections round-robin to the workers) and serves nothing
 * itself. The first worker starts alone, so migrations and the sample-data seed run once; the others follow once it
 * listens. Secrets left unset would be random per process (a realtime ticket minted by one worker refused by the
 * other), so the primary draws them once for all workers. The tick simulator runs in the first worker only.
 * On SIGTERM/SIGINT the primary tells each worker to drain as a single process does (workers ignore signals
 * themselves, so a Ctrl-C reaching the whole process group is one shutdown, not two) and exits when they have.
 */
export function runPrimary(config: Config, options: ClusterOptions = {}): void {
  const shared: Record<string, string> = {}
  if (!config.CURSOR_SECRET) shared.CURSOR_SECRET = randomBytes(32).toString('hex')
  if (!config.REALTIME_TICKET_SECRET) shared.REALTIME_TICKET_SECRET = randomBytes(32).toString('hex')
  const slots: (Worker | undefined)[] = new Array(config.WEB_CONCURRENCY).fill(undefined)
  const listened = new Set<Worker>()
  let stopping = false
  let ready = false

  const fork = (slot: number): Worker => {
    const w = cluster.fork({ ...shared, ...(slot > 0 ? { TICKS_PER_SECOND: '0' } : {}) })
    slots[slot] = w
    w.once('listening', (address) => {
      listened.add(w)
      if (!ready && slot === 0) for (let i = 1; i < slots.length; i++) fork(i)
      if (!ready && listened.size === slots.length) {
        ready = true
        const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST
        const url = `http://${host}:${address.port}`
        const pids = slots.map((s) => s!.process.pid!)
        if (options.onListening) options.onListening(url, pids)
        else
          console.log(`SuperNova listening on ${url} (${pids.length} worker processes: ${pids.join(', ')})`)
      }
    })
    w.once('exit', (code, signal) => {
      if (slots[slot] === w) slots[slot] = undefined
      if (stopping) {
        if (slots.every((s) => !s)) process.exit(exitCode)
        return
      }
      // A worker that never listened failed to start (bad database URL, port taken): so would its replacement.
      if (!listened.has(w) || options.restart === false) {
        console.error(
          `worker ${w.process.pid} exited (${signal ?? code}) before serving; stopping the cluster`,
        )
        stop(1)
        return
      }
      console.error(`worker ${w.process.pid} exited (${signal ?? code}); starting a replacement`)
      fork(slot)
    })
    return w
  }

  let exitCode = 0
  const stopKind = stopSignals()
  const stop = (code = 0, signal?: NodeJS.Signals) => {
    if (signal && stopKind(signal) === 'copy') return // npm's relay of a Ctrl-C the group already got
    if (stopping) {
      // a second signal: the operator does not want to wait for the drains
      for (const w of slots) w?.process.kill('SIGKILL')
      process.exit(1)
    }
    stopping = true
    exitCode = code
    const alive = slots.filter((w): w is Worker => Boolean(w))
    if (alive.length === 0) process.exit(exitCode)
    // a worker still starting has no drain to do yet (and no message handler): a plain SIGTERM ends it
    for (const w of alive) listened.has(w) ? w.send(SHUTDOWN_MESSAGE) : w.process.kill('SIGTERM')
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(0, signal))
  fork(0)
}

/** True in a process that should serve (a single-process start, or a worker of the cluster). */
export function servesRequests(config: Config): boolean {
  return config.WEB_CONCURRENCY <= 1 || cluster.isWorker
}

/**
 * Calls `shutdown` once when this process should drain: on SIGTERM/SIGINT in a single-process start, on the
 * primary's message in a cluster worker (where signals are the primary's). A second signal exits at once.
 */
export function onShutdownRequest(shutdown: (signal: NodeJS.Signals) => void): void {
  if (cluster.isWorker) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {})
    process.on('message', (m) => {
      if (m === SHUTDOWN_MESSAGE) shutdown('SIGTERM')
    })
    return
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(signal))
}

/** True in a cluster worker: the primary prints the one banner for all of them. */
export const isClusterWorker = (): boolean => cluster.isWorker
