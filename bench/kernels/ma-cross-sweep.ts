/**
 * A fused SMA-crossover sweep kernel, kept in bench/ as the fast peer of the general engine: only the backtest
 * benchmark calls it, so it is not product code. Its metrics equal runBacktest's (ma-cross-sweep.test.ts).
 */
import {
  type BacktestMetrics,
  type ExecutionOptions,
  finishMetrics,
  type PriceBars,
  sma,
  type TradeStats,
  ValidationError,
} from '@supernova/core'

/** Cash, percent-of-equity sizing and execution for every pair of a sweep. */
export interface SweepOptions {
  initialCash?: number
  /** Sizing is a percent of equity here (sweeps compare strategies, not lot sizes); default 100. */
  percent?: number
  execution?: Pick<ExecutionOptions, 'fill' | 'commission' | 'slippageBps'>
  periodsPerYear?: number
  riskFreeRate?: number
}

/** One evaluated window pair. */
export interface SweepRow {
  fast: number
  slow: number
  metrics: BacktestMetrics
}

/**
 * Every (fast, slow) pair of SMA windows with fast < slow, long only: buy when the fast SMA crosses above the
 * slow one, sell on the cross below. Each SMA is computed once and shared; each pair runs a fused loop (signal,
 * fills, equity, return sums, drawdown) with no allocation per bar, and its metrics equal what
 * runBacktest reports for the same `ma_cross` strategy and execution (tested).
 */
export function maCrossSweep(
  bars: PriceBars,
  windows: readonly number[],
  options: SweepOptions = {},
): SweepRow[] {
  const close = bars.close
  const open = bars.open
  const n = close.length
  const ws = [...new Set(windows)].sort((a, b) => a - b)
  if (ws.length < 2) throw new ValidationError('a sweep needs at least two windows')
  if (ws[0]! < 1 || ws.at(-1)! >= n) throw new ValidationError(`windows must be within [1, ${n - 1}]`)
  const mas = new Map<number, Float64Array>()
  for (const w of ws) mas.set(w, sma(close, w))
  const ex = options.execution ?? {}
  const nextOpen = (ex.fill ?? 'next_open') === 'next_open'
  const pct = (options.percent ?? 100) / 100
  const commRate = (ex.commission?.percent ?? 0) / 100
  const commFixed = ex.commission?.fixed ?? 0
  const slip = (ex.slippageBps ?? 0) / 10_000
  const ppy = options.periodsPerYear ?? 252
  const rfPer = (options.riskFreeRate ?? 0) / ppy
  const cash0 = options.initialCash ?? 10_000
  const bench = close[n - 1]! / close[0]! - 1
  const out: SweepRow[] = []
  const cfg: PairConfig = { cash0, pct, commRate, commFixed, slip, nextOpen, rfPer }
  const acc = new Float64Array(11)

  for (let a = 0; a < ws.length; a++) {
    for (let b = a + 1; b < ws.length; b++) {
      const f = mas.get(ws[a]!)!
      const s = mas.get(ws[b]!)!
      const start = ws[b]! - 1
      runPair(f, s, close, open, start, cfg, acc)
      let sum = acc[1]!
      let sumSq = acc[2]!
      let downSq = acc[3]!
      // The flat bars before `start` contribute zero returns but still count as periods.
      const rfFlat = start > 0 ? Math.max(0, start - 1) : 0
      sum -= rfPer * rfFlat
      sumSq += rfPer * rfPer * rfFlat
      if (rfPer > 0) downSq += rfPer * rfPer * rfFlat
      const stats: TradeStats = { closed: acc[7]!, wins: acc[8]!, grossWin: acc[9]!, grossLoss: acc[10]! }
      out.push({
        fast: ws[a]!,
        slow: ws[b]!,
        metrics: finishMetrics(
          {
            first: cash0,
            last: acc[0]!,
            bars: n,
            sum,
            sumSq,
            downSq,
            count: n - 1,
            maxDrawdown: acc[4]!,
            maxDuration: acc[5]!,
            barsInMarket: acc[6]!,
            benchmarkReturn: bench,
          },
          stats,
          ppy,
        ),
      })
    }
  }
  return out
}

