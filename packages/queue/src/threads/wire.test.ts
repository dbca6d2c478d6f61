import {
  generateUniverseBars,
  isoToEpochDay,
  knownDays,
  rememberDays,
  runBasket,
  SAMPLE_UNIVERSE,
} from '@supernova/core'
import { describe, expect, it } from 'vitest'
import type { ComputeJob } from './compute-jobs.ts'
import { createComputePool } from './compute-pool.ts'
import { fromWire, resultToWire, toWire } from './wire.ts'

const series = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 3), { from: '2020-01-01', to: '2021-12-31' })
const basket: Extract<ComputeJob, { kind: 'basket' }> = {
  kind: 'basket',
  input: {
    members: series.map((bars) => ({ symbol: bars.symbol, bars })),
    strategy: 'sma_cross',
    params: {},
    options: { initialCash: 10_000, rebalanceEvery: 21 },
  },
}

describe('compute wire form', () => {
  it('sends long date arrays as day numbers and rebuilds the same strings, leaving the job untouched', () => {
    const wire = toWire(basket) as typeof basket
    const sent = wire.input.members.map((m) => m.bars.dates as unknown as { $days: Int32Array })
    for (const d of sent) expect(d.$days).toBeInstanceOf(Int32Array)
    expect(sent[0]!.$days).toHaveLength(series[0]!.dates.length)
    expect(basket.input.members[0]!.bars.dates).toBe(series[0]!.dates)
    // what a worker receives: a structured clone of the wire form
    expect(fromWire(structuredClone(wire))).toEqual(basket)
  })

  it('rebuilds the same days as the same dates array (memos keyed on it hold), different days as their own', () => {
    const wire = toWire({ dates: series[0]!.dates }) as { dates: { $days: Int32Array } }
    const first = fromWire<{ dates: string[] }>(structuredClone(wire)).dates
    const again = fromWire<{ dates: string[] }>(structuredClone(wire)).dates
    expect(again).toBe(first)
    expect(again).toEqual(series[0]!.dates)
    // same length, first and last day, one day in between moved: equal keys, different calendars
    const moved = structuredClone(wire)
    moved.dates.$days[10]! -= 1
    const other = fromWire<{ dates: string[] }>(moved).dates
    expect(other).not.toBe(first)
    expect(other[10]).not.toBe(first[10])
    // one calendar per key is kept: the first one comes back rebuilt, with the right dates
    expect(fromWire<{ dates: string[] }>(structuredClone(wire)).dates).toEqual(series[0]!.dates)
  })

  it('leaves dates that would not format back the same (and short arrays) as strings', () => {
    const odd = Array.from({ length: 100 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`)
    odd[50] = '2024-02-30'
    const short = ['2024-01-02', '2024-01-03']
    const v = { a: { dates: odd }, b: { dates: short } }
    expect(toWire(v)).toEqual(v)
    expect((toWire(v) as typeof v).a.dates).toBe(odd)
  })

  it("transfers a result's fresh buffers (its day numbers and whole typed arrays)", () => {
    const r = runBasket(basket.input.members, 'sma_cross', {}, { initialCash: 10_000, rebalanceEvery: 21 })
    const expected = structuredClone(r)
    const { message, transfer } = resultToWire(r)
    expect(transfer).toContain(r.equity.buffer)
    expect(transfer).toContain((message as { dates: { $days: Int32Array } }).dates.$days.buffer)
    expect(fromWire(structuredClone(message, { transfer }))).toEqual(expected)
    expect(r.equity.byteLength).toBe(0)
  })

  it("sends a result's known day numbers as a copy, so the memo is not detached by the transfer", () => {
    const dates = [...series[0]!.dates]
    const days = Int32Array.from(dates, isoToEpochDay)
    rememberDays(dates, days)
    const { message, transfer } = resultToWire({ dates })
    const sent = (message as { dates: { $days: Int32Array } }).dates.$days
    expect(sent).not.toBe(days)
    expect(Array.from(sent)).toEqual(Array.from(days))
    structuredClone(message, { transfer })
    expect(sent.byteLength).toBe(0)
    expect(knownDays(dates)).toBe(days)
    expect(days).toHaveLength(dates.length)
  })

  it('a basket run on the pool answers what it answers inline', async () => {
    const pool = createComputePool({ size: 1 })
    try {
      const inline = runBasket(basket.input.members, 'sma_cross', {}, basket.input.options)
      expect(await pool.run(basket)).toEqual(inline)
    } finally {
      await pool.close()
    }
  })
})
