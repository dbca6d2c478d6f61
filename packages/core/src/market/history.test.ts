import { describe, expect, it } from 'vitest'
import type { OhlcvColumns } from './bars.ts'
import { generateUniverseBars } from './generate.ts'
import {
  alignClosesPairwise,
  barsAfter,
  commonDates,
  epochDayToIso,
  epochDayToIsoCached,
  isoToEpochDay,
  knownDays,
  rememberDays,
  sliceHistory,
} from './history.ts'
import { SAMPLE_UNIVERSE } from './universe.ts'

const series = (dates: string[], closes: number[]): OhlcvColumns => {
  const c = Float64Array.from(closes)
  return { dates, open: c, high: c, low: c, close: c, volume: c }
}

describe('market history', () => {
  it('slices a date range as views equal to filtering the rows', () => {
    const [h] = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 1), { from: '2020-01-01', to: '2020-12-31' })
    for (const [from, to] of [
      ['2020-03-07', '2020-06-30'],
      [undefined, '2020-02-01'],
      ['2020-11-01', undefined],
      ['2021-01-01', undefined],
      ['2020-05-01', '2020-04-01'],
    ] as const) {
      const s = sliceHistory(h!, from, to)
      const keep = h!.dates
        .map((d, i) => [d, i] as const)
        .filter(([d]) => (!from || d >= from) && (!to || d <= to))
      expect(s.dates).toEqual(keep.map(([d]) => d))
      expect(Array.from(s.close)).toEqual(keep.map(([, i]) => h!.close[i]))
      expect(Array.from(s.volume)).toEqual(keep.map(([, i]) => h!.volume[i]))
    }
    expect(sliceHistory(h!).close).toBe(h!.close)
  })

  it('aligns closes on the union of dates: NaN before a start, last close carried over a gap', () => {
    const a = series(['2024-01-02', '2024-01-03', '2024-01-05'], [1, 2, 3])
    const b = series(['2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'], [10, 11, 12, 13])
    const { dates, closes } = alignClosesPairwise([a, b])
    expect(dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'])
    expect(Array.from(closes[0]!)).toEqual([1, 2, 2, 3, 3])
    expect(Array.from(closes[1]!)).toEqual([Number.NaN, 10, 11, 12, 13])
    // the same on day numbers (cached histories carry them), and the answer's dates carry theirs on
    const withDays = (s: OhlcvColumns) => {
      const dates = [...s.dates]
      rememberDays(dates, Int32Array.from(dates, isoToEpochDay))
      return { ...s, dates }
    }
    const byDays = alignClosesPairwise([withDays(a), withDays(b)])
    expect(byDays.dates).toEqual(dates)
    expect(byDays.closes.map((c) => Array.from(c))).toEqual(closes.map((c) => Array.from(c)))
    expect(Array.from(knownDays(byDays.dates)!)).toEqual(dates.map(isoToEpochDay))
    // one calendar for all: taken whole, closes copied
    const same = alignClosesPairwise([withDays(a), withDays(a)])
    expect(same.dates).toEqual(a.dates)
    expect(same.closes.map((c) => Array.from(c))).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ])
    expect(same.closes[0]).not.toBe(a.close)
  })

  it('finds the dates every series shares, with each series index of them', () => {
    const a = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']
    const b = ['2024-01-03', '2024-01-05', '2024-01-08']
    const c = ['2024-01-01', '2024-01-03', '2024-01-04', '2024-01-05']
    const { dates, index } = commonDates([a, b, c])
    const sets = [a, b, c].map((s) => new Set(s))
    expect(dates).toEqual(a.filter((d) => sets.every((s) => s.has(d))))
    expect(index.map((ix) => Array.from(ix))).toEqual([
      [1, 3],
      [0, 1],
      [1, 3],
    ])
  })

  it('merges on day numbers where every series has them, with the same answer as on the strings', () => {
    const withDays = (dates: string[]) => {
      const copy = [...dates]
      rememberDays(copy, Int32Array.from(copy, isoToEpochDay))
      return copy
    }
    const a = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']
    const b = ['2024-01-03', '2024-01-05', '2024-01-08']
    const c = ['2024-01-01', '2024-01-03', '2024-01-04', '2024-01-05']
    const plain = commonDates([a, b, c])
    const byDays = commonDates([withDays(a), withDays(b), withDays(c)])
    expect(byDays.dates).toEqual(plain.dates)
    expect(byDays.index.map((ix) => Array.from(ix))).toEqual(plain.index.map((ix) => Array.from(ix)))
    // the answer's dates carry their day numbers on (the compute wire sends them without parsing)
    expect(Array.from(knownDays(byDays.dates)!)).toEqual(plain.dates.map(isoToEpochDay))
    // one calendar shared by every member: taken whole (the first member's own array, so what is memoised per
    // dates array serves every basket over those histories), each index 0..n-1
    const first = withDays(a)
    const same = commonDates([first, withDays(a), withDays(a)])
    expect(same.dates).toBe(first)
    expect(same.index.map((ix) => Array.from(ix))).toEqual([0, 1, 2].map(() => [0, 1, 2, 3]))
    expect(Array.from(knownDays(same.dates)!)).toEqual(a.map(isoToEpochDay))
    // a series without day numbers takes the string path, with the same answer
    expect(commonDates([withDays(a), b, withDays(c)]).dates).toEqual(plain.dates)
  })

  it('writes day numbers back as the same ISO dates', () => {
    for (const d of ['1970-01-01', '1999-12-31', '2000-02-29', '2024-02-29', '2026-11-30', '1969-07-20']) {
      expect(epochDayToIso(isoToEpochDay(d))).toBe(d)
      expect(isoToEpochDay(d)).toBe(Date.parse(`${d}T00:00:00Z`) / 86_400_000)
      // the memoised form answers the same, first call and repeated
      expect(epochDayToIsoCached(isoToEpochDay(d))).toBe(d)
      expect(epochDayToIsoCached(isoToEpochDay(d))).toBe(d)
    }
  })
})

describe('barsAfter', () => {
  const h = {
    dates: ['2024-01-02', '2024-01-03', '2024-01-05', '2024-01-08'],
    open: Float64Array.of(1, 2, 3, 4),
    high: Float64Array.of(1.5, 2.5, 3.5, 4.5),
    low: Float64Array.of(0.5, 1.5, 2.5, 3.5),
    close: Float64Array.of(1.2, 2.2, 3.2, 4.2),
    volume: Float64Array.of(10, 20, 30, 40),
  }
  it('pages bar objects by the last date seen, including a cursor date that is not a trading day', () => {
    expect(barsAfter(h, undefined, 2)).toEqual([
      { date: '2024-01-02', open: 1, high: 1.5, low: 0.5, close: 1.2, volume: 10 },
      { date: '2024-01-03', open: 2, high: 2.5, low: 1.5, close: 2.2, volume: 20 },
    ])
    expect(barsAfter(h, '2024-01-03', 5).map((b) => b.date)).toEqual(['2024-01-05', '2024-01-08'])
    expect(barsAfter(h, '2024-01-04', 1).map((b) => b.date)).toEqual(['2024-01-05'])
    expect(barsAfter(h, '2024-01-08', 5)).toEqual([])
    expect(barsAfter(h, undefined, 0)).toEqual([])
  })
})
