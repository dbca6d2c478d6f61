import { ValidationError } from '../../errors.ts'
import type { Matrix } from './estimates.ts'
import { ActiveSetQp } from './qp.ts'

/** Weight bounds: one pair for every asset, or one pair per asset. */
export type Bounds = readonly [number, number] | readonly (readonly [number, number])[]

/** Expected return, volatility and Sharpe ratio of a weight vector (annualised inputs give annualised outputs). */
export interface Performance {
  expectedReturn: number
  volatility: number
  sharpe: number
}

/** Result of one optimisation. */
export interface OptimizeResult extends Performance {
  weights: Float64Array
  iterations: number
}

export interface MeanVarianceInput {
  mu: ArrayLike<number>
  cov: Matrix
  bounds?: Bounds
  riskFreeRate?: number
}

/** Expands bounds to per-asset arrays and checks them. */
export function expandBounds(n: number, bounds: Bounds = [0, 1]): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(n)
  const hi = new Float64Array(n)
  const perAsset = Array.isArray(bounds[0])
  if (perAsset && bounds.length !== n)
    throw new ValidationError(`bounds has ${bounds.length} pairs for ${n} assets`, {
      details: { field: 'bounds' },
    })
  for (let i = 0; i < n; i++) {
    const [a, b] = (perAsset ? bounds[i] : bounds) as readonly [number, number]
    if (!Number.isFinite(a) || !Number.isFinite(b) || a > b)
      throw new ValidationError(`bounds for asset ${i} must be finite with lower <= upper`, {
        details: { field: 'bounds' },
      })
    lo[i] = a
    hi[i] = b
  }
  return { lo, hi }
}

/** Return, volatility and Sharpe of weights under mu and cov. */
export function portfolioPerformance(
  weights: ArrayLike<number>,
  mu: ArrayLike<number> | undefined,
  cov: Matrix,
  riskFreeRate = 0.02,
): Performance {
  const n = cov.n
  let ret = 0
  let v = 0
  for (let i = 0; i < n; i++) {
    const wi = weights[i]!
    if (mu) ret += wi * mu[i]!
    let s = 0
    const row = i * n
    for (let j = 0; j < n; j++) s += cov.data[row + j]! * weights[j]!
    v += wi * s
  }
  const volatility = Math.sqrt(Math.max(v, 0))
  return { expectedReturn: ret, volatility, sharpe: volatility > 0 ? (ret - riskFreeRate) / volatility : 0 }
}

function checkInput(input: MeanVarianceInput): { lo: Float64Array; hi: Float64Array; mu: Float64Array } {
  const n = input.cov.n
  if (n === 0) throw new ValidationError('empty universe', { details: { field: 'symbols' } })
  if (input.mu.length !== n) throw new ValidationError('expected returns and covariance differ in size')
  const mu = Float64Array.from(input.mu)
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(mu[i]!)) throw new ValidationError(`expected return ${i} is NaN`)
  // One sum detects any NaN or infinity in the matrix without a branch per entry.
  const c = input.cov.data
  let total = 0
  for (let i = 0; i < n * n; i++) total += c[i]!
  if (!Number.isFinite(total)) throw new ValidationError('covariance matrix has NaN or infinite entries')
  return { ...expandBounds(n, input.bounds), mu }
}

function solver(input: MeanVarianceInput): ActiveSetQp {
  const { lo, hi, mu } = checkInput(input)
  const qp = new ActiveSetQp({ n: input.cov.n, q: input.cov.data, mu, lo, hi })
  qp.solveAt(0)
  return qp
}

function finish(qp: ActiveSetQp, input: MeanVarianceInput): OptimizeResult {
  qp.polish()
  const w = Float64Array.from(qp.x)
  const perf = portfolioPerformance(w, input.mu, input.cov, input.riskFreeRate ?? 0.02)
  return { weights: w, ...perf, iterations: qp.iterations }
}

/** Global minimum-volatility portfolio within the bounds. */
export function minVolatility(input: MeanVarianceInput): OptimizeResult {
  return finish(solver(input), input)
}

