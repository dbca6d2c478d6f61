import { generateUniverseBars, isoToEpochDay, knownDays, SAMPLE_UNIVERSE } from '@supernova/core'
import { describe, expect, it } from 'vitest'
import { decodeHistory, encodeHistory, historyStamp } from './codec.ts'

const [h] = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 1), { from: '2019-12-30', to: '2021-01-05' })

describe('history codec', () => {
  it("records the decoded dates' day numbers (a view on the bytes) for the compute wire", () => {
    const bytes = encodeHistory(h!, 1)
    const back = decodeHistory(bytes)
    const days = knownDays(back.dates)!
    expect(days.buffer).toBe(bytes.buffer)
    expect(Array.from(days)).toEqual(h!.dates.map(isoToEpochDay))
  })

  it('round-trips columns, dates and the stamp in 44 bytes a bar plus the header', () => {
    const bytes = encodeHistory(h!, 123_456_789)
    expect(bytes.byteLength).toBe(16 + 44 * h!.dates.length)
    expect(historyStamp(bytes)).toBe(123_456_789)
    const back = decodeHistory(bytes)
    expect(back.dates).toEqual(h!.dates)
    for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) expect(back[k]).toEqual(h![k])
  })

  it('decodes bytes that do not start on an 8-byte boundary (as a base64 decode may give them)', () => {
    const bytes = encodeHistory(h!, 7)
    const shifted = new Uint8Array(bytes.byteLength + 3)
    shifted.set(bytes, 3)
    const back = decodeHistory(shifted.subarray(3))
    expect(back.dates).toEqual(h!.dates)
    for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) expect(back[k]).toEqual(h![k])
  })

  it('refuses bytes it did not write or that were cut short', () => {
    expect(historyStamp(new Uint8Array(32))).toBeUndefined()
    expect(() => decodeHistory(new Uint8Array(32))).toThrow(/not an encoded market history/)
    expect(() => decodeHistory(encodeHistory(h!, 1).subarray(0, 100))).toThrow(/truncated/)
  })
})
