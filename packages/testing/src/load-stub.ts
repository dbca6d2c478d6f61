import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

/** A running load stub: its URL, every request it saw ("METHOD /path"), and a close. */
export interface LoadStub {
  url: string
  seen: string[]
  server: Server
  close(): Promise<void>
}

/**
 * A loopback stand-in for the API that load/supernova.yml's flows can run against with no server work behind them
 * (load generator tests, and the generators' own CPU cost in bench/load-generators): answers every request with
 * `status` after `delayMs` and a body with an id and a final task status (so captures and the poll loop resolve),
 * issues realtime tickets, and runs a WebSocket endpoint that acknowledges a subscribe and sends one message.
 */
export async function startLoadStub(status = 200, delayMs = 0, port = 0): Promise<LoadStub> {
  const seen: string[] = []
  const server = createServer((req: IncomingMessage, res) => {
    req.resume()
    req.once('end', () => {
      seen.push(`${req.method} ${req.url}`)
      const answer = () => {
        if (req.url === '/v1/realtime/token')
          return res
            .writeHead(201, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ticket: 't', url: '/v1/realtime' }))
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'w1', status: 'succeeded' }))
      }
      if (delayMs > 0) setTimeout(answer, delayMs)
      else answer()
    })
  })
  const wss = new WebSocketServer({ server, path: '/v1/realtime' })
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { channel: string }
      ws.send(JSON.stringify({ type: 'subscribed', channel: frame.channel }))
      ws.send(JSON.stringify({ type: 'message', channel: frame.channel, ts: Date.now(), data: {} }))
    }),
  )
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    server,
    async close() {
      for (const c of wss.clients) c.terminate()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
