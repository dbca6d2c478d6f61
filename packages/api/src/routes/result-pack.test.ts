import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import { describe, expect, it } from 'vitest'
import { packStored, unpackStored } from './result-pack.ts'

const [bars] = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 1), { from: '2013-01-01', to: '2024-12-31' })
const curve = (dates: readonly string[]) => dates.map((date, i) => ({ date, value: 10_000 + i / 3 }))
const roundTrip = (v: unknown) => unpackStored(JSON.parse(packStored(v)!))

describe('stored result packing', () => {
  it('stores a calendar as its first date and one character a later date, and restores it exactly', () => {
    const answer = { symbol: 'X', equity: curve(bars!.dates) }
    const stored = JSON.parse(packStored(answer)!) as { equity: { $equity: Record<string, string> } }
    expect(Object.keys(stored.equity.$equity).sort()).toEqual(['start', 'steps', 'values'])
    expect(stored.equity.$equity.steps).toHaveLength(bars!.dates.length - 1)
    expect(roundTrip(answer)).toEqual(answer)
  })

  it('keeps the dates themselves where a gap is 36 days or more or a date is not a plain ISO day', () => {
    const days = bars!.dates.slice(0, 100)
    for (const dates of [
      [...days.slice(0, 50), '2014-06-01', ...days.slice(50).map((d) => d.replace('2013', '2014'))],
      [...days.slice(0, 99), '2013-12-31T00:00:00Z'],
    ]) {
      const answer = { equity: curve(dates) }
      const stored = JSON.parse(packStored(answer)!) as { equity: { $equity: Record<string, string> } }
      expect(stored.equity.$equity.dates).toBe(dates.join(','))
      expect(roundTrip(answer)).toEqual(answer)
    }
  })

  it('stores rows of scalars by column (numbers packed) and restores them exactly; other rows stay as they were', () => {
    const trades = Array.from({ length: 40 }, (_, i) => ({
      side: i % 2 ? 'long' : 'short',
      entryDate: bars!.dates[i]!,
      entryPrice: 100 + i / 7,
      exitDate: i === 39 ? null : bars!.dates[i + 1]!,
      exitPrice: i === 39 ? null : 101 + i / 3,
      size: 1,
      pnl: (i - 20) / 9,
    }))
    const answer = { trades, equity: curve(bars!.dates.slice(0, 40)) }
    const stored = JSON.parse(packStored(answer)!) as {
      trades: { $rows: { keys: string[]; cols: unknown[] } }
    }
    expect(stored.trades.$rows.keys).toEqual(Object.keys(trades[0]!))
    expect(stored.trades.$rows.cols[2]).toHaveProperty('$f64')
    expect(JSON.stringify(roundTrip(answer))).toBe(JSON.stringify(answer))
    const uneven = trades.map((t, i) => (i === 5 ? { ...t, note: 'x' } : t))
    expect(JSON.parse(packStored({ trades: uneven })!)).toEqual({ trades: uneven })
  })
})
