import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { RealtimeHub } from './hub.ts'
import { ticketSigner } from './tickets.ts'

type Frame = Record<string, unknown> & { type: string }
const servers: { hub: RealtimeHub; server: Server }[] = []

async function startHub(deflateThresholdBytes?: number) {
  const tickets = ticketSigner('deflate-test-secret-0123')
  const hub = new RealtimeHub({ tickets, deflateThresholdBytes })
  const server = createServer((_req, res) => res.end())
  server.on('upgrade', hub.handleUpgrade)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push({ hub, server })
  const ticket = tickets.issue({ subscribe: ['ticks:*'] }, 60_000).ticket
  return { hub, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime?ticket=${ticket}` }
}

/** A real ws client subscribed to `channel`; `bytesRead` is what crossed its TCP socket. */
async function subscriber(url: string, channel: string, perMessageDeflate: boolean) {
  const ws = new WebSocket(url, { perMessageDeflate })
  const frames: Frame[] = []
  const waiters: (() => void)[] = []
  ws.on('message', (d) => {
    frames.push(JSON.parse(String(d)) as Frame)
    for (const w of waiters.splice(0)) w()
  })
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const next = async (): Promise<Frame> => {
    while (frames.length === 0) await new Promise<void>((resolve) => waiters.push(resolve))
    return frames.shift() as Frame
  }
  ws.send(JSON.stringify({ type: 'subscribe', channel }))
  expect(await next()).toMatchObject({ type: 'subscribed', channel })
  const socket = (ws as unknown as { _socket: { bytesRead: number } })._socket
  return { ws, next, bytesRead: () => socket.bytesRead }
}

afterEach(async () => {
  for (const { hub, server } of servers.splice(0)) {
    await hub.close(500)
    await new Promise((r) => server.close(r))
  }
})

describe('per-message deflate above a threshold', () => {
  it('compresses large messages once for clients that negotiated it and sends small ones and other clients plain', async () => {
    const { hub, url } = await startHub(1024)
    const zipped = await subscriber(url, 'ticks:AAPL', true)
    const plain = await subscriber(url, 'ticks:AAPL', false)
    expect(zipped.ws.extensions).toBe('permessage-deflate')
    expect(plain.ws.extensions).toBe('')

    const large = {
      rows: Array.from({ length: 400 }, (_, i) => ({ symbol: 'AAPL', i, price: 100 + (i % 7) })),
    }
    const largeBytes = Buffer.byteLength(JSON.stringify(large))
    const small = { price: 101.25 }
    for (const [data, id] of [
      [large, 'big'],
      [small, 'small'],
    ] as const) {
      const before = [zipped.bytesRead(), plain.bytesRead()]
      await hub.publish([{ channel: 'ticks:AAPL', name: 'tick', data, id }])
      const [z, p] = [await zipped.next(), await plain.next()]
      expect(z).toMatchObject({ type: 'message', id, data })
      expect(p).toMatchObject({ type: 'message', id, data })
      const got = [zipped.bytesRead() - (before[0] ?? 0), plain.bytesRead() - (before[1] ?? 0)]
      if (id === 'big') {
        // Repetitive JSON compresses well: the deflate client reads a fraction of what the plain one does.
        expect(got[1]).toBeGreaterThan(largeBytes)
        expect(got[0]).toBeLessThan(largeBytes / 4)
      } else expect(got[0]).toBe(got[1]) // under the threshold: the same uncompressed frame
    }
  })

  it('replays compressed history on resume, in order', async () => {
    const { hub, url } = await startHub(256)
    const first = await subscriber(url, 'ticks:MSFT', true)
    const payload = (n: number) => ({ n, pad: 'x'.repeat(2000) })
    await hub.publish([1, 2, 3].map((n) => ({ channel: 'ticks:MSFT', name: 'tick', data: payload(n) })))
    for (const n of [1, 2, 3]) expect(await first.next()).toMatchObject({ serial: n, data: payload(n) })
    const again = new WebSocket(url)
    const frames: Frame[] = []
    const done = new Promise<void>((resolve) =>
      again.on('message', (d) => {
        frames.push(JSON.parse(String(d)) as Frame)
        if (frames.at(-1)?.type === 'subscribed') resolve()
      }),
    )
    await new Promise((resolve) => again.once('open', resolve))
    again.send(JSON.stringify({ type: 'subscribe', channel: 'ticks:MSFT', fromSerial: 1 }))
    await done
    expect(frames.map((f) => f.serial)).toEqual([2, 3, 3])
    expect(frames[0]).toMatchObject({ data: payload(2) })
    again.close()
  })

  it('negotiates nothing when the threshold is unset', async () => {
    const { url } = await startHub()
    const client = await subscriber(url, 'ticks:AAPL', true)
    expect(client.ws.extensions).toBe('')
  })
})
