import { ValidationError } from '../errors.ts'
import type { PriceBars } from './backtest.ts'
import { bollinger, crossover, ema, macd, rsi, sma } from './indicators.ts'

/** One tunable parameter: its default and the range a search may explore. */
export interface ParamSpec {
  default: number
  min: number
  max: number
  integer: boolean
}

/** A strategy: parameters, the bars it needs before its first signal, and a signal generator. */
export interface Strategy {
  name: string
  description: string
  params: Record<string, ParamSpec>
  /** Bars consumed before the first signal can appear (the request needs more than this). */
  warmup(params: Record<string, number>): number
  /** Rejects impossible parameter combinations; returns the reason. */
  problem?(params: Record<string, number>): string | undefined
  /** +1 buy, -1 sell, 0 hold, one per bar, decided at the bar's close. */
  signals(bars: PriceBars, params: Record<string, number>): Int8Array
}

const int = (d: number, min: number, max: number): ParamSpec => ({ default: d, min, max, integer: true })
const real = (d: number, min: number, max: number): ParamSpec => ({ default: d, min, max, integer: false })

/** Signal from two thresholds on an oscillator: +1 while below `low`, -1 while above `high`. */
function bandSignals(x: Float64Array, low: number, high: number): Int8Array {
  const out = new Int8Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!
    if (v < low) out[i] = 1
    else if (v > high) out[i] = -1
  }
  return out
}

const smaCross: Strategy = {
  name: 'sma_cross',
  description: 'Buy when the close crosses above its SMA(period); sell when it crosses below.',
  params: { period: int(15, 2, 250) },
  warmup: (p) => p.period!,
  signals: (bars, p) => crossover(bars.close, sma(bars.close, p.period!)),
}

const maCross: Strategy = {
  name: 'ma_cross',
  description: 'Buy when the fast moving average crosses above the slow one; sell on the cross below.',
  params: { fast: int(10, 2, 200), slow: int(30, 3, 400), exponential: int(0, 0, 1) },
  warmup: (p) => p.slow!,
  problem: (p) => (p.fast! >= p.slow! ? 'fast must be shorter than slow' : undefined),
  signals: (bars, p) => {
    const f = p.exponential ? ema : sma
    return crossover(f(bars.close, p.fast!), f(bars.close, p.slow!))
  },
}

const rsiReversion: Strategy = {
  name: 'rsi_reversion',
  description:
    'Mean reversion: buy while RSI is below `lower` (oversold), sell while above `upper` (overbought).',
  params: { period: int(14, 2, 100), lower: real(30, 5, 50), upper: real(70, 50, 95) },
  warmup: (p) => p.period! + 1,
  problem: (p) => (p.lower! >= p.upper! ? 'lower must be below upper' : undefined),
  signals: (bars, p) => bandSignals(rsi(bars.close, p.period!), p.lower!, p.upper!),
}

const rsiBreakout: Strategy = {
  name: 'rsi_breakout',
  description: 'Momentum: buy when RSI crosses above `upper`, sell when it crosses below `lower`.',
  params: { period: int(14, 2, 100), lower: real(40, 5, 60), upper: real(60, 40, 95) },
  warmup: (p) => p.period! + 1,
  problem: (p) => (p.lower! > p.upper! ? 'lower must not exceed upper' : undefined),
  signals: (bars, p) => {
    const r = rsi(bars.close, p.period!)
    const out = new Int8Array(r.length)
    for (let i = 1; i < r.length; i++) {
      const a = r[i - 1]!
      const b = r[i]!
      if (a <= p.upper! && b > p.upper!) out[i] = 1
      else if (a >= p.lower! && b < p.lower!) out[i] = -1
    }
    return out
  },
}

const macdTrend: Strategy = {
  name: 'macd_trend',
  description:
    'Trend following: buy when the MACD line crosses above its signal line, sell on the cross below.',
  params: { fast: int(12, 2, 100), slow: int(26, 3, 200), signal: int(9, 2, 50) },
  warmup: (p) => p.slow! + p.signal! - 1,
  problem: (p) => (p.fast! >= p.slow! ? 'fast must be shorter than slow' : undefined),
  signals: (bars, p) => {
    const m = macd(bars.close, p.fast!, p.slow!, p.signal!)
    return crossover(m.macd, m.signal)
  },
}

const bollingerReversion: Strategy = {
  name: 'bollinger_reversion',
  description: 'Buy when the close falls below the lower band, sell when it rises above the upper band.',
  params: { period: int(20, 2, 200), dev: real(2, 0.5, 4) },
  warmup: (p) => p.period!,
  signals: (bars, p) => {
    const b = bollinger(bars.close, p.period!, p.dev!)
    const out = new Int8Array(bars.close.length)
    for (let i = 0; i < out.length; i++) {
      const c = bars.close[i]!
      if (c < b.lower[i]!) out[i] = 1
      else if (c > b.upper[i]!) out[i] = -1
    }
    return out
  },
}

const buyHold: Strategy = {
  name: 'buy_hold',
  description: 'Buy at the first bar and hold.',
  params: {},
  warmup: () => 1,
  signals: (bars) => {
    const out = new Int8Array(bars.close.length)
    if (out.length > 0) out[0] = 1
    return out
  },
}

/** Every built-in strategy by name. */
export const STRATEGIES: Readonly<Record<string, Strategy>> = {
  sma_cross: smaCross,
  ma_cross: maCross,
  rsi_reversion: rsiReversion,
  rsi_breakout: rsiBreakout,
  macd_trend: macdTrend,
  bollinger_reversion: bollingerReversion,
  buy_hold: buyHold,
}

/** Strategy names as a tuple for schemas. */
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as [string, ...string[]]

/** Looks up a strategy and fills in default parameters; unknown names or parameters are 400s. */
export function resolveStrategy(
  name: string,
  params: Record<string, number> = {},
): { strategy: Strategy; params: Record<string, number> } {
  const strategy = STRATEGIES[name]
  if (!strategy) {
    throw new ValidationError(`unknown strategy '${name}'`, {
      details: { field: 'strategy.name', allowed: STRATEGY_NAMES },
    })
  }
  const full: Record<string, number> = {}
  for (const [k, spec] of Object.entries(strategy.params)) {
    const v = params[k] ?? spec.default
    if (!Number.isFinite(v) || v < spec.min || v > spec.max || (spec.integer && !Number.isInteger(v))) {
      throw new ValidationError(
        `strategy param '${k}' must be ${spec.integer ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}]`,
        { details: { field: `strategy.params.${k}` } },
      )
    }
    full[k] = v
  }
  for (const k of Object.keys(params)) {
    if (!(k in strategy.params)) {
      throw new ValidationError(`strategy '${name}' has no param '${k}'`, {
        details: { field: `strategy.params.${k}`, allowed: Object.keys(strategy.params) },
      })
    }
  }
  const why = strategy.problem?.(full)
  if (why) throw new ValidationError(why, { details: { field: 'strategy.params' } })
  return { strategy, params: full }
}
