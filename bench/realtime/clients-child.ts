/**
 * A batch of benchmark subscribers in one process (the descriptor limit is per process): opens `count` sockets,
 * subscribes socket i to `channels[i % channels.length]`, then reports each round's receive latencies
 * (receive time minus the `sent` time in the payload, both wall-clock ms with sub-ms resolution). Bare TCP
 * subscribers (raw-subscriber.ts) unless deflate is offered or the former clients are asked for.
 */
import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { startProfile } from './profile.ts'
import { rawSubscriber } from './raw-subscriber.ts'

export interface ClientsSpec {
  url: string
  count: number
  channels: string[]
  /** Offer per-message deflate (the server decides whether to use it). */
  deflate: boolean
  /** Sockets opening at once. */
  concurrency: number
  /**
   * The former clients, for before/after figures: UTF-8 validated, each message decoded and parsed as it arrives.
   */
  former?: boolean
  /** Profile from the last socket subscribed to the close command, written here. */
  profileDir?: string
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ClientsSpec
const now = () => performance.timeOrigin + performance.now()
const send = (m: unknown) => process.send?.(m)
const sockets: WebSocket[] = []

// Each message's arrival time is taken first and the bytes kept; they are read once every socket has its message
// (the round is over), so parsing never delays a later socket's arrival. Only the two numbers are read, the same for
// both servers.
const numberAfter = (text: string, key: string): number => {
  const at = text.indexOf(key)
  return at < 0 ? Number.NaN : Number.parseFloat(text.slice(at + key.length, at + key.length + 24))
}
let arrivals = new Float64Array(spec.count)
let frames: Buffer[] = []

const M = 'm'.charCodeAt(0)
function onMessage(raw: WebSocket.RawData | Buffer): void {
  // Only message frames count: {"type":"message"… has its m at byte 9.
  if ((raw as Buffer)[9] !== M) return
  arrivals[frames.length] = now()
  frames.push(raw as Buffer)
  if (frames.length < spec.count) return
  const got = frames
  const at = arrivals
  frames = []
  arrivals = new Float64Array(spec.count)
  const rounds = new Map<number, number[]>()
  got.forEach((frame, i) => {
    const text = frame.toString('latin1')
    const round = numberAfter(text, '"round":')
    const list = rounds.get(round) ?? []
    rounds.set(round, list)
    list.push((at[i] as number) - numberAfter(text, '"sent":'))
  })
  for (const [round, latencies] of rounds) send({ type: 'round', round, latencies })
}

// The former clients: each message decoded and parsed on arrival, its latency taken after that.
const formerRounds = new Map<number, number[]>()
function onMessageFormer(raw: WebSocket.RawData): void {
  const received = now()
  const text = String(raw)
  if (!text.startsWith('{"type":"message"')) return
  const round = numberAfter(text, '"round":')
  const list = formerRounds.get(round) ?? []
  formerRounds.set(round, list)
  list.push(received - numberAfter(text, '"sent":'))
  if (list.length === spec.count) {
    formerRounds.delete(round)
    send({ type: 'round', round, latencies: list })
  }
}

const rawSockets: Socket[] = []

function open(i: number): Promise<void> {
  const channel = spec.channels[i % spec.channels.length] as string
  // Without deflate, the bare-socket client (raw-subscriber.ts); ws's client where it must inflate, or for --before.
  if (!spec.deflate && !spec.former)
    return rawSubscriber(spec.url, channel, onMessage).then((socket) => {
      rawSockets.push(socket)
    })
  return new Promise((resolve, reject) => {
    // Frames from our own servers, the same bytes from either: validating their UTF-8 is work no server causes.
    const ws = new WebSocket(spec.url, { perMessageDeflate: spec.deflate, skipUTF8Validation: !spec.former })
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel })))
    ws.on('message', function first(raw) {
      if (!String(raw).startsWith('{"type":"subscribed"')) return reject(new Error(String(raw)))
      ws.off('message', first)
      ws.on('message', spec.former ? onMessageFormer : onMessage)
      resolve()
    })
    ws.once('error', reject)
    ws.once('close', (code) => reject(new Error(`closed ${code} before subscribing`)))
    sockets.push(ws)
  })
}

async function main(): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < spec.count) await open(next++)
  }
  await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.count) }, worker))
  if (spec.profileDir) stopProfile = await startProfile(spec.profileDir, 'clients')
  send({ type: 'ready', count: sockets.length + rawSockets.length })
}

let stopProfile: (() => Promise<void>) | undefined
process.on('message', async (m: { type: string }) => {
  if (m.type !== 'close') return
  await stopProfile?.()
  for (const ws of sockets) ws.terminate()
  for (const socket of rawSockets) socket.destroy()
  process.exit(0)
})
main().catch((err: Error) => {
  send({ type: 'failed', message: err.message })
  process.exit(1)
})
