import { describe, expect, it } from 'vitest'
import { ema, rsi, sma } from '../analytics/indicators.ts'
import { tickWalk } from '../market/ticks.ts'
import {
  type AlertCondition,
  type AlertInputs,
  type AlertState,
  alertLookback,
  describeAlert,
  INITIAL_ALERT_STATE,
  measureAlert,
  stepAlert,
} from './rules.ts'

const at = new Date('2026-01-05T15:00:00Z')
const closes = Array.from({ length: 300 }, (_, i) => 100 + 10 * Math.sin(i / 9))
const live = (price: number, extra: Partial<AlertInputs> = {}): AlertInputs => ({
  closes,
  price,
  live: true,
  ...extra,
})

/** Feeds prices through one rule, returning the prices at which it fired. */
function run(condition: AlertCondition, prices: number[], hysteresis?: number) {
  let state: AlertState = INITIAL_ALERT_STATE
  const fired: number[] = []
  for (const p of prices) {
    const r = stepAlert({ symbol: 'AAPL', condition, hysteresis }, state, live(p), at)
    state = r.state
    if (r.fired) fired.push(p)
  }
  return { fired, state }
}

describe('stepAlert: once per crossing, with hysteresis', () => {
  const above = { kind: 'price', op: 'above', level: 100 } as const

  it('fires once when the price crosses, not again while it hovers, again after re-arming', () => {
    const { fired, state } = run(above, [98, 99, 100.5, 101, 99.8, 100.2, 99.4, 100.1, 103])
    // 99.8 is inside the 0.5% band, so 100.2 does not fire; 99.4 re-arms and 100.1 fires again
    expect(fired).toEqual([100.5, 100.1])
    expect(state).toMatchObject({ armed: false, fireCount: 2, value: 103 })
  })

  it('does not fire when the condition already held at the first evaluation', () => {
    expect(run(above, [105, 106, 104]).fired).toEqual([])
    expect(run(above, [105, 99, 101]).fired).toEqual([101])
  })

  it('honours a rule-specific hysteresis and below-crossings', () => {
    const below = { kind: 'price', op: 'below', level: 50 } as const
    expect(run(below, [51, 49, 50.1, 49], 0).fired).toEqual([49, 49])
    expect(run(below, [51, 49, 50.1, 49], 1).fired).toEqual([49])
  })

  it('leaves the state alone while there is not enough data', () => {
    const r = stepAlert(
      { symbol: 'AAPL', condition: { kind: 'sentiment', op: 'above', level: 0.2 } },
      INITIAL_ALERT_STATE,
      live(100),
      at,
    )
    expect(r).toEqual({ state: INITIAL_ALERT_STATE, changed: false })
  })

  it('stays quiet on a random walk that never reaches the level, and fires on a walk that does', () => {
    const next = tickWalk({ anchor: 100, seed: 7 })
    const walk = Array.from({ length: 500 }, next)
    const max = Math.max(...walk)
    expect(run({ ...above, level: max * 1.01 }, walk).fired).toEqual([])
    expect(run({ ...above, level: max - 1e-9 }, walk).fired).toEqual([max])
  })
})

