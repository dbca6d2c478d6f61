import { ValidationError } from '../errors.ts'
import { commonDates } from '../market/history.ts'
import type { ExecutionOptions, PriceBars } from './backtest.ts'
import { type BacktestMetrics, computeMetrics } from './metrics.ts'
import { resolveStrategy } from './strategies.ts'

export interface BasketOptions {
  initialCash?: number
  /** Rebalance every this many bars (21 = about monthly). */
  rebalanceEvery?: number
  execution?: Pick<ExecutionOptions, 'fill' | 'commission' | 'slippageBps'>
  /** 'universe': each active symbol gets 1/N of equity (cash for the rest); 'active': split among active ones. */
  weighting?: 'universe' | 'active'
}

export interface BasketResult {
  dates: readonly string[]
  equity: Float64Array
  metrics: BacktestMetrics & { rebalances: number; turnover: number }
  /** Final weights by symbol. */
  weights: Record<string, number>
}

/**
 * Multi-symbol backtest: the strategy runs on every symbol; on each rebalance bar the basket is traded to equal
 * weights over the symbols whose strategy is long (long only), with commission and slippage on every trade.
 * Bars are aligned on the dates all symbols share (`commonDates`: each member's dates sorted, no duplicates).
 */
export function runBasket(
  members: readonly { symbol: string; bars: PriceBars }[],
  strategyName: string,
  params: Record<string, number> = {},
  options: BasketOptions = {},
): BasketResult {
  if (members.length === 0) throw new ValidationError('empty basket', { details: { field: 'symbols' } })
  const { strategy, params: full } = resolveStrategy(strategyName, params)
  const every = options.rebalanceEvery ?? 21
  if (!Number.isInteger(every) || every < 1)
    throw new ValidationError('rebalanceEvery must be a positive integer')
  const { dates, index } = commonDates(members.map((m) => m.bars.dates))
  const n = dates.length
  if (n < strategy.warmup(full) + 2)
    throw new ValidationError(
      `the basket shares only ${n} dates; the strategy needs ${strategy.warmup(full) + 2}`,
    )
  const k = members.length
  const open: Float64Array[] = []
  const close: Float64Array[] = []
  const state: Uint8Array[] = []
  for (const [j, m] of members.entries()) {
    const idx = index[j]!
    // a member quoted on every common date is read in place (the index is then 0..n-1), else gathered
    const whole = idx.length === m.bars.close.length
    const column = (src: ArrayLike<number>): Float64Array => {
      if (whole && src instanceof Float64Array) return src
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = src[idx[i]!]!
      return out
    }
    const o = column(m.bars.open)
    const c = column(m.bars.close)
    const h = column(m.bars.high)
    const l = column(m.bars.low)
    const sig = strategy.signals({ dates, open: o, high: h, low: l, close: c }, full)
    const st = new Uint8Array(n)
    let s = 0
    for (let i = 0; i < n; i++) {
      if (sig[i]! > 0) s = 1
      else if (sig[i]! < 0) s = 0
      st[i] = s
    }
    open.push(o)
    close.push(c)
    state.push(st)
  }
  const ex = options.execution ?? {}
  const nextOpen = (ex.fill ?? 'close') === 'next_open'
  const commRate = (ex.commission?.percent ?? 0) / 100
  const commFixed = ex.commission?.fixed ?? 0
  const slip = (ex.slippageBps ?? 0) / 10_000
  const shares = new Float64Array(k)
  const target = new Float64Array(k)
  const equity = new Float64Array(n)
  let cash = options.initialCash ?? 100_000
  let pending = false
  let rebalances = 0
  let traded = 0
  let fills = 0
  let inMarket = 0

  const trade = (px: Float64Array[], i: number) => {
    let value = cash
    for (let j = 0; j < k; j++) value += shares[j]! * px[j]![i]!
    // Sells first so their proceeds fund the buys.
    for (const sellPass of [true, false]) {
      for (let j = 0; j < k; j++) {
        const p = px[j]![i]!
        const want = (target[j]! * value) / p
        const delta = want - shares[j]!
        if (Math.abs(delta * p) < 1e-9 * value || delta < 0 !== sellPass) continue
        const fill = delta > 0 ? p * (1 + slip) : p * (1 - slip)
        let qty = delta
        const comm = Math.abs(qty) * fill * commRate + commFixed
        if (qty > 0 && qty * fill + comm > cash)
          qty = Math.max(0, (cash - commFixed) / (fill * (1 + commRate)))
        if (qty === 0) continue
        cash -= qty * fill + Math.abs(qty) * fill * commRate + commFixed
        shares[j]! += qty
        traded += Math.abs(qty * fill)
        fills++
      }
    }
    rebalances++
  }

  const setTargets = (i: number) => {
    let active = 0
    for (let j = 0; j < k; j++) active += state[j]![i]!
    const w = options.weighting === 'active' ? (active > 0 ? 1 / active : 0) : 1 / k
    for (let j = 0; j < k; j++) target[j] = state[j]![i]! ? w : 0
  }

  let turnoverBase = 0
  for (let i = 0; i < n; i++) {
    if (pending) {
      trade(open, i)
      pending = false
    }
    if (i % every === 0 || i === n - 1) {
      if (i < n - 1 || !nextOpen) {
        setTargets(i)
        if (nextOpen) pending = true
        else trade(close, i)
      }
    }
    let v = cash
    let held = false
    for (let j = 0; j < k; j++) {
      v += shares[j]! * close[j]![i]!
      if (shares[j] !== 0) held = true
    }
    if (held) inMarket++
    equity[i] = v
    turnoverBase += v
  }
  let bench = 0
  for (let j = 0; j < k; j++) bench += close[j]![n - 1]! / close[j]![0]! / k
  const base = computeMetrics(equity, { closed: 0, wins: 0, grossWin: 0, grossLoss: 0 }, inMarket, bench - 1)
  const weights: Record<string, number> = {}
  const last = equity[n - 1]!
  members.forEach((m, j) => {
    weights[m.symbol] = (shares[j]! * close[j]![n - 1]!) / last
  })
  return {
    dates,
    equity,
    metrics: {
      ...base,
      trades: fills,
      rebalances,
      turnover: turnoverBase > 0 ? traded / (turnoverBase / n) : 0,
    },
    weights,
  }
}
