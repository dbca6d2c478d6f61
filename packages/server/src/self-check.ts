import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'

/** What the self-check saw: the status of its `/health` (undefined when it got none) and how long it took. */
export interface SelfCheck {
  status: number | undefined
  ms: number
}

/**
 * Before the server listens, it answers one `GET /health` over HTTP on a private loopback port (a second Node
 * server on the same app, closed after the answer). The warm-up's shadow requests go through `app.request`, so
 * Node's HTTP server, the adapter that turns its requests into Fetch requests and writes the responses back, and
 * the app's middleware on the real deps were still compiled by the first real request: on a restart it took 9-11
 * ms against 6-7 after one such request (the first advice; 3 ms warm). A private port rather than the public one:
 * in a cluster the public port's connections go to any worker. Never rejects, and gives up after `timeoutMs`.
 */
export async function selfCheck(fetch: (req: Request) => Response | Promise<Response>, timeoutMs = 2_000) {
  const t0 = performance.now()
  const server = serve({ fetch, hostname: '127.0.0.1', port: 0 })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    const { port } = server.address() as AddressInfo
    const status = await new Promise<number | undefined>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/health', timeout: timeoutMs, agent: false },
        (res) => {
          res.resume()
          res.once('end', () => resolve(res.statusCode))
          res.once('error', () => resolve(undefined))
        },
      )
      req.once('timeout', () => req.destroy())
      req.once('error', () => resolve(undefined))
      req.end()
    })
    return { status, ms: performance.now() - t0 } satisfies SelfCheck
  } catch {
    return { status: undefined, ms: performance.now() - t0 } satisfies SelfCheck
  } finally {
    server.close()
  }
}