/** Maximum Sharpe ratio (tangency) portfolio within the bounds, found exactly on the piecewise-linear frontier. */
export function maxSharpe(input: MeanVarianceInput): OptimizeResult {
  const rf = input.riskFreeRate ?? 0.02
  let best = Number.NEGATIVE_INFINITY
  for (let i = 0; i < input.mu.length; i++) best = Math.max(best, input.mu[i]!)
  if (!(best > rf))
    throw new ValidationError(
      'max Sharpe needs at least one asset whose expected return exceeds the risk-free rate',
      {
        details: { field: 'riskFreeRate' },
      },
    )
  const qp = solver(input)
  qp.walk(({ r0, r1, v0, v1, v2, length }) => {
    // Sharpe(s) = (r0 - rf + r1 s) / sqrt(v0 + 2 v1 s + v2 s^2): its derivative's sign is linear in s.
    const n0 = r0 - rf
    // d/ds Sharpe has the sign of b + a s.
    const b = r1 * v0 - n0 * v1
    const a = r1 * v1 - n0 * v2
    if (b <= 0) return 0
    if (a < 0 && -b / a <= length) return -b / a
    return Number.isFinite(length) ? undefined : 0
  })
  return finish(qp, input)
}

/** Minimum volatility for a target return; a target above the best attainable return is a 400. */
export function efficientReturn(input: MeanVarianceInput & { targetReturn: number }): OptimizeResult {
  const target = input.targetReturn
  const qp = solver(input)
  let reached = true
  qp.walk(({ r0, r1, length }) => {
    if (target <= r0 + 1e-12) return 0
    if (r1 > 0 && r0 + r1 * length >= target) return (target - r0) / r1
    if (!Number.isFinite(length)) {
      reached = false
      return 0
    }
    return undefined
  })
  if (!reached) {
    const max = maxAttainable(qp)
    throw new ValidationError(
      `target return ${target} is above the maximum attainable return ${max.toFixed(6)} within the bounds`,
      { details: { field: 'targetReturn', max } },
    )
  }
  return finish(qp, input)
}

function maxAttainable(qp: ActiveSetQp): number {
  let r = 0
  for (let i = 0; i < qp.n; i++) r += qp.p.mu[i]! * qp.x[i]!
  return r
}

/** Maximum return for a target volatility; a target below the minimum volatility is a 400. */
export function efficientRisk(input: MeanVarianceInput & { targetVolatility: number }): OptimizeResult {
  const targetVar = input.targetVolatility ** 2
  const qp = solver(input)
  let minVar = Number.NaN
  qp.walk(({ v0, v1, v2, length }) => {
    if (Number.isNaN(minVar)) minVar = v0
    if (targetVar < minVar - 1e-14) return 0
    if (targetVar <= v0) return 0
    const end = Number.isFinite(length)
      ? v0 + 2 * v1 * length + v2 * length * length
      : Number.POSITIVE_INFINITY
    if (v2 > 0 && end >= targetVar) {
      // Smallest s >= 0 with v2 s^2 + 2 v1 s + v0 = target.
      const disc = v1 * v1 - v2 * (v0 - targetVar)
      return (-v1 + Math.sqrt(Math.max(disc, 0))) / v2
    }
    return Number.isFinite(length) ? undefined : 0
  })
  if (targetVar < minVar - 1e-14)
    throw new ValidationError(
      `target volatility ${input.targetVolatility} is below the minimum volatility ${Math.sqrt(minVar).toFixed(6)}`,
      { details: { field: 'targetVolatility', min: Math.sqrt(minVar) } },
    )
  return finish(qp, input)
}

/** The highest-return portfolio within the bounds (end of the frontier). */
export function maxReturn(input: MeanVarianceInput): OptimizeResult {
  const qp = solver(input)
  qp.walk(({ length }) => (Number.isFinite(length) ? undefined : 0))
  return finish(qp, input)
}

/** Points along the efficient frontier from minimum volatility to maximum return (one path walk per point). */
export function efficientFrontier(input: MeanVarianceInput, points = 20): Performance[] {
  const lowest = minVolatility(input)
  const top = maxReturn(input).expectedReturn
  return Array.from({ length: points }, (_, i) => {
    const target = lowest.expectedReturn + ((top - lowest.expectedReturn) * i) / Math.max(points - 1, 1)
    const r = i === 0 ? lowest : efficientReturn({ ...input, targetReturn: target })
    return { expectedReturn: r.expectedReturn, volatility: r.volatility, sharpe: r.sharpe }
  })
}
