import { describe, expect, it } from 'vitest'
import { generateUniverseBars } from '../market/generate.ts'
import { isoToEpochDay, rememberDays } from '../market/history.ts'
import { SAMPLE_UNIVERSE } from '../market/universe.ts'
import { runBasket } from './basket.ts'

const members = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 5), {
  from: '2018-01-01',
  to: '2020-12-31',
}).map((b) => ({ symbol: b.symbol, bars: b }))

describe('basket backtest', () => {
  it('buy and hold with one initial rebalance equals the equal-weight benchmark before costs', () => {
    const r = runBasket(members, 'buy_hold', {}, { rebalanceEvery: 100_000 })
    expect(r.metrics.totalReturn).toBeCloseTo(r.metrics.benchmarkReturn, 9)
    expect(r.metrics.rebalances).toBe(2)
  })

  it('periodic rebalancing with costs trades more and ends with weights summing to at most 1', () => {
    const r = runBasket(
      members,
      'ma_cross',
      { fast: 10, slow: 40 },
      {
        rebalanceEvery: 21,
        execution: { fill: 'next_open', commission: { percent: 0.1 }, slippageBps: 5 },
      },
    )
    expect(r.metrics.rebalances).toBeGreaterThan(30)
    expect(r.metrics.trades).toBeGreaterThan(0)
    const s = Object.values(r.weights).reduce((a, b) => a + b, 0)
    expect(s).toBeLessThanOrEqual(1 + 1e-9)
    expect(Math.min(...r.equity)).toBeGreaterThan(0)
    const free = runBasket(
      members,
      'ma_cross',
      { fast: 10, slow: 40 },
      { rebalanceEvery: 21, execution: { fill: 'next_open' } },
    )
    expect(free.metrics.finalValue).toBeGreaterThan(r.metrics.finalValue)
  })

  it('answers the same whether members are gathered (strings, number arrays) or read in place (days, Float64Array)', () => {
    // in place: columnar members with day numbers, as the cache and the compute wire hand them over
    const inPlace = members.map(({ symbol, bars }) => {
      const dates = [...bars.dates]
      rememberDays(dates, Int32Array.from(dates, isoToEpochDay))
      const col = (c: ArrayLike<number>) => Float64Array.from(c)
      return {
        symbol,
        bars: {
          dates,
          open: col(bars.open),
          high: col(bars.high),
          low: col(bars.low),
          close: col(bars.close),
        },
      }
    })
    // gathered: plain arrays, and one member a day short, so the common calendar differs from the members' own
    const gathered = members.map(({ symbol, bars }, j) => {
      const keep = (_: unknown, i: number) => j !== 2 || i !== 10
      return {
        symbol,
        bars: {
          dates: bars.dates.filter(keep),
          open: Array.from(bars.open).filter(keep),
          high: Array.from(bars.high).filter(keep),
          low: Array.from(bars.low).filter(keep),
          close: Array.from(bars.close).filter(keep),
        },
      }
    })
    const options = { rebalanceEvery: 21, execution: { commission: { percent: 0.1 } } }
    const a = runBasket(inPlace, 'ma_cross', { fast: 10, slow: 40 }, options)
    const b = runBasket(members, 'ma_cross', { fast: 10, slow: 40 }, options)
    expect(Array.from(a.equity)).toEqual(Array.from(b.equity))
    expect(a.metrics).toEqual(b.metrics)
    const short = runBasket(gathered, 'ma_cross', { fast: 10, slow: 40 }, options)
    expect(short.dates).toHaveLength(a.dates.length - 1)
    expect(short.dates).toEqual(a.dates.filter((_, i) => i !== 10))
    // the input columns are read, not written
    expect(Array.from(inPlace[0]!.bars.close)).toEqual(Array.from(members[0]!.bars.close))
  })

  it('rejects an empty basket', () => {
    expect(() => runBasket([], 'buy_hold')).toThrow(/empty basket/)
  })
})
