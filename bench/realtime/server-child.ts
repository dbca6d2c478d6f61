/**
 * One benchmark server in its own process (so its RSS is its own): `hub` (our RealtimeHub) or `plain` (a bare `ws`
 * server with a channel map, the README's broadcast loop). Driven over IPC by harness.ts. With `workers` > 1 the
 * hub runs as `npm start` runs it with WEB_CONCURRENCY: a node:cluster primary sharing one port with that many
 * worker processes (connections handed out round-robin), each a hub on the Redis fan-out at `redisUrl`; a broadcast
 * is published on one worker and every worker writes to its own share of the sockets.
 */
import cluster from 'node:cluster'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'
import { RealtimeHub, redisFanout, ticketSigner } from '@supernova/realtime'
import { type WebSocket, WebSocketServer } from 'ws'
import { startProfile } from './profile.ts'

export interface ServerSpec {
  kind: 'hub' | 'plain'
  /** Hub only: per-message deflate above this many bytes; off when undefined. */
  deflateThresholdBytes?: number
  /** Hub only: worker processes behind one port (node:cluster), fanned out through Redis; 1 when undefined. */
  workers?: number
  /** Redis for the fan-out between workers (needed when `workers` > 1). */
  redisUrl?: string
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
const workers = spec.kind === 'hub' ? (spec.workers ?? 1) : 1
const tickets = ticketSigner('bench-secret-bench-secret')
const ticket = spec.kind === 'hub' ? tickets.issue({ subscribe: ['*'] }, 3_600_000).ticket : ''

if (workers > 1 && cluster.isPrimary) await primary()
else await serve()

/** The cluster's primary: forks the workers, forwards broadcasts to the first, reports the slowest worker's loop. */
async function primary(): Promise<void> {
  const forked = Array.from({ length: workers }, () => cluster.fork())
  const ports = await Promise.all(
    forked.map(
      (w) =>
        new Promise<number>((resolve) =>
          w.on('message', function listening(m: { type: string; port: number }) {
            if (m.type !== 'listening') return
            w.off('message', listening)
            resolve(m.port)
          }),
        ),
    ),
  )
  // Every worker reports each message's publish-to-last-write time; the round's loop is the slowest of them.
  let round = Number.NaN
  let left = 0
  let loopMs = 0
  for (const w of forked)
    w.on('message', (m: { type: string; latencyMs: number }) => {
      if (m.type !== 'delivery') return
      loopMs = Math.max(loopMs, m.latencyMs)
      if (--left === 0) send({ type: 'sent', round, loopMs })
    })
  process.on('message', async (m: BroadcastCommand | { type: 'close' }) => {
    if (m.type === 'close') {
      await Promise.all(
        forked.map((w) => {
          const exited = new Promise((r) => w.once('exit', r))
          w.send(m)
          return exited
        }),
      )
      process.exit(0)
    }
    round = m.round
    left = m.channels.length * workers
    loopMs = 0
    // Only the first worker publishes; the fan-out brings the messages to every worker, itself included.
    forked[0]?.send(m)
  })
  send({
    type: 'listening',
    port: ports[0],
    ticket,
    pids: [process.pid, ...forked.map((w) => w.process.pid)],
  })
}

/** One server: the whole bench server, or one cluster worker. */
async function serve(): Promise<void> {
  const server = createServer((_req, res) => res.writeHead(404).end())
  server.keepAliveTimeout = 0
  let broadcast: (channels: string[], data: (channel: string) => unknown) => Promise<void>
  let closeAll: () => Promise<void>

  if (spec.kind === 'hub') {
    const fanout = workers > 1 ? redisFanout({ url: spec.redisUrl ?? '' }) : undefined
    const hub = new RealtimeHub({ tickets, deflateThresholdBytes: spec.deflateThresholdBytes, fanout })
    await hub.ready()
    // Publish (on the first worker) to the end of this worker's send loop, ms: the cluster row's loop time.
    if (workers > 1) hub.onDelivery = (latencyMs) => send({ type: 'delivery', latencyMs })
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
    if (workers === 1) send({ type: 'sent', round: m.round, loopMs: performance.now() - started })
  })

  server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    send({ type: 'listening', port, ticket, pids: [process.pid] })
  })
}
