import { setMaxListeners } from 'node:events'
import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { AppEnv } from '@supernova/api'
import { createApp } from '@supernova/api'
import { type Config, createDeps, preloadHistories, type Runtime, warmUp } from '@supernova/runtime'
import type { Hono } from 'hono'
import { connectionDrainer } from './drain.ts'
import { selfCheck } from './self-check.ts'

export interface RunningServer {
  url: string
  runtime: Runtime
  app: Hono<AppEnv>
  /**
   * Stops accepting, ends open streams with a `shutdown` event, closes realtime sockets with 1012, lets
   * in-flight requests finish (up to `drainMs`, default SHUTDOWN_DRAIN_MS), then drains the task runner (running
   * tasks past TASK_DRAIN_MS go back to the queue) and closes the cache, Redis and the database.
   */
  shutdown(drainMs?: number): Promise<void>
}

/** Builds the deps, the app and the HTTP server for the Node shape. */
export async function startServer(
  config: Config,
  options: {
    extend?: (app: Hono<AppEnv>) => void
    onSeedProgress?: (done: number, total: number) => void
  } = {},
): Promise<RunningServer> {
  const runtime = await createDeps(config, { onSeedProgress: options.onSeedProgress, requireAuth: true })
  // aborted when draining starts: open NDJSON/SSE streams end with a `shutdown` event instead of being cut
  const draining = new AbortController()
  setMaxListeners(0, draining.signal) // one listener per open stream
  runtime.deps.draining = draining.signal
  const app = createApp(runtime.deps)
  options.extend?.(app)
  const warm = config.WARMUP ?? config.NODE_ENV !== 'test'
  if (warm) await warmUpBeforeListening(runtime)
  await preloadBeforeListening(runtime)
  if (warm) await selfCheckBeforeListening(runtime, app)
  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT })
  const drainer = connectionDrainer(server as unknown as HttpServer)
  // The realtime hub shares the API's port: WebSocket upgrades on /v1/realtime go to it.
  const hub = runtime.deps.realtime?.hub
  if (hub) server.on('upgrade', hub.handleUpgrade)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
  } catch (e) {
    await runtime.close()
    const err = e as NodeJS.ErrnoException
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES')
      throw new Error(
        `Cannot listen on ${config.HOST}:${config.PORT} (${err.code === 'EADDRINUSE' ? 'already in use' : 'permission denied'}); set PORT to another port (PORT=0 picks a free one).`,
        { cause: e },
      )
    throw e
  }
  const { port } = server.address() as AddressInfo
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST
  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${port}`,
    runtime,
    app,
    shutdown(drainMs = config.SHUTDOWN_DRAIN_MS) {
      closing ??= (async () => {
        draining.abort()
        // Sockets first, with 1012 (service restart), so realtime clients reconnect elsewhere while requests drain.
        const hubClosed = hub?.close()
        await drainer.drain(drainMs, () =>
          runtime.deps.logger.info({ drainMs }, 'stopped accepting connections; draining'),
        )
        await hubClosed
        await runtime.close()
      })()
      return closing
    },
  }
}

/**
 * The first request after a start should pay for its data, not for compiling the analytics code (WARMUP; see
 * warmUp). A failed warm-up is logged, never fatal: it only costs the first request time.
 */
async function warmUpBeforeListening(runtime: Runtime): Promise<void> {
  const { logger, monitor } = runtime.deps
  try {
    const r = await warmUp(runtime.deps)
    monitor.registry
      .gauge({ name: 'startup_warmup_seconds', help: 'Time the start-up warm-up took (WARMUP)' })
      .set({}, r.ms / 1000)
    logger.info(
      {
        warmupMs: Math.round(r.ms),
        requests: r.requests,
        l3Hits: r.l3Hits,
        l1Hits: r.l1Hits,
        enginesMs: Math.round(r.enginesMs),
        settleRounds: r.settleRounds,
        settleMs: Math.round(r.settleMs),
        vacuumMs: Math.round(r.vacuumMs),
      },
      'warm-up done',
    )
  } catch (err) {
    logger.warn({ err }, 'warm-up failed; the first requests will compile what it would have')
  }
}

/** See selfCheck: logged and timed (`startup_self_check_seconds`); a failure only costs the first request time. */
async function selfCheckBeforeListening(runtime: Runtime, app: Hono<AppEnv>): Promise<void> {
  const { logger, monitor } = runtime.deps
  const r = await selfCheck(app.fetch)
  monitor.registry
    .gauge({ name: 'startup_self_check_seconds', help: 'Time the start-up self-check (GET /health) took' })
    .set({}, r.ms / 1000)
  if (r.status === 200) logger.info({ ms: Math.round(r.ms) }, 'self-check answered')
  else
    logger.warn(
      { status: r.status ?? null },
      'self-check got no 200; the first request compiles the HTTP path',
    )
}

/**
 * The histories users read last before this start, from L2/L3 in a few ms each, so that their first requests read
 * L1: started once the warm-up has let go of the database (its transaction would hold up the preload's reads).
 */
async function preloadBeforeListening(runtime: Runtime): Promise<void> {
  const preloaded = preloadHistories(runtime)
  if (!preloaded) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([preloaded, new Promise((r) => (timer = setTimeout(r, PRELOAD_WAIT_MS)))])
  clearTimeout(timer)
}

/**
 * Longest the server waits for the history preload before it listens: restarts read L2/L3 (20 histories in about
 * 0.1 s); a first start reads the bars table, and what is not loaded by then goes on in the background.
 */
export const PRELOAD_WAIT_MS = 2_000
