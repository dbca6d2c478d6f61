import type { AddressInfo } from 'node:net'
import { createConnection, createServer, type Socket } from 'node:net'

/** A TCP proxy in front of a server: a stand-in for a load balancer and a network that can drop or go silent. */
export interface TcpProxy {
  /** http://127.0.0.1:port of the proxy. */
  url: string
  /** Sends new connections to another port (an instance replacing the one that shut down). */
  retarget(port: number): void
  /** Destroys every open connection, both sides (a dropped network path: no close frame, no FIN to wait for). */
  cut(): void
  /** Stops forwarding on every open connection without closing it (a half-open path: the peer just goes silent). */
  freeze(): void
  /** Connections accepted so far. */
  readonly accepted: number
  close(): Promise<void>
}

/** Starts a TCP proxy on 127.0.0.1 forwarding to `127.0.0.1:targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort
  let accepted = 0
  const pairs = new Set<[Socket, Socket]>()
  const server = createServer((client) => {
    accepted++
    const upstream = createConnection({ host: '127.0.0.1', port: target })
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    client.pipe(upstream)
    upstream.pipe(client)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    retarget(port) {
      target = port
    },
    cut() {
      for (const [a, b] of pairs) {
        a.destroy()
        b.destroy()
      }
      pairs.clear()
    },
    freeze() {
      for (const [a, b] of pairs) {
        a.unpipe(b)
        b.unpipe(a)
        a.pause()
        b.pause()
      }
    },
    get accepted() {
      return accepted
    },
    close() {
      for (const [a, b] of pairs) {
        a.destroy()
        b.destroy()
      }
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
