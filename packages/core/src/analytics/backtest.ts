import { ValidationError } from '../errors.ts'
import { type BacktestMetrics, computeMetrics, type Trade, type TradeStats } from './metrics.ts'

/** Column bars as the engines read them (no per-bar objects). */
export interface PriceBars {
  dates: readonly string[]
  open: ArrayLike<number>
  high: ArrayLike<number>
  low: ArrayLike<number>
  close: ArrayLike<number>
  volume?: ArrayLike<number>
}

/** How orders become fills. Percentages are in percent (0.1 means 0.1 %). */
export interface ExecutionOptions {
  /** 'close': fill at the signal bar's close; 'next_open': order at the close, fill at the next bar's open. */
  fill?: 'close' | 'next_open'
  /** Fixed number of units per entry, or a percent of equity at fill time (fractional units). */
  sizing?: { units: number } | { percent: number }
  /** Commission per fill: percent of traded value plus a fixed amount. */
  commission?: { percent?: number; fixed?: number }
  /** Adverse price move per fill, in basis points. */
  slippageBps?: number
  /** Allow short positions: a sell signal when flat opens a short, and signals reverse positions. */
  allowShort?: boolean
}

export interface BacktestOptions {
  initialCash?: number
  execution?: ExecutionOptions
  periodsPerYear?: number
  riskFreeRate?: number
  /** Skip building the trade list (parameter sweeps only need the metrics). */
  collectTrades?: boolean
}

export interface BacktestResult {
  metrics: BacktestMetrics
  trades: Trade[]
  equity: Float64Array
  /** Fill prices in order, for audits and parity checks. */
  fills: { index: number; side: 'buy' | 'sell'; price: number; size: number }[]
}

/**
 * Runs one symbol through a signal array: +1 = go long (or cover and go long), -1 = close a long (or go short
 * when shorting is allowed), 0 = hold. Signals are read at each bar's close. One pass, typed arrays only.
 */
export function runBacktest(
  bars: PriceBars,
  signals: Int8Array,
  options: BacktestOptions = {},
): BacktestResult {
  const n = bars.close.length
  if (n === 0) throw new ValidationError('no bars to backtest', { details: { field: 'bars' } })
  if (signals.length !== n) throw new ValidationError('signals and bars differ in length')
  const ex = options.execution ?? {}
  const nextOpen = (ex.fill ?? 'next_open') === 'next_open'
  const sizing = ex.sizing ?? { units: 1 }
  const unitSize = 'units' in sizing ? sizing.units : 0
  const pct = 'percent' in sizing ? sizing.percent / 100 : 0
  const commRate = (ex.commission?.percent ?? 0) / 100
  const commFixed = ex.commission?.fixed ?? 0
  const slip = (ex.slippageBps ?? 0) / 10_000
  const allowShort = ex.allowShort ?? false
  const collect = options.collectTrades ?? true
  const { open, close, dates } = bars

  const equity = new Float64Array(n)
  const trades: Trade[] = []
  const fills: BacktestResult['fills'] = []
  let cash = options.initialCash ?? 10_000
  let pos = 0
  let pending = 0 // target direction of an order waiting for the next open
  let entryPrice = 0
  let entryIndex = 0
  let entryComm = 0
  let inMarket = 0
  const stats: TradeStats = { closed: 0, wins: 0, grossWin: 0, grossLoss: 0 }

  const closePosition = (i: number, px: number) => {
    const size = Math.abs(pos)
    const fillPx = pos > 0 ? px * (1 - slip) : px * (1 + slip)
    const comm = size * fillPx * commRate + commFixed
    cash += pos * fillPx - comm
    const pnl = (fillPx - entryPrice) * pos - entryComm - comm
    stats.closed++
    if (pnl > 0) {
      stats.wins++
      stats.grossWin += pnl
    } else stats.grossLoss -= pnl
    if (collect) {
      fills.push({ index: i, side: pos > 0 ? 'sell' : 'buy', price: fillPx, size })
      trades.push({
        side: pos > 0 ? 'long' : 'short',
        entryIndex,
        entryDate: dates[entryIndex]!,
        entryPrice,
        exitIndex: i,
        exitDate: dates[i]!,
        exitPrice: fillPx,
        size,
        pnl,
        returnPct: pnl / (entryPrice * size),
        commission: entryComm + comm,
      })
    }
    pos = 0
  }

  const openPosition = (i: number, px: number, dir: number) => {
    const fillPx = dir > 0 ? px * (1 + slip) : px * (1 - slip)
    let size = unitSize
    if (pct > 0) size = Math.max(0, (cash * pct - commFixed) / (fillPx * (1 + commRate)))
    const comm = size * fillPx * commRate + commFixed
    // Like backtrader's cash check: a long entry the cash cannot pay for is rejected.
    if (size <= 0 || (dir > 0 && size * fillPx + comm > cash + 1e-9)) return
    cash -= dir * size * fillPx + comm
    pos = dir * size
    entryPrice = fillPx
    entryIndex = i
    entryComm = comm
    if (collect) fills.push({ index: i, side: dir > 0 ? 'buy' : 'sell', price: fillPx, size })
  }

  const act = (i: number, px: number, sig: number) => {
    if (sig > 0) {
      if (pos < 0) closePosition(i, px)
      if (pos === 0) openPosition(i, px, 1)
    } else if (sig < 0) {
      if (pos > 0) closePosition(i, px)
      if (pos === 0 && allowShort) openPosition(i, px, -1)
    }
  }

  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      act(i, open[i]!, pending)
      pending = 0
    }
    const s = signals[i]!
    if (s !== 0 && ((s > 0 && pos <= 0) || (s < 0 && (pos > 0 || (allowShort && pos === 0))))) {
      if (nextOpen) pending = s
      else act(i, close[i]!, s)
    }
    if (pos !== 0) inMarket++
    equity[i] = cash + pos * close[i]!
  }

  if (collect && pos !== 0) {
    const last = close[n - 1]!
    const size = Math.abs(pos)
    const pnl = (last - entryPrice) * pos - entryComm
    trades.push({
      side: pos > 0 ? 'long' : 'short',
      entryIndex,
      entryDate: dates[entryIndex]!,
      entryPrice,
      exitIndex: null,
      exitDate: null,
      exitPrice: null,
      size,
      pnl,
      returnPct: pnl / (entryPrice * size),
      commission: entryComm,
    })
  }
  const benchmarkReturn = close[n - 1]! / close[0]! - 1
  const metrics = computeMetrics(equity, stats, inMarket, benchmarkReturn, options)
  return { metrics, trades, equity, fills }
}
