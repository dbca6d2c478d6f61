/**
 * One benchmark server in its own process (so its RSS is its own): `hub` (our RealtimeHub) or `plain` (a bare `ws`
 * server with a channel map, the README's broadcast loop). Driven over IPC by harness.ts.
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'
import { RealtimeHub, ticketSigner } from '@supernova/realtime'
import { type WebSocket, WebSocketServer } from 'ws'
import { startProfile } from './profile.ts'

export interface ServerSpec {
  kind: 'hub' | 'plain'
  /** Hub only: per-message deflate above this many bytes; off when undefined. */
  deflateThresholdBytes?: number
  /** Profile from the first measured round to the close command, written here. */
  profileDir?: string
}

/** Parent -> server: broadcast one message on each channel with a `pad`-byte filler and the send time. */
export interface BroadcastCommand {
  type: 'broadcast'
  round: number
  channels: string[]
  padBytes: number
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ServerSpec
const now = () => performance.timeOrigin + performance.now()
const send = (m: unknown) => process.send?.(m)

const server = createServer((_req, res) => res.writeHead(404).end())
server.keepAliveTimeout = 0
let broadcast: (channels: string[], data: (channel: string) => unknown) => Promise<void>
let ticket = ''
let closeAll: () => Promise<void>

if (spec.kind === 'hub') {
  const tickets = ticketSigner('bench-secret-bench-secret')
  ticket = tickets.issue({ subscribe: ['*'] }, 3_600_000).ticket
  const hub = new RealtimeHub({ tickets, deflateThresholdBytes: spec.deflateThresholdBytes })
  server.on('upgrade', hub.handleUpgrade)
  broadcast = (channels, data) =>
    hub.publish(channels.map((channel) => ({ channel, name: 'tick', data: data(channel) })))
  closeAll = () => hub.close(100)
} else {
  const wss = new WebSocketServer({ server, perMessageDeflate: false })
  const subscribers = new Map<string, Set<WebSocket>>()
  let serial = 0
  wss.on('connection', (ws) => {
    const mine = new Set<string>()
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { type: string; channel: string }
      if (frame.type !== 'subscribe') return
      const set = subscribers.get(frame.channel) ?? new Set()
      subscribers.set(frame.channel, set)
      set.add(ws)
      mine.add(frame.channel)
      ws.send(JSON.stringify({ type: 'subscribed', channel: frame.channel, serial: 0 }))
    })
    ws.on('close', () => {
      for (const c of mine) subscribers.get(c)?.delete(ws)
    })
  })
  // The same envelope as the hub's frames, encoded once per message, sent to each subscriber (ws's README loop).
  broadcast = async (channels, data) => {
    const ts = Date.now()
    for (const channel of channels) {
      // A UUID like the hub's ids, so both servers put the same number of bytes on the wire.
      const id = randomUUID()
      serial++
      const payload = Buffer.from(
        JSON.stringify({ type: 'message', channel, serial, id, name: 'tick', data: data(channel), ts }),
      )
      for (const ws of subscribers.get(channel) ?? [])
        if (ws.readyState === ws.OPEN) ws.send(payload, { binary: false })
    }
  }
  closeAll = async () => {
    for (const ws of wss.clients) ws.terminate()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  }
}

let stopProfile: (() => Promise<void>) | undefined
process.on('message', async (m: BroadcastCommand | { type: 'close' }) => {
  if (m.type === 'close') {
    await stopProfile?.()
    await closeAll()
    server.close()
    process.exit(0)
  }
  if (m.round === 0 && spec.profileDir)
    stopProfile = await startProfile(spec.profileDir, `server-${spec.kind}`)
  const pad = 'x'.repeat(m.padBytes)
  // One send time per round, taken before any encoding, so both servers' latencies start at the same point.
  const data = { round: m.round, sent: now(), pad }
  const started = performance.now()
  await broadcast(m.channels, () => data)
  send({ type: 'sent', round: m.round, loopMs: performance.now() - started })
})

server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const address = server.address()
  send({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0, ticket })
})
