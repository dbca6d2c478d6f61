import { ValidationError } from '../../errors.ts'

/** Price columns (NaN before a series starts), one per asset, all of the same length. */
export type PriceColumns = readonly ArrayLike<number>[]

/** A symmetric n x n matrix, row-major. */
export interface Matrix {
  n: number
  data: Float64Array
}

/** Simple returns per column (price/previous - 1); NaN where either price is missing. The first row is dropped. */
export function returnsFromPrices(prices: PriceColumns): Float64Array[] {
  return prices.map((p) => {
    const out = new Float64Array(Math.max(0, p.length - 1))
    for (let i = 1; i < p.length; i++) out[i - 1] = p[i]! / p[i - 1]! - 1
    return out
  })
}

/** Checks prices: same lengths, no NaN once a series has started, positive. Returns the asset count. */
export function validatePrices(prices: PriceColumns, names?: readonly string[]): number {
  if (prices.length === 0)
    throw new ValidationError('empty universe: no price series', { details: { field: 'prices' } })
  const t = prices[0]!.length
  prices.forEach((p, j) => {
    const name = names?.[j] ?? String(j)
    if (p.length !== t) throw new ValidationError(`series ${name} has ${p.length} prices, expected ${t}`)
    let started = false
    let count = 0
    for (let i = 0; i < t; i++) {
      const v = p[i]!
      if (Number.isNaN(v)) {
        if (started)
          throw new ValidationError(`series ${name} has a missing or NaN price after it starts (row ${i})`, {
            details: { field: `prices.series.${name}`, row: i },
          })
        continue
      }
      if (!(v > 0) || !Number.isFinite(v))
        throw new ValidationError(`series ${name} has a non-positive or infinite price (row ${i})`, {
          details: { field: `prices.series.${name}`, row: i },
        })
      started = true
      count++
    }
    if (count < 3)
      throw new ValidationError(`series ${name} needs at least 3 prices`, {
        details: { field: `prices.series.${name}` },
      })
  })
  return prices.length
}

/** Mean historical return, compounded (geometric) by default, annualised over `frequency` periods (PyPortfolioOpt). */
export function meanHistoricalReturn(
  prices: PriceColumns,
  compounding = true,
  frequency = 252,
): Float64Array {
  const rets = returnsFromPrices(prices)
  const out = new Float64Array(rets.length)
  rets.forEach((r, j) => {
    let logSum = 0
    let sum = 0
    let count = 0
    for (let i = 0; i < r.length; i++) {
      const x = r[i]!
      if (Number.isNaN(x)) continue
      logSum += Math.log1p(x)
      sum += x
      count++
    }
    out[j] = compounding ? Math.expm1((logSum * frequency) / count) : (sum / count) * frequency
  })
  return out
}

/** Exponentially weighted mean return (pandas ewm(span), adjust=True), compounded over `frequency` periods. */
export function emaHistoricalReturn(
  prices: PriceColumns,
  span = 500,
  compounding = true,
  frequency = 252,
): Float64Array {
  const rets = returnsFromPrices(prices)
  const keep = 1 - 2 / (span + 1)
  const out = new Float64Array(rets.length)
  rets.forEach((r, j) => {
    let num = 0
    let den = 0
    for (let i = 0; i < r.length; i++) {
      num *= keep
      den *= keep
      const x = r[i]!
      if (Number.isNaN(x)) continue
      num += x
      den += 1
    }
    const m = num / den
    out[j] = compounding ? (1 + m) ** frequency - 1 : m * frequency
  })
  return out
}

/** First non-NaN row of each column (series with leading gaps only, as validatePrices guarantees). */
function starts(cols: readonly ArrayLike<number>[]): Int32Array {
  const s = new Int32Array(cols.length)
  cols.forEach((c, j) => {
    let i = 0
    while (i < c.length && Number.isNaN(c[i]!)) i++
    s[j] = i
  })
  return s
}

/** `x` minus its mean over rows `from` to `t` (zeros before `from`), kept in `made[j]` for the next pair. */
function centredOwn(made: (Float64Array | undefined)[], j: number, x: Float64Array, from: number, t: number) {
  const kept = made[j]
  if (kept) return kept
  let mean = 0
  for (let i = from; i < t; i++) mean += x[i]!
  mean /= t - from
  const c = new Float64Array(t)
  for (let i = from; i < t; i++) c[i] = x[i]! - mean
  made[j] = c
  return c
}

/**
 * Sample covariance of returns x frequency. Missing values are handled pairwise as pandas does: each pair uses
 * the rows where both series exist, with means over those rows.
 */
export function sampleCov(prices: PriceColumns, frequency = 252): Matrix {
  const r = returnsFromPrices(prices)
  const n = r.length
  const t = r[0]?.length ?? 0
  const s = starts(r)
  const data = new Float64Array(n * n)
  // each series minus its mean over its own rows, made once: a pair that starts together uses exactly these
  // differences (the same sums in the same order), so only pairs with different starts run the loops below
  // (no closure over them: a closure made per call is a new call target each time, and the optimised code of the
  // previous call deoptimised on it: "wrong call target")
  const centred = new Array<Float64Array | undefined>(n)
  for (let a = 0; a < n; a++) {
    const x = r[a]!
    for (let b = a; b < n; b++) {
      const y = r[b]!
      const from = Math.max(s[a]!, s[b]!)
      const m = t - from
      if (s[a] === s[b]) {
        const cx = centredOwn(centred, a, x, s[a]!, t)
        const cy = centredOwn(centred, b, y, s[b]!, t)
        let c = 0
        for (let i = from; i < t; i++) c += cx[i]! * cy[i]!
        const v = m > 1 ? (c / (m - 1)) * frequency : Number.NaN
        data[a * n + b] = v
        data[b * n + a] = v
        continue
      }
      let mx = 0
      let my = 0
      for (let i = from; i < t; i++) {
        mx += x[i]!
        my += y[i]!
      }
      mx /= m
      my /= m
      let c = 0
      for (let i = from; i < t; i++) c += (x[i]! - mx) * (y[i]! - my)
      const v = m > 1 ? (c / (m - 1)) * frequency : Number.NaN
      data[a * n + b] = v
      data[b * n + a] = v
    }
  }
  return { n, data }
}

