import { describe, expect, it } from 'vitest'
import { generateUniverseBars } from '../market/generate.ts'
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

  it('rejects an empty basket', () => {
    expect(() => runBasket([], 'buy_hold')).toThrow(/empty basket/)
  })
})