interface PairConfig {
  cash0: number
  pct: number
  commRate: number
  commFixed: number
  slip: number
  nextOpen: boolean
  rfPer: number
}

/**
 * One window pair, kept in its own small function so the JIT optimises it as a unit. Writes, in order: final
 * equity, sum, sum of squares and downside sum of squares of returns, max drawdown, its duration, bars in the
 * market, closed trades, wins, gross win, gross loss into `acc`.
 */
function runPair(
  f: Float64Array,
  s: Float64Array,
  close: ArrayLike<number>,
  open: ArrayLike<number>,
  start: number,
  cfg: PairConfig,
  acc: Float64Array,
): void {
  const n = close.length
  const { cash0, pct, commRate, commFixed, slip, nextOpen, rfPer } = cfg
  let cash = cash0
  let pos = 0
  let entryPx = 0
  let entryComm = 0
  let pending = 0
  let prevD = Number.NaN
  let prevEq = cash0
  let peak = cash0
  let maxDd = 0
  let maxDur = 0
  let sum = 0
  let sumSq = 0
  let downSq = 0
  let inMarket = 0
  let closed = 0
  let wins = 0
  let grossWin = 0
  let grossLoss = 0
  // Before the slow average exists nothing can happen: equity is flat, returns are zero.
  // drawdown() moves the peak along flat bars, so the last flat bar is the peak's position.
  let peakAt = Math.max(0, start - 1)
  const skipFlat = rfPer === 0
  if (!nextOpen && skipFlat) {
    // Fast path for fills at the close: scan flat stretches for an up-cross only, then walk the position
    // bar by bar until the down-cross. Same arithmetic, in the same order, as the general loop below.
    // An up-cross is the first positive difference after a negative one (zeros keep the last sign), and
    // the first difference at `start` only sets the sign, so the scan is two compare-only loops.
    let i = start
    let negative = false
    while (i < n) {
      if (!negative) {
        while (i < n && !(f[i]! < s[i]!)) i++
        i++
      }
      while (i < n && !(f[i]! > s[i]!)) i++
      if (i >= n) break
      const fill = close[i]! * (1 + slip)
      const size = Math.max(0, (cash * pct - commFixed) / (fill * (1 + commRate)))
      const comm = size * fill * commRate + commFixed
      if (!(size > 0 && size * fill + comm <= cash + 1e-9)) {
        negative = false
        i++
        continue
      }
      cash -= size * fill + comm
      pos = size
      entryPx = fill
      entryComm = comm
      inMarket++
      {
        const eq = cash + pos * close[i]!
        const r = eq / prevEq - 1
        sum += r
        sumSq += r * r
        if (r < 0) downSq += r * r
        if (eq >= peak) {
          if (prevEq < peak && i - 1 - peakAt > maxDur) maxDur = i - 1 - peakAt
          peak = eq
          peakAt = i
        } else {
          if (prevEq >= peak) peakAt = i - 1
          const dd = (peak - eq) / peak
          if (dd > maxDd) maxDd = dd
          if (i - peakAt > maxDur) maxDur = i - peakAt
        }
        prevEq = eq
      }
      for (i++; i < n; i++) {
        if (f[i]! < s[i]!) {
          const fx = close[i]! * (1 - slip)
          const cx = pos * fx * commRate + commFixed
          cash += pos * fx - cx
          const pnl = (fx - entryPx) * pos - entryComm - cx
          closed++
          if (pnl > 0) {
            wins++
            grossWin += pnl
          } else grossLoss -= pnl
          pos = 0
          {
            const eq = cash
            const r = eq / prevEq - 1
            sum += r
            sumSq += r * r
            if (r < 0) downSq += r * r
            if (eq >= peak) {
              if (prevEq < peak && i - 1 - peakAt > maxDur) maxDur = i - 1 - peakAt
              peak = eq
              peakAt = i
            } else {
              if (prevEq >= peak) peakAt = i - 1
              const dd = (peak - eq) / peak
              if (dd > maxDd) maxDd = dd
              if (i - peakAt > maxDur) maxDur = i - peakAt
            }
            prevEq = eq
          }
          break
        }
        inMarket++
        {
          const eq = cash + pos * close[i]!
          const r = eq / prevEq - 1
          sum += r
          sumSq += r * r
          if (r < 0) downSq += r * r
          if (eq >= peak) {
            if (prevEq < peak && i - 1 - peakAt > maxDur) maxDur = i - 1 - peakAt
            peak = eq
            peakAt = i
          } else {
            if (prevEq >= peak) peakAt = i - 1
            const dd = (peak - eq) / peak
            if (dd > maxDd) maxDd = dd
            if (i - peakAt > maxDur) maxDur = i - peakAt
          }
          prevEq = eq
        }
      }
      negative = true
      i++
    }
  } else
    for (let i = start; i < n; i++) {
      let traded = false
      if (pending !== 0) {
        // An order from the previous close fills at this open.
        if (pending > 0) {
          const fill = open[i]! * (1 + slip)
          const size = Math.max(0, (cash * pct - commFixed) / (fill * (1 + commRate)))
          const comm = size * fill * commRate + commFixed
          if (size > 0 && size * fill + comm <= cash + 1e-9) {
            cash -= size * fill + comm
            pos = size
            entryPx = fill
            entryComm = comm
          }
        } else {
          const fill = open[i]! * (1 - slip)
          const comm = pos * fill * commRate + commFixed
          cash += pos * fill - comm
          const pnl = (fill - entryPx) * pos - entryComm - comm
          closed++
          if (pnl > 0) {
            wins++
            grossWin += pnl
          } else grossLoss -= pnl
          pos = 0
        }
        pending = 0
        traded = true
      }
      const d = f[i]! - s[i]!
      let sig = 0
      if (prevD < 0) {
        if (d > 0 && pos === 0) sig = 1
      } else if (prevD > 0) {
        if (d < 0 && pos > 0) sig = -1
      }
      if (d !== 0 || Number.isNaN(prevD)) prevD = d
      if (sig !== 0) {
        if (nextOpen) pending = sig
        else if (sig > 0) {
          const fill = close[i]! * (1 + slip)
          const size = Math.max(0, (cash * pct - commFixed) / (fill * (1 + commRate)))
          const comm = size * fill * commRate + commFixed
          if (size > 0 && size * fill + comm <= cash + 1e-9) {
            cash -= size * fill + comm
            pos = size
            entryPx = fill
            entryComm = comm
            traded = true
          }
        } else {
          const fill = close[i]! * (1 - slip)
          const comm = pos * fill * commRate + commFixed
          cash += pos * fill - comm
          const pnl = (fill - entryPx) * pos - entryComm - comm
          closed++
          if (pnl > 0) {
            wins++
            grossWin += pnl
          } else grossLoss -= pnl
          pos = 0
          traded = true
        }
      }
      // Flat and untouched: equity equals the previous bar's, its return is exactly zero and the drawdown
      // state only ages, which the duration bookkeeping below accounts for lazily.
      if (pos === 0 && !traded && skipFlat) continue
      if (pos !== 0) inMarket++
      const eq = cash + pos * close[i]!
      if (i > 0) {
        const r = eq / prevEq - 1 - rfPer
        sum += r
        sumSq += r * r
        if (r < 0) downSq += r * r
      }
      if (eq >= peak) {
        if (prevEq < peak && i - 1 - peakAt > maxDur) maxDur = i - 1 - peakAt
        peak = eq
        peakAt = i
      } else {
        if (prevEq >= peak) peakAt = i - 1
        const dd = (peak - eq) / peak
        if (dd > maxDd) maxDd = dd
        if (i - peakAt > maxDur) maxDur = i - peakAt
      }
      prevEq = eq
    }
  if (prevEq < peak && n - 1 - peakAt > maxDur) maxDur = n - 1 - peakAt
  acc[0] = prevEq
  acc[1] = sum
  acc[2] = sumSq
  acc[3] = downSq
  acc[4] = maxDd
  acc[5] = maxDur
  acc[6] = inMarket
  acc[7] = closed
  acc[8] = wins
  acc[9] = grossWin
  acc[10] = grossLoss
}
