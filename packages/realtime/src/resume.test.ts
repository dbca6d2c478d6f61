import { describe, expect, it } from 'vitest'
import { type Kept, missedSince } from './resume.ts'

// A ring holding serials 3..6 (ids m3..m6, published at ts = 100 * serial) on instance "here".
const ring: Kept<string>[] = [3, 4, 5, 6].map((n) => ({
  serial: n,
  id: `m${n}`,
  ts: 100 * n,
  frame: `f${n}`,
}))
const serials = (k: Kept<string>[] | undefined) => k?.map((m) => m.serial)

describe('missedSince', () => {
  it('resumes this instance’s serials while the ring and the window hold everything after them', () => {
    expect(serials(missedSince(ring, 6, { fromSerial: 4 }, 'here', 0))).toEqual([5, 6])
    expect(serials(missedSince(ring, 6, { fromSerial: 6, instance: 'here' }, 'here', 0))).toEqual([])
    expect(missedSince(ring, 6, { fromSerial: 1 }, 'here', 0)).toBeUndefined() // 2 left the ring
    expect(missedSince(ring, 6, { fromSerial: 9 }, 'here', 0)).toBeUndefined() // ahead of this channel
    expect(missedSince(ring, 6, { fromSerial: 4 }, 'here', 501)).toBeUndefined() // 5 is past the window
  })

  it('places a client from another instance by its last id, and only by it', () => {
    const foreign = { fromSerial: 6, instance: 'there' }
    expect(serials(missedSince(ring, 6, { ...foreign, fromId: 'm4' }, 'here', 0))).toEqual([5, 6])
    expect(serials(missedSince(ring, 6, { ...foreign, fromId: 'm6' }, 'here', 0))).toEqual([])
    expect(missedSince(ring, 6, foreign, 'here', 0)).toBeUndefined()
    expect(missedSince(ring, 6, { ...foreign, fromId: 'm1' }, 'here', 0)).toBeUndefined()
    expect(missedSince(ring, 6, { ...foreign, fromId: 'm4' }, 'here', 501)).toBeUndefined()
  })
})
