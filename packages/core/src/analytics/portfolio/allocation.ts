import { ValidationError } from '../../errors.ts'
import type { Matrix } from './estimates.ts'
import { type Bounds, expandBounds } from './mean-variance.ts'

/**
 * Clips weights into bounds while keeping sum(w) = 1: clipped excess or shortfall is shared among the assets
 * still inside their bounds, in proportion to their weights, until nothing moves. Used by the heuristic
 * allocators (risk parity, HRP), whose own maths knows no bounds.
 */
export function applyBounds(weights: Float64Array, bounds: Bounds | undefined): Float64Array {
  if (!bounds) return weights
  const n = weights.length
  const { lo, hi } = expandBounds(n, bounds)
  let sumLo = 0
  let sumHi = 0
  for (let i = 0; i < n; i++) {
    sumLo += lo[i]!
    sumHi += hi[i]!
  }
  if (sumLo > 1 + 1e-9 || sumHi < 1 - 1e-9)
    throw new ValidationError('weight bounds cannot sum to 1 (infeasible bounds)', {
      details: { field: 'bounds' },
    })
  const w = Float64Array.from(weights)
  const fixed = new Uint8Array(n)
  for (let round = 0; round <= n; round++) {
    let fixedSum = 0
    let freeSum = 0
    let moved = false
    for (let i = 0; i < n; i++) {
      if (fixed[i]) {
        fixedSum += w[i]!
        continue
      }
      if (w[i]! < lo[i]!) {
        w[i] = lo[i]!
        fixed[i] = 1
        fixedSum += w[i]!
        moved = true
      } else if (w[i]! > hi[i]!) {
        w[i] = hi[i]!
        fixed[i] = 1
        fixedSum += w[i]!
        moved = true
      } else freeSum += w[i]!
    }
    const target = 1 - fixedSum
    if (!moved && Math.abs(freeSum - target) < 1e-15) break
    let freeCount = 0
    for (let i = 0; i < n; i++) if (!fixed[i]) freeCount++
    if (freeCount === 0) break
    for (let i = 0; i < n; i++) {
      if (fixed[i]) continue
      w[i] = freeSum > 0 ? (w[i]! * target) / freeSum : target / freeCount
    }
  }
  return w
}

/**
 * Equal risk contribution (risk parity) weights, long only: cyclical coordinate descent on
 * 1/2 y'Sy - (1/n) sum(log y), then w = y / sum(y) (Griveau-Billion, Richard and Roncalli, 2013).
 */
export function riskParity(
  cov: Matrix,
  options: { tolerance?: number; maxIter?: number } = {},
): Float64Array {
  const { n, data } = cov
  if (n === 0) throw new ValidationError('empty universe', { details: { field: 'symbols' } })
  const tol = options.tolerance ?? 1e-12
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = data[i * n + i]!
    if (!(v > 0)) throw new ValidationError(`asset ${i} has zero or NaN variance`)
    y[i] = 1 / Math.sqrt(v)
  }
  const sy = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < n; j++) s += data[i * n + j]! * y[j]!
    sy[i] = s
  }
  const b = 1 / n
  for (let it = 0; it < (options.maxIter ?? 10_000); it++) {
    let change = 0
    for (let i = 0; i < n; i++) {
      const sii = data[i * n + i]!
      const rest = sy[i]! - sii * y[i]!
      const next = (-rest + Math.sqrt(rest * rest + 4 * sii * b)) / (2 * sii)
      const d = next - y[i]!
      if (d !== 0) {
        y[i] = next
        for (let j = 0; j < n; j++) sy[j]! += data[j * n + i]! * d
        change = Math.max(change, Math.abs(d) / next)
      }
    }
    if (change < tol) break
  }
  let s = 0
  for (let i = 0; i < n; i++) s += y[i]!
  for (let i = 0; i < n; i++) y[i]! /= s
  return y
}

/** Each asset's share of portfolio variance (sums to 1). */
export function riskContributions(weights: ArrayLike<number>, cov: Matrix): Float64Array {
  const { n, data } = cov
  const out = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < n; j++) s += data[i * n + j]! * weights[j]!
    out[i] = weights[i]! * s
    total += out[i]!
  }
  for (let i = 0; i < n; i++) out[i]! /= total
  return out
}
