import { describe, expect, it } from 'vitest'
import { barProblem } from './bars.ts'
import { businessDays, generateUniverseBars } from './generate.ts'
import { SAMPLE_UNIVERSE } from './universe.ts'

const logReturns = (c: Float64Array) => {
  const r: number[] = []
  for (let i = 1; i < c.length; i++) r.push(Math.log(c[i]! / c[i - 1]!))
  return r
}
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length
const corr = (a: number[], b: number[]) => {
  const ma = mean(a)
  const mb = mean(b)
  let s = 0
  let sa = 0
  let sb = 0
  for (let i = 0; i < a.length; i++) {
    s += (a[i]! - ma) * (b[i]! - mb)
    sa += (a[i]! - ma) ** 2
    sb += (b[i]! - mb) ** 2
  }
  return s / Math.sqrt(sa * sb)
}

describe('synthetic sample data', () => {
  const all = generateUniverseBars(SAMPLE_UNIVERSE)
  const bySymbol = new Map(all.map((b) => [b.symbol, b]))

  it('covers at least 50 symbols in several sectors over at least 10 years', () => {
    expect(SAMPLE_UNIVERSE.length).toBeGreaterThanOrEqual(50)
    expect(new Set(SAMPLE_UNIVERSE.map((s) => s.sector)).size).toBeGreaterThanOrEqual(6)
    const d = all[0]!.dates
    expect(Date.parse(d.at(-1)!) - Date.parse(d[0]!)).toBeGreaterThan(10 * 365 * 86_400_000)
  })

  it('is deterministic', () => {
    const again = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 2))
    expect(Array.from(again[1]!.close)).toEqual(Array.from(all[1]!.close))
  })

  it('produces internally consistent bars', () => {
    for (const cols of all.slice(0, 10)) {
      for (let i = 0; i < cols.dates.length; i++) {
        const bar = {
          date: cols.dates[i]!,
          open: cols.open[i]!,
          high: cols.high[i]!,
          low: cols.low[i]!,
          close: cols.close[i]!,
          volume: cols.volume[i]!,
        }
        expect(barProblem(bar)).toBeUndefined()
      }
    }
  })

  it('has fat tails, volatility clustering and sector correlation', () => {
    const r = logReturns(bySymbol.get('AAPL')!.close)
    const m = mean(r)
    const v = mean(r.map((x) => (x - m) ** 2))
    const kurtosis = mean(r.map((x) => (x - m) ** 4)) / (v * v)
    expect(kurtosis).toBeGreaterThan(4) // a normal distribution has 3
    const sq = r.map((x) => (x - m) ** 2)
    expect(corr(sq.slice(1), sq.slice(0, -1))).toBeGreaterThan(0.05) // squared returns autocorrelate
    const sameSector = corr(logReturns(bySymbol.get('JPM')!.close), logReturns(bySymbol.get('BAC')!.close))
    const otherSector = corr(logReturns(bySymbol.get('JPM')!.close), logReturns(bySymbol.get('DUK')!.close))
    expect(sameSector).toBeGreaterThan(otherSector + 0.1)
  })

  it('skips weekends', () => {
    expect(businessDays('2024-03-01', '2024-03-11')).toEqual([
      '2024-03-01',
      '2024-03-04',
      '2024-03-05',
      '2024-03-06',
      '2024-03-07',
      '2024-03-08',
      '2024-03-11',
    ])
  })
})
