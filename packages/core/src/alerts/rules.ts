/**
 * User alert rules: what a rule watches, how far its condition holds (a "margin"), and the once-per-crossing state
 * machine with hysteresis. Pure: the evaluator in the api feeds it closes, the latest price and sentiment, and
 * stores the state it returns.
 *
 * Every condition reduces to a margin in the condition's own unit (percent of the level for prices and averages,
 * percentage points for moves, RSI points, sentiment score): `margin >= 0` means the condition holds. A rule fires
 * when the margin reaches zero while armed, then stays quiet until the margin falls below `-hysteresis` (re-arm),
 * so a price hovering at the level fires once, not on every tick. The first evaluation only records which side the
 * value is on: a rule fires on a crossing, not because its condition already held when it was created.
 */
import { ema, rsi, sma } from '../analytics/indicators.ts'

/** The kinds of rule, for schemas and docs. */
export const ALERT_KINDS = ['price', 'move', 'rsi', 'ma_cross', 'sentiment'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

/** What a rule watches on its symbol. */
export type AlertCondition =
  /** The price crosses a level. */
  | { kind: 'price'; op: 'above' | 'below'; level: number }
  /** The price moves at least `percent` against the close `windowBars` bars back. */
  | { kind: 'move'; direction: 'up' | 'down' | 'either'; percent: number; windowBars: number }
  /** RSI(period) crosses a level. */
  | { kind: 'rsi'; op: 'above' | 'below'; level: number; period: number }
  /** The fast average crosses the slow one (`above`: golden cross, `below`: death cross). */
  | { kind: 'ma_cross'; average: 'sma' | 'ema'; fast: number; slow: number; direction: 'above' | 'below' }
  /** The symbol's aggregate sentiment score (-1..1) crosses a level. */
  | { kind: 'sentiment'; op: 'above' | 'below'; level: number }

/** Re-arm distance per kind when a rule sets none, in the margin's unit (see the header). */
export const DEFAULT_HYSTERESIS: Readonly<Record<AlertKind, number>> = {
  price: 0.5,
  move: 0.5,
  rsi: 2,
  ma_cross: 0.1,
  sentiment: 0.05,
}

/** Market inputs for one symbol at one moment. */
export interface AlertInputs {
  /** Completed closes, oldest first (daily bars). */
  closes: ArrayLike<number>
  /** The latest price: a live tick, or the last close when `live` is false. */
  price: number
  /** A live price is appended to the closes as a provisional bar for indicators and moves. */
  live: boolean
  /** Aggregate sentiment score in [-1, 1], when known. */
  sentiment?: number
}

/** A rule's persisted evaluation state. */
export interface AlertState {
  /** true: waiting for the condition; false: fired (or first seen holding), waiting to re-arm; null: never evaluated. */
  armed: boolean | null
  /** Last measured value (price, move %, RSI, spread %, sentiment score). */
  value: number | null
  margin: number | null
  evaluatedAt: string | null
  firedAt: string | null
  fireCount: number
}

/** The state of a rule nobody has evaluated yet. */
export const INITIAL_ALERT_STATE: AlertState = Object.freeze({
  armed: null,
  value: null,
  margin: null,
  evaluatedAt: null,
  firedAt: null,
  fireCount: 0,
})

/** A measured condition: the value shown to users and the margin the state machine reads. */
export interface AlertMeasure {
  value: number
  margin: number
}

/** A firing produced by `stepAlert`. */
export interface AlertFired extends AlertMeasure {
  message: string
}

const last = (x: ArrayLike<number>) => (x.length ? x[x.length - 1]! : Number.NaN)

function series(inputs: AlertInputs): ArrayLike<number> {
  if (!inputs.live) return inputs.closes
  const out = new Float64Array(inputs.closes.length + 1)
  out.set(inputs.closes as ArrayLike<number>)
  out[inputs.closes.length] = inputs.price
  return out
}

const signed = (op: 'above' | 'below', d: number) => (op === 'above' ? d : -d)

/** The condition's value and margin, or undefined while there is not enough data (warm-up, no sentiment). */
export function measureAlert(condition: AlertCondition, inputs: AlertInputs): AlertMeasure | undefined {
  let m: AlertMeasure
  switch (condition.kind) {
    case 'price': {
      const p = inputs.price
      m = { value: p, margin: signed(condition.op, ((p - condition.level) / condition.level) * 100) }
      break
    }
    case 'move': {
      const s = series(inputs)
      const ref = s[s.length - 1 - condition.windowBars]
      if (ref === undefined || !(ref > 0)) return undefined
      const change = (inputs.price / ref - 1) * 100
      const toward =
        condition.direction === 'up' ? change : condition.direction === 'down' ? -change : Math.abs(change)
      m = { value: change, margin: toward - condition.percent }
      break
    }
    case 'rsi': {
      const r = last(rsi(series(inputs), condition.period))
      m = { value: r, margin: signed(condition.op, r - condition.level) }
      break
    }
    case 'ma_cross': {
      const s = series(inputs)
      const avg = condition.average === 'ema' ? ema : sma
      const fast = last(avg(s, condition.fast))
      const slow = last(avg(s, condition.slow))
      const spread = ((fast - slow) / slow) * 100
      m = { value: spread, margin: condition.direction === 'above' ? spread : -spread }
      break
    }
    case 'sentiment': {
      if (inputs.sentiment === undefined) return undefined
      m = { value: inputs.sentiment, margin: signed(condition.op, inputs.sentiment - condition.level) }
      break
    }
  }
  return Number.isFinite(m.value) && Number.isFinite(m.margin) ? m : undefined
}

const fmt = (x: number) => String(Number(Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(4)))

/** A short sentence naming the rule's condition (`AAPL price above 190`), used in firings. */
export function describeAlert(symbol: string, c: AlertCondition): string {
  switch (c.kind) {
    case 'price':
      return `${symbol} price ${c.op} ${fmt(c.level)}`
    case 'move':
      return `${symbol} moved ${c.direction === 'either' ? '' : `${c.direction} `}${fmt(c.percent)}% over ${c.windowBars} bar${c.windowBars === 1 ? '' : 's'}`
    case 'rsi':
      return `${symbol} RSI(${c.period}) ${c.op} ${fmt(c.level)}`
    case 'ma_cross': {
      const a = c.average.toUpperCase()
      return `${symbol} ${a}(${c.fast}) crossed ${c.direction} ${a}(${c.slow})`
    }
    case 'sentiment':
      return `${symbol} sentiment ${c.op} ${fmt(c.level)}`
  }
}

/** Closes a rule needs behind the latest one: indicator warm-up (RSI and EMA converge over several periods). */
export function alertLookback(c: AlertCondition): number {
  switch (c.kind) {
    case 'price':
    case 'sentiment':
      return 0
    case 'move':
      return c.windowBars + 1
    case 'rsi':
      return Math.max(250, c.period * 10)
    case 'ma_cross':
      return c.average === 'ema' ? Math.max(250, c.slow * 10) : c.slow + 1
  }
}

/**
 * One evaluation of one rule: the next state and, when the condition has just been reached while armed, the
 * firing. Without enough data the state is returned unchanged (`changed: false`).
 */
export function stepAlert(
  rule: { symbol: string; condition: AlertCondition; hysteresis?: number | null },
  state: AlertState,
  inputs: AlertInputs,
  at: Date,
): { state: AlertState; changed: boolean; fired?: AlertFired } {
  const m = measureAlert(rule.condition, inputs)
  if (!m) return { state, changed: false }
  const band = Math.abs(rule.hysteresis ?? DEFAULT_HYSTERESIS[rule.condition.kind])
  const next: AlertState = { ...state, value: m.value, margin: m.margin, evaluatedAt: at.toISOString() }
  let fired: AlertFired | undefined
  if (state.armed === null) next.armed = m.margin < 0
  else if (state.armed && m.margin >= 0) {
    next.armed = false
    next.firedAt = next.evaluatedAt
    next.fireCount = state.fireCount + 1
    fired = { ...m, message: `${describeAlert(rule.symbol, rule.condition)} (${fmt(m.value)})` }
  } else if (!state.armed && m.margin < -band) next.armed = true
  return { state: next, changed: true, fired }
}
