/** Performance metrics of an equity curve and its closed trades; definitions are in docs/analytics.md. */

/** A closed (or, at the end, still open) round trip. */
export interface Trade {
  side: 'long' | 'short'
  entryIndex: number
  entryDate: string
  entryPrice: number
  exitIndex: number | null
  exitDate: string | null
  exitPrice: number | null
  size: number
  /** Profit after both legs' costs; for an open trade, marked at the last close. */
  pnl: number
  /** pnl divided by the entry notional. */
  returnPct: number
  commission: number
}

/** The metrics every backtest reports. Ratios that are undefined (no losses, zero volatility) are null. */
export interface BacktestMetrics {
  initialValue: number
  finalValue: number
  totalReturn: number
  cagr: number
  volatility: number
  sharpe: number | null
  sortino: number | null
  maxDrawdown: number
  maxDrawdownDuration: number
  calmar: number | null
  winRate: number | null
  profitFactor: number | null
  exposure: number
  trades: number
  benchmarkReturn: number
}

/** Running tallies of closed trades (kept by the engines so sweeps need no trade list). */
export interface TradeStats {
  closed: number
  wins: number
  grossWin: number
  grossLoss: number
}

/** Tallies closed trades of a list (open trades have a null exit and are left out). */
export function tradeStats(trades: readonly Trade[]): TradeStats {
  const s: TradeStats = { closed: 0, wins: 0, grossWin: 0, grossLoss: 0 }
  for (const t of trades) {
    if (t.exitIndex === null) continue
    s.closed++
    if (t.pnl > 0) {
      s.wins++
      s.grossWin += t.pnl
    } else s.grossLoss -= t.pnl
  }
  return s
}

export interface MetricOptions {
  periodsPerYear?: number
  riskFreeRate?: number
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

/** Drawdown statistics: deepest fall from a running peak (a positive fraction) and longest time under water in bars. */
export function drawdown(equity: ArrayLike<number>): { maxDrawdown: number; maxDuration: number } {
  let peak = Number.NEGATIVE_INFINITY
  let peakAt = 0
  let maxDd = 0
  let maxDur = 0
  for (let i = 0; i < equity.length; i++) {
    const v = equity[i]!
    if (v >= peak) {
      peak = v
      peakAt = i
    } else {
      const dd = peak > 0 ? (peak - v) / peak : 0
      if (dd > maxDd) maxDd = dd
      if (i - peakAt > maxDur) maxDur = i - peakAt
    }
  }
  return { maxDrawdown: maxDd, maxDuration: maxDur }
}

/** Computes the standard metric set from an equity curve (one value per bar), trades and exposure. */
export function computeMetrics(
  equity: Float64Array,
  stats: TradeStats,
  barsInMarket: number,
  benchmarkReturn: number,
  options: MetricOptions = {},
): BacktestMetrics {
  const ppy = options.periodsPerYear ?? 252
  const rfPer = (options.riskFreeRate ?? 0) / ppy
  const n = equity.length
  const first = equity[0] ?? 0
  const last = equity[n - 1] ?? 0
  let sum = 0
  let sumSq = 0
  let downSq = 0
  let count = 0
  for (let i = 1; i < n; i++) {
    const prev = equity[i - 1]!
    const r = prev !== 0 ? equity[i]! / prev - 1 - rfPer : 0
    sum += r
    sumSq += r * r
    if (r < 0) downSq += r * r
    count++
  }
  const { maxDrawdown, maxDuration } = drawdown(equity)
  return finishMetrics(
    {
      first,
      last,
      bars: n,
      sum,
      sumSq,
      downSq,
      count,
      maxDrawdown,
      maxDuration,
      barsInMarket,
      benchmarkReturn,
    },
    stats,
    ppy,
  )
}

/** Running sums over per-bar returns, as the engines and the sweep kernel accumulate them. */
export interface ReturnSums {
  first: number
  last: number
  bars: number
  sum: number
  sumSq: number
  downSq: number
  count: number
  maxDrawdown: number
  maxDuration: number
  barsInMarket: number
  benchmarkReturn: number
}

/** Turns running sums into metrics; shared so the fused sweep kernel reports exactly what the engine does. */
export function finishMetrics(a: ReturnSums, stats: TradeStats, ppy = 252): BacktestMetrics {
  const { first, last, sum, sumSq, downSq, count, maxDrawdown } = a
  const mean = count > 0 ? sum / count : 0
  const variance = count > 1 ? (sumSq - count * mean * mean) / (count - 1) : 0
  const sd = Math.sqrt(Math.max(variance, 0))
  const downside = count > 0 ? Math.sqrt(downSq / count) : 0
  const years = count / ppy
  const totalReturn = first !== 0 ? last / first - 1 : 0
  const cagr = years > 0 && last > 0 && first > 0 ? (last / first) ** (1 / years) - 1 : last > 0 ? 0 : -1
  const { closed, wins, grossWin, grossLoss } = stats
  return {
    initialValue: first,
    finalValue: last,
    totalReturn,
    cagr,
    volatility: sd * Math.sqrt(ppy),
    sharpe: sd > 1e-15 ? finiteOrNull((mean / sd) * Math.sqrt(ppy)) : null,
    sortino: downside > 1e-15 ? finiteOrNull((mean / downside) * Math.sqrt(ppy)) : null,
    maxDrawdown,
    maxDrawdownDuration: a.maxDuration,
    calmar: maxDrawdown > 0 ? finiteOrNull(cagr / maxDrawdown) : null,
    winRate: closed > 0 ? wins / closed : null,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    exposure: a.bars > 0 ? a.barsInMarket / a.bars : 0,
    trades: closed,
    benchmarkReturn: a.benchmarkReturn,
  }
}
