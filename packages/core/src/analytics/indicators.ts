/**
 * Technical indicators over typed arrays. Every function returns a new Float64Array of the input's length with
 * NaN during the warm-up, and follows backtrader's definitions (seeds, population deviation, Wilder smoothing) so
 * its published checkpoints reproduce exactly.
 */

type Series = ArrayLike<number>

/** Simple moving average; first value at index period-1. Re-summed every 1,024 bars to stop drift. */
export function sma(x: Series, period: number): Float64Array {
  const n = x.length
  const out = new Float64Array(n).fill(Number.NaN)
  if (period < 1 || n < period) return out
  let sum = 0
  for (let i = 0; i < period; i++) sum += x[i]!
  out[period - 1] = sum / period
  for (let i = period; i < n; i++) {
    if ((i & 1023) === 0) {
      sum = 0
      for (let j = i - period + 1; j <= i; j++) sum += x[j]!
    } else {
      sum += x[i]! - x[i - period]!
    }
    out[i] = sum / period
  }
  return out
}

/** Exponential smoothing with factor alpha, seeded by the SMA of the first `period` finite values. */
function smoothed(x: Series, period: number, alpha: number): Float64Array {
  const n = x.length
  const out = new Float64Array(n).fill(Number.NaN)
  let start = 0
  while (start < n && Number.isNaN(x[start]!)) start++
  if (period < 1 || n - start < period) return out
  let seed = 0
  for (let i = start; i < start + period; i++) seed += x[i]!
  let prev = seed / period
  out[start + period - 1] = prev
  const keep = 1 - alpha
  for (let i = start + period; i < n; i++) {
    prev = prev * keep + x[i]! * alpha
    out[i] = prev
  }
  return out
}

/** Exponential moving average (alpha 2/(period+1)), seeded with the SMA as backtrader does. */
export function ema(x: Series, period: number): Float64Array {
  return smoothed(x, period, 2 / (period + 1))
}

/** Wilder's smoothed moving average (alpha 1/period), used by RSI and ATR. */
export function smma(x: Series, period: number): Float64Array {
  return smoothed(x, period, 1 / period)
}

/** Relative strength index (Wilder); first value at index `period`. */
export function rsi(close: Series, period = 14): Float64Array {
  const n = close.length
  const up = new Float64Array(n).fill(Number.NaN)
  const down = new Float64Array(n).fill(Number.NaN)
  for (let i = 1; i < n; i++) {
    const d = close[i]! - close[i - 1]!
    up[i] = Math.max(d, 0)
    down[i] = d < 0 ? -d : 0
  }
  const au = smma(up, period)
  const ad = smma(down, period)
  const out = new Float64Array(n).fill(Number.NaN)
  for (let i = 0; i < n; i++) {
    const u = au[i]!
    const d = ad[i]!
    if (Number.isNaN(u)) continue
    // A window with no down moves is maximally strong, not undefined.
    out[i] = d === 0 ? (u === 0 ? 50 : 100) : 100 - 100 / (1 + u / d)
  }
  return out
}

/** MACD line (fast EMA - slow EMA), its signal EMA and the histogram. */
export function macd(
  close: Series,
  fast = 12,
  slow = 26,
  signal = 9,
): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  const f = ema(close, fast)
  const s = ema(close, slow)
  const n = close.length
  const line = new Float64Array(n)
  for (let i = 0; i < n; i++) line[i] = f[i]! - s[i]!
  const sig = ema(line, signal)
  const histogram = new Float64Array(n)
  for (let i = 0; i < n; i++) histogram[i] = line[i]! - sig[i]!
  return { macd: line, signal: sig, histogram }
}

/** Rolling population standard deviation (backtrader's StdDev), two-pass per window for accuracy. */
export function stddev(x: Series, period: number): Float64Array {
  const n = x.length
  const out = new Float64Array(n).fill(Number.NaN)
  const mean = sma(x, period)
  for (let i = period - 1; i < n; i++) {
    const m = mean[i]!
    let s = 0
    for (let j = i - period + 1; j <= i; j++) {
      const d = x[j]! - m
      s += d * d
    }
    out[i] = Math.sqrt(s / period)
  }
  return out
}

/** Bollinger bands: SMA middle and +/- `dev` population standard deviations. */
export function bollinger(
  close: Series,
  period = 20,
  dev = 2,
): { middle: Float64Array; upper: Float64Array; lower: Float64Array } {
  const middle = sma(close, period)
  const sd = stddev(close, period)
  const n = close.length
  const upper = new Float64Array(n)
  const lower = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    upper[i] = middle[i]! + dev * sd[i]!
    lower[i] = middle[i]! - dev * sd[i]!
  }
  return { middle, upper, lower }
}

/** True range (from the second bar: it needs the previous close). */
export function trueRange(high: Series, low: Series, close: Series): Float64Array {
  const n = close.length
  const out = new Float64Array(n).fill(Number.NaN)
  for (let i = 1; i < n; i++) {
    const pc = close[i - 1]!
    out[i] = Math.max(high[i]!, pc) - Math.min(low[i]!, pc)
  }
  return out
}

/** Average true range: Wilder smoothing of the true range; first value at index `period`. */
export function atr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return smma(trueRange(high, low, close), period)
}

/** Annualised rolling volatility: sample standard deviation of simple returns over `period` bars. */
export function rollingVolatility(close: Series, period = 20, periodsPerYear = 252): Float64Array {
  const n = close.length
  const out = new Float64Array(n).fill(Number.NaN)
  const scale = Math.sqrt(periodsPerYear)
  for (let i = period; i < n; i++) {
    let s = 0
    for (let j = i - period + 1; j <= i; j++) s += close[j]! / close[j - 1]! - 1
    const m = s / period
    let v = 0
    for (let j = i - period + 1; j <= i; j++) {
      const d = close[j]! / close[j - 1]! - 1 - m
      v += d * d
    }
    out[i] = Math.sqrt(v / (period - 1)) * scale
  }
  return out
}

/**
 * Crossover of a over b: +1 where a crosses above b, -1 where it crosses below, else 0. Like backtrader, the
 * "before" side is the last non-zero difference, so touching and bouncing back is not a cross.
 */
export function crossover(a: Series, b: Series): Int8Array {
  const n = a.length
  const out = new Int8Array(n)
  let prev = Number.NaN
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!
    if (Number.isNaN(d)) continue
    if (!Number.isNaN(prev)) {
      if (prev < 0 && d > 0) out[i] = 1
      else if (prev > 0 && d < 0) out[i] = -1
    }
    if (d !== 0 || Number.isNaN(prev)) prev = d
  }
  return out
}
