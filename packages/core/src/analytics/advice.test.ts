import { describe, expect, it } from 'vitest'
import { advise } from './advice.ts'
import type { PriceBars } from './backtest.ts'

function path(n: number, f: (i: number) => number): PriceBars {
  const close = Float64Array.from({ length: n }, (_, i) => f(i))
  const open = Float64Array.from(close, (c, i) => (i === 0 ? c : close[i - 1]!))
  const dates = Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
  )
  return {
    dates,
    open,
    high: close.map((c, i) => Math.max(c, open[i]!)),
    low: close.map((c, i) => Math.min(c, open[i]!)),
    close,
  }
}

// Gentle wiggle so crossovers and oscillators have something to react to.
const up = path(300, (i) => 100 * 1.003 ** i * (1 + 0.01 * Math.sin(i / 3)))
const down = path(300, (i) => 100 * 0.997 ** i * (1 + 0.01 * Math.sin(i / 3)))

describe('advice', () => {
  it('buys a steady uptrend and sells a steady downtrend', () => {
    const a = advise({ bars: up, riskScore: 70 })
    expect(a.action).toBe('buy')
    expect(a.confidence).toBeGreaterThan(0)
    expect(a.confidence).toBeLessThanOrEqual(1)
    expect(a.votes).toHaveLength(6)
    expect(a.rationale).toMatch(/strategies are long/)
    const b = advise({ bars: down, riskScore: 70 })
    expect(b.action).toBe('sell')
  })

  it('sentiment moves the score in its direction and a missing hint is neutral', () => {
    const neutral = advise({ bars: up })
    const bear = advise({ bars: up, sentiment: { score: -1, confidence: 1 } })
    const bull = advise({ bars: up, sentiment: { score: 1, confidence: 1 } })
    expect(bear.score).toBeLessThan(neutral.score)
    expect(bull.score).toBeGreaterThanOrEqual(neutral.score)
    expect(neutral.sentiment.score).toBe(0)
    expect(neutral.rationale).toMatch(/sentiment neutral/)
  })

  it('a cautious profile needs a stronger consensus to buy than an aggressive one', () => {
    const flatish = path(300, (i) => 100 * 1.0006 ** i * (1 + 0.02 * Math.sin(i / 5)))
    const bold = advise({ bars: flatish, riskScore: 100 })
    const shy = advise({ bars: flatish, riskScore: 0 })
    const rank = { sell: 0, hold: 1, buy: 2 }
    expect(rank[shy.action]).toBeLessThanOrEqual(rank[bold.action])
    expect(shy.rationale).toMatch(/risk score 0/)
  })

  it('rejects short histories', () => {
    expect(() => advise({ bars: path(30, (i) => 100 + i) })).toThrow(/at least 60 bars/)
  })
})
