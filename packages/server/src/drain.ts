import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer, type Socket } from 'node:net'

/** Per socket: requests being answered now, and whether one was answered already (a keep-alive socket). */
interface SocketState {
  active: number
  served: boolean
}

/** Event-loop turns in a row without a new connection that mean the listen backlog is empty. */
const QUIET_TURNS = 3

/**
 * Graceful drain for a Node HTTP server. Tracks sockets from the start, so that at shutdown it can tell a
 * keep-alive socket between requests (safe to close) from one just accepted whose request is not parsed yet
 * (Node's closeIdleConnections counts that one as idle too, and resetting it fails a request the client has
 * already sent). While draining every answer carries `Connection: close`.
 */
export function connectionDrainer(server: Server): {
  /** True once drain() has begun. */
  readonly draining: boolean
  /**
   * Accepts what is already queued on the listener, stops listening (new connections are refused), closes
   * keep-alive sockets as soon as they are between requests, and resolves when every socket is gone, or at
   * `drainMs`, when the rest are closed.
   */
  drain(drainMs: number, onStoppedAccepting?: () => void): Promise<void>
} {
  const sockets = new Map<Socket, SocketState>()
  let draining = false
  let accepted = 0
  server.on('connection', (socket: Socket) => {
    accepted++
    sockets.set(socket, { active: 0, served: false })
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = sockets.get(req.socket)
    if (draining) res.shouldKeepAlive = false
    if (!state) return
    state.active++
    res.once('close', () => {
      state.active--
      state.served = true
      if (draining && state.active === 0) req.socket.destroySoon()
    })
  })
  const closeIdleKeepAlive = () => {
    for (const [socket, state] of sockets) if (state.served && state.active === 0) socket.destroySoon()
  }

  return {
    get draining() {
      return draining
    },
    async drain(drainMs, onStoppedAccepting) {
      draining = true
      const deadline = setTimeout(() => {
        for (const socket of sockets.keys()) socket.destroy()
      }, drainMs)
      // Connections the kernel completed before the signal wait in the listen backlog, and a busy event loop
      // takes about one of them per turn. Closing the listener would reset them (requests the clients already
      // sent), so keep accepting until a few turns in a row bring none, within half the budget.
      const until = Date.now() + drainMs / 2
      let seen = accepted
      for (let quiet = 0; quiet < QUIET_TURNS && Date.now() < until; ) {
        await new Promise((r) => setImmediate(r))
        if (accepted === seen) quiet++
        else {
          quiet = 0
          seen = accepted
        }
      }
      // net's close, not http's: http.Server#close (Node 19+) first destroys every socket without a parsed
      // request, including those just accepted from the backlog whose request is still unread
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()))
      onStoppedAccepting?.()
      closeIdleKeepAlive()
      await closed
      clearTimeout(deadline)
    },
  }
}
