import type { WebSocket } from 'ws'

/** A text message encoded once as a whole server-to-client WebSocket frame; `payload` is a view of its body. */
export interface PreparedFrame {
  wire: Buffer
  payload: Buffer
}

/** Frames `text` once (FIN, opcode 1, unmasked as servers send): the header is 2, 4 or 10 bytes by length. */
export function prepareTextFrame(text: string): PreparedFrame {
  const length = Buffer.byteLength(text)
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10
  const wire = Buffer.allocUnsafe(header + length)
  wire[0] = 0x81
  if (header === 2) wire[1] = length
  else if (header === 4) {
    wire[1] = 126
    wire.writeUInt16BE(length, 2)
  } else {
    wire[1] = 127
    wire.writeUInt32BE(0, 2)
    wire.writeUInt32BE(length, 6)
  }
  wire.write(text, header, 'utf8')
  return { wire, payload: wire.subarray(header) }
}

/** The TCP socket under a `ws` WebSocket, as the fast path writes to it (`_socket`, stable across ws 8). */
export interface RawSocket {
  write(chunk: Buffer): boolean
  readonly writableLength: number
  readonly destroyed: boolean
}

/**
 * The socket a prepared frame may be written to directly, decided once per connection: `ws`'s sender queues
 * frames only while compressing, so a connection without permessage-deflate can never have a frame of ours
 * overtake one of its. Connections with deflate get undefined and go through `ws.send` (which also decides per
 * message whether to compress).
 */
export function directSocket(ws: WebSocket): RawSocket | undefined {
  if (ws.extensions !== '') return undefined
  return (ws as unknown as { _socket?: RawSocket })._socket
}

/**
 * Sends a prepared frame: one `write` of the same Buffer for every subscriber, instead of `ws.send`'s per-socket
 * header allocation and corked two-buffer write.
 */
export function sendPrepared(ws: WebSocket, socket: RawSocket | undefined, frame: PreparedFrame): void {
  if (socket && !socket.destroyed) socket.write(frame.wire)
  else ws.send(frame.payload, { binary: false })
}
