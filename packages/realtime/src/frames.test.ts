import { describe, expect, it } from 'vitest'
import * as ws from 'ws'
import { prepareTextFrame } from './frames.ts'

// ws's own framing of an unmasked (server-to-client) final text frame, as `ws.send(text)` writes it.
const wsFrame = (text: string): Buffer => {
  // Sender is exported by ws (lib/sender.js) but not declared by @types/ws.
  const { Sender } = ws as unknown as { Sender: { frame: (data: Buffer, options: object) => Buffer[] } }
  const frame = Sender.frame
  return Buffer.concat(
    frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }),
  )
}

describe('prepared text frames', () => {
  // Each header length (2, 4 and 10 bytes) at both of its edges, with multi-byte characters counted in bytes.
  it.each([0, 1, 125, 126, 65_535, 65_536, 70_000])('are byte-identical to ws’s frame of %i bytes', (n) => {
    const text = n >= 3 ? `é${'x'.repeat(n - 3)}€`.slice(0, n) : 'x'.repeat(n)
    const bytes = Buffer.byteLength(text)
    const prepared = prepareTextFrame(text)
    expect(prepared.wire.equals(wsFrame(text))).toBe(true)
    expect(prepared.payload.toString('utf8')).toBe(text)
    expect(prepared.payload.length).toBe(bytes)
  })
})