/**
 * Pearson correlation of returns, pairwise as pandas' DataFrame.corr() (PyPortfolioOpt's HRPOpt input): each pair
 * uses the rows where both exist, with its own means and standard deviations there, accumulated by Welford's method
 * in pandas' operation order. This differs from the covariance-implied correlation whenever series start on
 * different dates. NaN where a pair shares no variation (fewer than two rows, or one series constant there).
 */
export function sampleCorr(prices: PriceColumns): Matrix {
  const r = returnsFromPrices(prices)
  const n = r.length
  const t = r[0]?.length ?? 0
  const s = starts(r)
  const data = new Float64Array(n * n)
  for (let a = 0; a < n; a++) {
    const x = r[a]!
    for (let b = 0; b <= a; b++) {
      const y = r[b]!
      let nobs = 0
      let mx = 0
      let my = 0
      let sxx = 0
      let syy = 0
      let sxy = 0
      for (let i = Math.max(s[a]!, s[b]!); i < t; i++) {
        const vx = x[i]!
        const vy = y[i]!
        if (!Number.isFinite(vx) || !Number.isFinite(vy)) continue
        nobs++
        const dx = vx - mx
        const dy = vy - my
        mx += (1 / nobs) * dx
        my += (1 / nobs) * dy
        sxx += (vx - mx) * dx
        syy += (vy - my) * dy
        sxy += (vx - mx) * dy
      }
      const divisor = Math.sqrt(sxx * syy)
      const v = nobs > 0 && divisor !== 0 ? sxy / divisor : Number.NaN
      data[a * n + b] = v
      data[b * n + a] = v
    }
  }
  return { n, data }
}

/**
 * The sample correlation `sampleCorr` gives, from the sample covariance of the same prices when every series
 * starts on the same row: then every pair is measured over the same rows, and cov(a, b) / sqrt(var a var b) is the
 * same figure to rounding (within 1e-15) in n^2 steps instead of a pass over the returns per pair. Series that
 * start on different rows (pairwise windows) get `sampleCorr`. The diagonal is exactly 1.
 */
export function sampleCorrOf(prices: PriceColumns, cov: Matrix): Matrix {
  const s = starts(prices)
  for (let j = 1; j < s.length; j++) if (s[j] !== s[0]) return sampleCorr(prices)
  const { n, data } = cov
  const sd = new Float64Array(n)
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(data[i * n + i]!)
  const out = new Float64Array(n * n)
  for (let a = 0; a < n; a++) {
    out[a * n + a] = sd[a]! > 0 ? 1 : Number.NaN
    for (let b = 0; b < a; b++) {
      const d = sd[a]! * sd[b]!
      const v = d > 0 ? data[a * n + b]! / d : Number.NaN
      out[a * n + b] = v
      out[b * n + a] = v
    }
  }
  return { n, data: out }
}

/**
 * Ledoit-Wolf shrinkage towards a scaled identity (sklearn's estimator, as PyPortfolioOpt's
 * CovarianceShrinkage.ledoit_wolf uses it: missing returns count as zero). Returns the matrix and the intensity.
 */
export function ledoitWolf(prices: PriceColumns, frequency = 252): Matrix & { shrinkage: number } {
  const raw = returnsFromPrices(prices)
  const n = raw.length
  const t = raw[0]?.length ?? 0
  const x = raw.map((c) => {
    const out = new Float64Array(t)
    let m = 0
    for (let i = 0; i < t; i++) {
      const v = Number.isNaN(c[i]!) ? 0 : c[i]!
      out[i] = v
      m += v
    }
    m /= t
    for (let i = 0; i < t; i++) out[i]! -= m
    return out
  })
  const emp = new Float64Array(n * n)
  let delta = 0
  let beta = 0
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0
      let s2 = 0
      const xa = x[a]!
      const xb = x[b]!
      for (let i = 0; i < t; i++) {
        const p = xa[i]! * xb[i]!
        s += p
        s2 += p * p
      }
      const w = a === b ? 1 : 2
      emp[a * n + b] = s / t
      emp[b * n + a] = s / t
      delta += (w * s * s) / (t * t)
      beta += w * s2
    }
  }
  let trace = 0
  for (let a = 0; a < n; a++) trace += emp[a * n + a]!
  const mu = trace / n
  let b2 = (beta / t - delta) / (n * t)
  // ||emp - mu I||^2 / n, expanded as sklearn does.
  let d2 = (delta - 2 * mu * trace + n * mu * mu) / n
  if (d2 <= 0) d2 = 0
  b2 = Math.min(b2, d2)
  const shrinkage = b2 === 0 ? 0 : b2 / d2
  const data = new Float64Array(n * n)
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      data[a * n + b] = ((1 - shrinkage) * emp[a * n + b]! + (a === b ? shrinkage * mu : 0)) * frequency
  return { n, data, shrinkage }
}
