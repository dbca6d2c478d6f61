/**
 * Child process for the http benchmark: `full` serves the whole app (createDeps + createApp, embedded PGlite);
 * `bare` serves a bare Hono route that returns the same bytes the full stack returns for the benchmark URL.
 */
import { serve } from '@hono/node-server'
import { createApp } from '@supernova/api'
import { createDeps, loadConfig } from '@supernova/runtime'
import { Hono } from 'hono'

const mode = process.argv[2] ?? 'full'
const path = process.argv[3] ?? '/v1/symbols/AAPL/bars?from=2025-01-02&to=2025-03-31'
const runtime = await createDeps(loadConfig({ ...process.env, PORT: '0' }))
const full = createApp(runtime.deps)
let app: { fetch: (req: Request) => Response | Promise<Response> } = full
if (mode === 'bare') {
  const res = await full.request(path)
  const bytes = new Uint8Array(await res.arrayBuffer())
  const type = res.headers.get('content-type') ?? 'application/json'
  const bare = new Hono()
  bare.get('*', (c) => c.body(bytes, 200, { 'content-type': type }))
  app = bare
}
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`)
})
process.on('SIGTERM', () => {
  server.close()
  runtime.close().finally(() => process.exit(0))
})
