import { readOhlcvFixture } from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { atr, bollinger, crossover, ema, macd, rollingVolatility, rsi, sma } from './indicators.ts'

const bars = readOhlcvFixture('backtrader', '2006-day-001.txt')

/** backtrader's testcommon checkpoints: the last bar, the first valid bar and the floor-midpoint between them. */
function checkpoints(line: Float64Array, minPeriod: number): string[] {
  const l = line.length
  const offsets = [0, -l + minPeriod, Math.floor((-l + minPeriod) / 2)]
  return offsets.map((o) => line[l - 1 + o]!.toFixed(6))
}

describe('indicators match backtrader checkpoints on 2006-day-001.txt', () => {
  it('reads the 255 bars of 2006', () => {
    expect(bars.close.length).toBe(255)
    expect(bars.dates[0]).toBe('2006-01-02')
  })

  it('SMA(30)', () => {
    expect(checkpoints(sma(bars.close, 30), 30)).toEqual(['4063.463000', '3644.444667', '3554.693333'])
  })

  it('EMA(30)', () => {
    expect(checkpoints(ema(bars.close, 30), 30)).toEqual(['4070.115719', '3644.444667', '3581.728712'])
  })

  it('RSI(14)', () => {
    expect(checkpoints(rsi(bars.close, 14), 15)).toEqual(['57.644284', '41.630968', '53.352553'])
  })

  it('MACD histogram (12, 26, 9)', () => {
    const m = macd(bars.close)
    expect(checkpoints(m.macd, 34)).toEqual(['25.821368', '32.469404', '1.772445'])
    expect(checkpoints(m.signal, 34)).toEqual(['21.977853', '26.469735', '-2.845646'])
    expect(checkpoints(m.histogram, 34)).toEqual(['3.843516', '5.999669', '4.618090'])
  })

  it('Bollinger bands (20, 2)', () => {
    const b = bollinger(bars.close)
    expect(checkpoints(b.middle, 20)).toEqual(['4065.884000', '3621.185000', '3582.895500'])
    expect(checkpoints(b.upper, 20)).toEqual(['4190.782310', '3712.008864', '3709.453081'])
    expect(checkpoints(b.lower, 20)).toEqual(['3940.985690', '3530.361136', '3456.337919'])
  })

  it('ATR(14)', () => {
    expect(checkpoints(atr(bars.high, bars.low, bars.close, 14), 15)).toEqual([
      '35.866308',
      '34.264286',
      '54.329064',
    ])
  })

  it('warm-up values are NaN and the first value sits at period-1', () => {
    const s = sma(bars.close, 30)
    expect(Number.isNaN(s[28]!)).toBe(true)
    expect(Number.isNaN(s[29]!)).toBe(false)
  })

  it('crossover ignores touches and flags real crosses', () => {
    const a = [1, 2, 3, 3, 2, 1, 2]
    const b = [2, 2, 2, 3, 3, 3, 1]
    // diff: -1, 0, 1, 0, -1, -2, 1 -> up at 2 (last non-zero was -1), touch at 3, down at 4, up at 6
    expect(Array.from(crossover(a, b))).toEqual([0, 0, 1, 0, -1, 0, 1])
  })

  it('rolling volatility is the annualised sample deviation of returns', () => {
    const c = [100, 101, 99, 102]
    const v = rollingVolatility(c, 3, 252)
    const r = [0.01, 99 / 101 - 1, 102 / 99 - 1]
    const m = (r[0]! + r[1]! + r[2]!) / 3
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / 2)
    expect(v[3]).toBeCloseTo(sd * Math.sqrt(252), 12)
    expect(Number.isNaN(v[2]!)).toBe(true)
  })
})
