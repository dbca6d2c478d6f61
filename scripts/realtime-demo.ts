/**
 * `npx tsx scripts/realtime-demo.ts [SECONDS]`: starts the embedded server (sample data, tick simulator on AAPL),
 * then, as a client would: creates a price alert just above AAPL's last close, enqueues an optimisation task, asks
 * for one ticket covering ticks:AAPL, alerts:local and tasks:{id}, and prints every frame a ws subscriber receives
 * with its arrival time, until the alert has fired and the task has finished (or SECONDS pass).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
const taskChannel = `tasks:${task.id}`
const { ticket } = await api('/v1/realtime/token', { channels: ['ticks:AAPL', 'alerts:local', taskChannel] })
console.log(
  `# ${server.url}; AAPL last close ${last}; alert ${rule.id} fires above ${level}; task ${task.id}`,
)

const t0 = Date.now()
const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/realtime?ticket=${ticket}`)
let fired = false
let finished = false
const done = new Promise<void>((resolve) => {
  ws.on('message', (raw) => {
    const at = new Date().toISOString()
    const f = JSON.parse(String(raw)) as {
      type: string
      channel?: string
      name?: string
      data?: { status?: string }
    }
    console.log(`${at} +${String(Date.now() - t0).padStart(5)}ms ${String(raw)}`)
    if (f.name === 'alert') fired = true
    if (f.channel === taskChannel && f.name === 'status' && f.data?.status !== 'running') finished = true
    if (fired && finished) resolve()
  })
  setTimeout(resolve, limitMs).unref()
})
ws.on('open', () => {
  for (const channel of [taskChannel, 'alerts:local', 'ticks:AAPL'])
    ws.send(
      JSON.stringify({ type: 'subscribe', channel, ...(channel === taskChannel ? { fromSerial: 0 } : {}) }),
    )
})
await done
ws.close()
await server.shutdown(1000)
if (!process.env.SUPERNOVA_DATA_DIR) rmSync(dir, { recursive: true, force: true })
process.exit(fired && finished ? 0 : 1)
