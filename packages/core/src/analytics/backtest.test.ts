import { readOhlcvFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors.ts'
import { runBacktest } from './backtest.ts'
import { backtestStrategy } from './run-strategy.ts'
import { STRATEGIES } from './strategies.ts'

const bars = readOhlcvFixture('backtrader', '2006-day-001.txt')

// backtrader tests/test_strategy_unoptimized.py (stocklike): close crossing SMA(15), market orders at next open.
const BUYEXEC = [
  '3643.35',
  '3801.03',
  '3872.37',
  '3863.57',
  '3845.32',
  '3656.43',
  '3542.65',
  '3639.65',
  '3799.86',
  '3840.20',
  '4047.63',
  '4052.55',
]
const SELLEXEC = [
  '3763.95',
  '3811.85',
  '3822.35',
  '3822.57',
  '3829.82',
  '3598.58',
  '3545.92',
  '3766.80',
  '3782.15',
  '3979.73',
  '4045.05',
]
const BUYCREATE = [
  '3641.42',
  '3798.46',
  '3874.61',
  '3860.00',
  '3843.08',
  '3648.33',
  '3526.84',
  '3632.93',
  '3788.96',
  '3841.31',
  '4045.22',
  '4052.89',
]
const SELLCREATE = [
  '3763.73',
  '3811.45',
  '3823.11',
  '3821.97',
  '3837.86',
  '3604.33',
  '3562.56',
  '3772.21',
  '3780.18',
  '3974.62',
  '4048.16',
]

describe('backtest parity with backtrader test_strategy_unoptimized', () => {
  const r = backtestStrategy(
    bars,
    'sma_cross',
    { period: 15 },
    {
      initialCash: 10_000,
      execution: { fill: 'next_open', sizing: { units: 1 } },
    },
  )

  it('fills every order at the next open at backtrader prices', () => {
    const buys = r.fills.filter((f) => f.side === 'buy').map((f) => f.price.toFixed(2))
    const sells = r.fills.filter((f) => f.side === 'sell').map((f) => f.price.toFixed(2))
    expect(buys).toEqual(BUYEXEC)
    expect(sells).toEqual(SELLEXEC)
  })

  it('creates orders at the signal closes', () => {
    const buys = r.fills.filter((f) => f.side === 'buy').map((f) => bars.close[f.index - 1]!.toFixed(2))
    const sells = r.fills.filter((f) => f.side === 'sell').map((f) => bars.close[f.index - 1]!.toFixed(2))
    expect(buys).toEqual(BUYCREATE)
    expect(sells).toEqual(SELLCREATE)
  })

  it('ends at the final value 10284.10 with cash 6164.16', () => {
    expect(r.metrics.finalValue.toFixed(2)).toBe('10284.10')
    const last = bars.close[bars.close.length - 1]!
    expect((r.metrics.finalValue - last).toFixed(2)).toBe('6164.16')
    expect(r.metrics.trades).toBe(11)
    expect(r.trades.at(-1)?.exitIndex).toBeNull()
  })
})

describe('execution options', () => {
  const sig = new Int8Array(bars.close.length)
  sig[10] = 1
  sig[20] = -1

  it('fills at the signal close when asked', () => {
    const r = runBacktest(bars, sig, { execution: { fill: 'close' } })
    expect(r.fills.map((f) => f.price)).toEqual([bars.close[10], bars.close[20]])
    expect(r.metrics.finalValue).toBeCloseTo(10_000 + bars.close[20]! - bars.close[10]!, 9)
  })

  it('applies percent commission, fixed commission and slippage on both legs', () => {
    const r = runBacktest(bars, sig, {
      execution: {
        fill: 'close',
        commission: { percent: 0.1, fixed: 2 },
        slippageBps: 10,
        sizing: { units: 2 },
      },
    })
    const buy = bars.close[10]! * 1.001
    const sell = bars.close[20]! * 0.999
    const comm = 2 * buy * 0.001 + 2 + 2 * sell * 0.001 + 2
    expect(r.trades[0]!.pnl).toBeCloseTo(2 * (sell - buy) - comm, 9)
    expect(r.metrics.finalValue).toBeCloseTo(10_000 + 2 * (sell - buy) - comm, 9)
  })

  it('sizes by percent of equity', () => {
    const r = runBacktest(bars, sig, { execution: { fill: 'close', sizing: { percent: 50 } } })
    expect(r.trades[0]!.size * bars.close[10]!).toBeCloseTo(5_000, 6)
  })

  it('goes short on a sell when shorting is allowed and reverses on the next buy', () => {
    const s = new Int8Array(bars.close.length)
    s[5] = -1
    s[15] = 1
    const r = runBacktest(bars, s, { execution: { fill: 'close', allowShort: true } })
    expect(r.trades[0]!.side).toBe('short')
    expect(r.trades[0]!.pnl).toBeCloseTo(bars.close[5]! - bars.close[15]!, 9)
    expect(r.trades[1]!.side).toBe('long')
    const long = runBacktest(bars, s, { execution: { fill: 'close' } })
    expect(long.fills[0]!.index).toBe(15)
  })

  it('rejects a long entry the cash cannot pay for', () => {
    const r = runBacktest(bars, sig, { initialCash: 100, execution: { fill: 'close' } })
    expect(r.fills).toHaveLength(0)
    expect(r.metrics.finalValue).toBe(100)
  })
})

describe('metrics', () => {
  it('buy and hold matches the benchmark return and has full exposure', () => {
    const r = backtestStrategy(
      bars,
      'buy_hold',
      {},
      { execution: { fill: 'close', sizing: { percent: 100 } } },
    )
    expect(r.metrics.totalReturn).toBeCloseTo(r.metrics.benchmarkReturn, 12)
    expect(r.metrics.exposure).toBe(1)
    expect(r.metrics.maxDrawdown).toBeGreaterThan(0)
    expect(r.metrics.maxDrawdown).toBeLessThan(1)
    expect(r.metrics.sharpe).not.toBeNull()
    expect(r.metrics.calmar).toBeCloseTo(r.metrics.cagr / r.metrics.maxDrawdown, 12)
  })

  it('computes drawdown, win rate and profit factor from a known path', () => {
    const closes = [100, 110, 99, 120, 90, 95]
    const b = {
      dates: closes.map((_, i) => `2020-01-0${i + 1}`),
      open: closes,
      high: closes,
      low: closes,
      close: closes,
    }
    const s = Int8Array.from([1, -1, 1, -1, 1, 0])
    const r = runBacktest(b, s, { execution: { fill: 'close' }, initialCash: 1000 })
    // trades: +10, +21; open trade 90 -> 95
    expect(r.metrics.winRate).toBe(1)
    expect(r.metrics.profitFactor).toBeNull()
    expect(r.metrics.trades).toBe(2)
    expect(r.equity[5]).toBe(1000 + 10 + 21 + 5)
    expect(r.metrics.maxDrawdown).toBe(0)
  })

  it('every strategy runs on real data with finite metrics', () => {
    for (const name of Object.keys(STRATEGIES)) {
      const r = backtestStrategy(bars, name, {}, { execution: { sizing: { percent: 100 } } })
      expect(Number.isFinite(r.metrics.finalValue)).toBe(true)
      expect(r.equity).toHaveLength(bars.close.length)
    }
  })
})

describe('validation', () => {
  it('rejects too few bars for the period', () => {
    const few = {
      ...bars,
      dates: bars.dates.slice(0, 10),
      close: bars.close.slice(0, 10),
      open: bars.open.slice(0, 10),
    }
    expect(() => backtestStrategy(few, 'sma_cross', { period: 15 })).toThrow(ValidationError)
    expect(() => backtestStrategy(few, 'sma_cross', { period: 15 })).toThrow(/needs at least 16 bars/)
  })

  it('rejects NaN prices, unknown strategies and bad params', () => {
    const bad = { ...bars, close: Float64Array.from(bars.close) }
    bad.close[3] = Number.NaN
    expect(() => backtestStrategy(bad, 'sma_cross')).toThrow(/NaN/)
    expect(() => backtestStrategy(bars, 'nope')).toThrow(/unknown strategy/)
    expect(() => backtestStrategy(bars, 'ma_cross', { fast: 30, slow: 10 })).toThrow(/fast must be shorter/)
    expect(() => backtestStrategy(bars, 'sma_cross', { period: 1.5 })).toThrow(/integer/)
    expect(() => backtestStrategy(bars, 'sma_cross', { window: 3 })).toThrow(/no param 'window'/)
  })
})