describe('measureAlert per kind', () => {
  it('move: percent against the close windowBars back, by direction', () => {
    const base = { closes: [100, 110, 120], price: 132, live: true }
    expect(measureAlert({ kind: 'move', direction: 'up', percent: 5, windowBars: 1 }, base)).toEqual({
      value: expect.closeTo(10, 9),
      margin: expect.closeTo(5, 9),
    })
    const down = measureAlert({ kind: 'move', direction: 'down', percent: 5, windowBars: 3 }, base)
    expect(down?.value).toBeCloseTo(32, 9)
    expect(down?.margin).toBeCloseTo(-37, 9)
    expect(measureAlert({ kind: 'move', direction: 'up', percent: 5, windowBars: 9 }, base)).toBeUndefined()
  })

  it('rsi and moving averages use core indicators over the closes plus the live price', () => {
    const s = [...closes, 111]
    const r = measureAlert({ kind: 'rsi', op: 'above', level: 70, period: 14 }, live(111))
    expect(r?.value).toBe(rsi(s, 14).at(-1))
    expect(r?.margin).toBeCloseTo(r!.value - 70, 12)
    const m = measureAlert(
      { kind: 'ma_cross', average: 'ema', fast: 5, slow: 20, direction: 'below' },
      { closes, price: 0, live: false },
    )
    const f = ema(closes, 5).at(-1)!
    const sl = ema(closes, 20).at(-1)!
    expect(m?.value).toBeCloseTo(((f - sl) / sl) * 100, 12)
    expect(m?.margin).toBeCloseTo(-m!.value, 12)
    const warm = measureAlert(
      { kind: 'ma_cross', average: 'sma', fast: 5, slow: 500, direction: 'above' },
      live(100),
    )
    expect(warm).toBeUndefined()
    expect(sma(closes, 500).every(Number.isNaN)).toBe(true)
  })

  it('sma cross fires at the bar where the fast average crosses the slow one', () => {
    // flat, then a rally: SMA(3) crosses above SMA(10) once
    const series = [...Array(15).fill(100), 101, 103, 106, 110]
    const cond = { kind: 'ma_cross', average: 'sma', fast: 3, slow: 10, direction: 'above' } as const
    let state: AlertState = INITIAL_ALERT_STATE
    const fires: number[] = []
    for (let i = 11; i <= series.length; i++) {
      const r = stepAlert(
        { symbol: 'X', condition: cond, hysteresis: 0 },
        state,
        { closes: series.slice(0, i), price: series[i - 1]!, live: false },
        at,
      )
      state = r.state
      if (r.fired) fires.push(i - 1)
    }
    // SMAs are equal on the flat part (margin 0 at the first look: not armed), so the rally cannot fire until
    // the margin has been below zero; with a dip first it fires once the rally crosses.
    expect(fires).toEqual([])
    const dipped = [...Array(12).fill(100), 99, 98, 97, 99, 102, 106, 110]
    state = INITIAL_ALERT_STATE
    for (let i = 11; i <= dipped.length; i++) {
      const r = stepAlert(
        { symbol: 'X', condition: cond, hysteresis: 0 },
        state,
        { closes: dipped.slice(0, i), price: dipped[i - 1]!, live: false },
        at,
      )
      state = r.state
      if (r.fired) fires.push(i - 1)
    }
    const f = sma(dipped, 3)
    const sl = sma(dipped, 10)
    const firstAbove = dipped.findIndex((_, i) => i > 13 && f[i]! >= sl[i]!)
    expect(fires).toEqual([firstAbove])
  })

  it('sentiment crosses a level in either direction', () => {
    const cond = { kind: 'sentiment', op: 'below', level: -0.2 } as const
    expect(measureAlert(cond, live(1, { sentiment: -0.5 }))?.margin).toBeCloseTo(0.3, 12)
  })
})

describe('describeAlert and alertLookback', () => {
  it('names each kind', () => {
    expect(describeAlert('AAPL', { kind: 'price', op: 'above', level: 190 })).toBe('AAPL price above 190')
    expect(
      describeAlert('MSFT', { kind: 'ma_cross', average: 'sma', fast: 20, slow: 50, direction: 'above' }),
    ).toBe('MSFT SMA(20) crossed above SMA(50)')
    expect(describeAlert('KO', { kind: 'move', direction: 'down', percent: 3, windowBars: 5 })).toBe(
      'KO moved down 3% over 5 bars',
    )
  })

  it('asks for enough history to warm the indicators up', () => {
    expect(alertLookback({ kind: 'rsi', op: 'above', level: 70, period: 14 })).toBeGreaterThanOrEqual(140)
    expect(alertLookback({ kind: 'price', op: 'above', level: 1 })).toBe(0)
  })
})
