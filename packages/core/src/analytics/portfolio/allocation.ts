import { ValidationError } from '../../errors.ts'
import type { Matrix } from './estimates.ts'
import { type Bounds, expandBounds } from './optimize.ts'

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

/** Linkage rules for the hierarchical clustering behind HRP. */
export const LINKAGES = ['single', 'complete', 'average', 'ward'] as const
export type Linkage = (typeof LINKAGES)[number]

/**
 * Leaf order of an agglomerative clustering on the correlation distance sqrt((1 - rho) / 2), as
 * scipy.cluster.hierarchy.linkage + to_tree().pre_order() produce it (left child = lower cluster id).
 */
export function clusterOrder(cov: Matrix, linkage: Linkage = 'single'): number[] {
  const { n, data } = cov
  const dist = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const rho = data[i * n + j]! / Math.sqrt(data[i * n + i]! * data[j * n + j]!)
      dist[i * n + j] = Math.sqrt(Math.min(1, Math.max(0, (1 - rho) / 2)))
    }
  // PyPortfolioOpt hands scipy the condensed distance matrix, so the distances are clustered directly.
  const size = new Array<number>(n).fill(1)
  const id = Array.from({ length: n }, (_, i) => i)
  const children: [number, number][] = []
  const active = new Set<number>(Array.from({ length: n }, (_, i) => i))
  const d = Float64Array.from(dist)
  for (let step = 0; step < n - 1; step++) {
    let bi = -1
    let bj = -1
    let best = Number.POSITIVE_INFINITY
    for (const i of active)
      for (const j of active)
        if (i < j && d[i * n + j]! < best) {
          best = d[i * n + j]!
          bi = i
          bj = j
        }
    const ni = size[bi]!
    const nj = size[bj]!
    for (const k of active) {
      if (k === bi || k === bj) continue
      const dik = d[bi * n + k]!
      const djk = d[bj * n + k]!
      let v: number
      if (linkage === 'single') v = Math.min(dik, djk)
      else if (linkage === 'complete') v = Math.max(dik, djk)
      else if (linkage === 'average') v = (ni * dik + nj * djk) / (ni + nj)
      else {
        const nk = size[k]!
        const t = ni + nj + nk
        v = Math.sqrt(((ni + nk) * dik * dik + (nj + nk) * djk * djk - nk * best * best) / t)
      }
      d[bi * n + k] = v
      d[k * n + bi] = v
    }
    const a = id[bi]!
    const b = id[bj]!
    children.push(a < b ? [a, b] : [b, a])
    id[bi] = n + step
    size[bi] = ni + nj
    active.delete(bj)
  }
  const order: number[] = []
  const visit = (node: number) => {
    if (node < n) {
      order.push(node)
      return
    }
    const [l, r] = children[node - n]!
    visit(l)
    visit(r)
  }
  visit(n === 1 ? 0 : 2 * n - 2)
  return order
}

/** Variance of a cluster held in inverse-variance weights. */
function clusterVariance(cov: Matrix, items: readonly number[]): number {
  const { n, data } = cov
  let s = 0
  const w = items.map((i) => {
    const v = 1 / data[i * n + i]!
    s += v
    return v
  })
  let out = 0
  for (let a = 0; a < items.length; a++)
    for (let b = 0; b < items.length; b++) out += (w[a]! / s) * (w[b]! / s) * data[items[a]! * n + items[b]!]!
  return out
}

/** Hierarchical risk parity (Lopez de Prado): cluster order, then recursive bisection by inverse cluster variance. */
export function hrp(cov: Matrix, linkage: Linkage = 'single'): Float64Array {
  const n = cov.n
  if (n === 0) throw new ValidationError('empty universe', { details: { field: 'symbols' } })
  const order = clusterOrder(cov, linkage)
  const w = new Float64Array(n).fill(1)
  let clusters: number[][] = [order]
  while (clusters.length > 0) {
    const next: number[][] = []
    for (const c of clusters) {
      if (c.length <= 1) continue
      const h = c.length >> 1
      next.push(c.slice(0, h), c.slice(h))
    }
    for (let i = 0; i < next.length; i += 2) {
      const a = next[i]!
      const b = next[i + 1]!
      const va = clusterVariance(cov, a)
      const vb = clusterVariance(cov, b)
      const alpha = 1 - va / (va + vb)
      for (const j of a) w[j]! *= alpha
      for (const j of b) w[j]! *= 1 - alpha
    }
    clusters = next
  }
  return w
}
