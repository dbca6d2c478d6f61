import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { AppEnv } from '@supernova/api'
import { createApp } from '@supernova/api'
import { type Config, createDeps, type Runtime } from '@supernova/runtime'
import type { Hono } from 'hono'

export interface RunningServer {
  url: string
  runtime: Runtime
  app: Hono<AppEnv>
  /** Stops accepting, lets in-flight requests finish (up to `drainMs`), then closes the database. */
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
  const app = createApp(runtime.deps)
  options.extend?.(app)
  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT })
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
    shutdown(drainMs = 10_000) {
      closing ??= (async () => {
        const http = server as unknown as {
          close(cb: (err?: Error) => void): void
          closeIdleConnections?(): void
          closeAllConnections?(): void
        }
        // Sockets first, with 1012 (service restart), so realtime clients reconnect elsewhere while requests drain.
        const hubClosed = hub?.close()
        const closed = new Promise<void>((resolve) => http.close(() => resolve()))
        // Keep-alive sockets with no request in flight would hold close() open; requests in flight finish.
        http.closeIdleConnections?.()
        const idleSweep = setInterval(() => http.closeIdleConnections?.(), 100)
        const timer = setTimeout(() => http.closeAllConnections?.(), drainMs)
        await hubClosed
        await closed
        clearInterval(idleSweep)
        clearTimeout(timer)
        await runtime.close()
      })()
      return closing
    },
  }
}
