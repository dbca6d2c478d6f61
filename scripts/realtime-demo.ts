/**
 * `npx tsx scripts/realtime-demo.ts [SECONDS]`: starts the embedded server (sample data, tick simulator on AAPL),
 * then, as a client would: creates a price alert just above AAPL's last close, enqueues an optimisation task, and
 * subscribes with @supernova/client's hub transport to ticks:AAPL, tasks:{id} and alerts:local, printing every
 * message as received (arrival time, channel, serial, publish delay, data) until the alert has fired and the task
 * has finished (or SECONDS pass). This is the recording issue 14 asks for: `... > recording.txt`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ChannelName,
  connectRealtime,
  type RealtimeMessage,
  type WebSocketConstructor,
} from '@supernova/client'
import { loadConfig } from '@supernova/runtime'
import { startServer } from '@supernova/server'
import { WebSocket } from 'ws'

const limitMs = Number(process.argv[2] ?? 60) * 1000
const dir = process.env.SUPERNOVA_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'supernova-demo-'))
const server = await startServer(
  loadConfig({
    PORT: '0',
    SUPERNOVA_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    TICKS_PER_SECOND: process.env.TICKS_PER_SECOND ?? '4',
    TICKS_SYMBOLS: 'AAPL',
    TASK_POLL_MS: '50',
  }),
)
const api = async (path: string, body?: unknown) => {
  const r = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await r.json()) as Record<string, unknown>
}
const bars = (await api('/v1/symbols/AAPL/bars?from=2024-01-01&limit=10000')) as {
  data?: { close: number }[]
}
const last = bars.data?.at(-1)?.close ?? 100
const level = Math.round(last * 1.002 * 100) / 100
const rule = await api('/v1/alerts', {
  name: 'demo',
  symbol: 'AAPL',
  condition: { kind: 'price', op: 'above', level },
  hysteresis: 0.05,
})
const task = await api('/v1/tasks', {
  type: 'optimization',
  payload: {
    symbol: 'AAPL',
    strategy: 'sma_cross',
    objective: 'sharpe',
    method: 'grid',
    space: { period: { min: 5, max: 250, step: 1 } },
  },
})
const taskChannel = `tasks:${task.id}` as const
console.log(
  `# ${server.url}; AAPL last close ${last}; alert ${rule.id} fires above ${level}; task ${task.id}`,
)
console.log('# arrival time, +ms since subscribing, channel #serial name, publish delay (arrival - ts), data')

// The client a web or mobile app uses, on the hub transport (tickets from POST /v1/realtime/token, resume, backoff).
const t0 = Date.now()
const client = connectRealtime({
  baseUrl: server.url,
  transport: 'hub',
  WebSocket: WebSocket as unknown as WebSocketConstructor,
})
let fired = false
let finished = false
const done = new Promise<void>((resolve) => {
  const print = (m: RealtimeMessage<ChannelName>) => {
    const now = Date.now()
    console.log(
      `${new Date(now).toISOString()} +${String(now - t0).padStart(5)}ms ${m.channel} #${m.serial} ${m.name} ` +
        `(+${now - m.ts} ms) ${JSON.stringify(m.data)}`,
    )
    if (fired && finished) resolve()
  }
  client.on('state', (s) =>
    console.log(`${new Date().toISOString()} state ${s.state}${s.transport ? ` (${s.transport})` : ''}`),
  )
  client.on('error', (e) => console.log(`${new Date().toISOString()} error ${e.code}: ${e.message}`))
  client.subscribe('ticks:AAPL', print)
  // The task and the alert may already have published before the socket opens: rewind replays the hub's ring.
  client.subscribe(
    taskChannel,
    (m) => {
      if (m.name === 'status' && m.data.status !== 'running') finished = true
      print(m)
    },
    { rewind: true },
  )
  client.subscribe(
    'alerts:local',
    (m) => {
      fired = true
      print(m)
    },
    { rewind: true },
  )
  setTimeout(resolve, limitMs).unref()
})
await done
client.close()
await server.shutdown(1000)
if (!process.env.SUPERNOVA_DATA_DIR) rmSync(dir, { recursive: true, force: true })
process.exit(fired && finished ? 0 : 1)
