import { constants, deflateRawSync } from 'node:zlib'
import type { WebSocket } from 'ws'

/**
 * A text message encoded once as a whole server-to-client WebSocket frame; `payload` is a view of its body and
 * `deflated` the compressed frame, made at most once, when a subscriber that negotiated deflate first needs it.
 */
export interface PreparedFrame {
  wire: Buffer
  payload: Buffer
  deflated?: Buffer
}

/** FIN + opcode 1 (text), with RSV1 set for a compressed message (RFC 7692). */
const TEXT = 0x81
const TEXT_DEFLATED = 0xc1
/** The window we compress with; a client that limits the server to less gets the message uncompressed. */
const WINDOW_BITS = 15

/** One unmasked frame (servers never mask): a 2, 4 or 10-byte header by length, then the body. */
function frame(first: number, body: Buffer | string): Buffer {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10
  const wire = Buffer.allocUnsafe(header + length)
  wire[0] = first
  if (header === 2) wire[1] = length
  else if (header === 4) {
    wire[1] = 126
    wire.writeUInt16BE(length, 2)
  } else {
    wire[1] = 127
    wire.writeUInt32BE(0, 2)
    wire.writeUInt32BE(length, 6)
  }
  if (typeof body === 'string') wire.write(body, header, 'utf8')
  else body.copy(wire, header)
  return wire
}

/** Frames `text` once, so every subscriber gets the same Buffer. */
export function prepareTextFrame(text: string): PreparedFrame {
  const wire = frame(TEXT, text)
  return { wire, payload: wire.subarray(wire.length - Buffer.byteLength(text)) }
}

/**
 * The compressed frame, deflated once for every subscriber: with server_no_context_takeover (the hub always
 * negotiates it) each message stands alone, so the same bytes are valid on every connection. Ends with a sync
 * flush whose 00 00 ff ff tail RFC 7692 says to strip.
 */
export function deflatedFrame(prepared: PreparedFrame): Buffer {
  if (!prepared.deflated) {
    const body = deflateRawSync(prepared.payload, {
      finishFlush: constants.Z_SYNC_FLUSH,
      windowBits: WINDOW_BITS,
    })
    prepared.deflated = frame(TEXT_DEFLATED, body.subarray(0, body.length - 4))
  }
  return prepared.deflated
}

/** The TCP socket under a `ws` WebSocket, as the hub writes prepared frames to it (`_socket`, stable across ws 8). */
export interface RawSocket {
  write(chunk: Buffer): boolean
  readonly writableLength: number
  readonly destroyed: boolean
}

/** What the hub needs of a connection to write prepared frames itself. */
export interface DirectWrite {
  socket: RawSocket
  /** The connection negotiated permessage-deflate without context takeover and a full window for the server. */
  deflate: boolean
}

interface DeflateParams {
  server_no_context_takeover?: boolean
  server_max_window_bits?: number
}

/**
 * How to write prepared frames to `ws`, decided once per connection. Safe because the hub never asks `ws` to
 * compress (its sender queues frames only while compressing), so no frame of `ws`'s can be behind ours; undefined
 * when there is no socket to write to.
 */
export function directWrite(ws: WebSocket): DirectWrite | undefined {
  const internals = ws as unknown as {
    _socket?: RawSocket
    _extensions?: Record<string, { params?: DeflateParams } | undefined>
  }
  if (!internals._socket) return undefined
  const params = internals._extensions?.['permessage-deflate']?.params
  const deflate =
    params?.server_no_context_takeover === true && (params.server_max_window_bits ?? 15) >= WINDOW_BITS
  return { socket: internals._socket, deflate }
}
