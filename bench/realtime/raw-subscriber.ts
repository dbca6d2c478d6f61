/**
 * The bench's lightest subscriber: a WebSocket client written on a bare TCP socket (handshake, one masked subscribe
 * frame, then unmasked server frames cut out of the byte stream), so a client process spends its CPU on reading
 * sockets rather than on a WebSocket library's per-message machinery. Answers pings, as the hub's heartbeat expects.
 */
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

const TEXT = 0x1
const PING = 0x9

/** A client frame: FIN + opcode, masked with a zero key (RFC 6455 lets the server unmask any key; this one is a no-op). */
function clientFrame(opcode: number, body: Buffer): Buffer {
  if (body.length > 125) throw new RangeError('bench client frames stay under 126 bytes')
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | body.length, 0, 0, 0, 0]), body])
}

/**
 * Opens `url` (ws://host:port/path?query), subscribes to `channel`, resolves once `subscribed` arrives; after that
 * every text frame's payload goes to `onMessage`.
 */
export function rawSubscriber(
  url: string,
  channel: string,
  onMessage: (payload: Buffer) => void,
): Promise<Socket> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) })
    socket.setNoDelay(true)
    let pending: Buffer | undefined
    let upgraded = false
    let subscribed = false
    const fail = (err: Error) => {
      socket.destroy()
      reject(err)
    }
    socket.once('error', fail)
    socket.once('close', () => reject(new Error('closed before subscribing')))
    socket.write(
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
    const frame = (opcode: number, payload: Buffer) => {
      if (opcode === PING) socket.write(clientFrame(0xa, payload))
      if (opcode !== TEXT) return
      if (subscribed) return onMessage(payload)
      if (!payload.toString('utf8').startsWith('{"type":"subscribed"'))
        return fail(new Error(String(payload)))
      subscribed = true
      resolve(socket)
    }
    socket.on('data', (chunk: Buffer) => {
      let buf = pending ? Buffer.concat([pending, chunk]) : chunk
      pending = undefined
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n')
        if (end < 0) {
          pending = buf
          return
        }
        if (!buf.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 101'))
          return fail(new Error(buf.subarray(0, end).toString('latin1')))
        upgraded = true
        socket.write(clientFrame(TEXT, Buffer.from(JSON.stringify({ type: 'subscribe', channel }))))
        buf = buf.subarray(end + 4)
      }
      // Server frames are unmasked: 2 header bytes, then a 16- or 64-bit length when the 7-bit one says so.
      let at = 0
      while (buf.length - at >= 2) {
        const len7 = (buf[at + 1] as number) & 0x7f
        const header = len7 < 126 ? 2 : len7 === 126 ? 4 : 10
        if (buf.length - at < header) break
        const length = len7 < 126 ? len7 : len7 === 126 ? buf.readUInt16BE(at + 2) : buf.readUInt32BE(at + 6)
        if (buf.length - at < header + length) break
        frame((buf[at] as number) & 0x0f, buf.subarray(at + header, at + header + length))
        at += header + length
      }
      if (at < buf.length) pending = buf.subarray(at)
    })
  })
}
