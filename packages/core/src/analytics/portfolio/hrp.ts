import { ValidationError } from '../../errors.ts'
import type { Matrix } from './estimates.ts'

/** Linkage rules for the hierarchical clustering behind HRP. */
export const LINKAGES = ['single', 'complete', 'average', 'ward'] as const
export type Linkage = (typeof LINKAGES)[number]

/** Correlation implied by a covariance matrix (PyPortfolioOpt's cov_to_corr), for callers that only have a covariance. */
export function covToCorr(cov: Matrix): Matrix {
  const { n, data } = cov
  const sd = new Float64Array(n)
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(data[i * n + i]!)
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out[i * n + j] = data[i * n + j]! / (sd[i]! * sd[j]!)
  return { n, data: out }
}

/** Lance-Williams update: distance from cluster i to the merge of x and y (scipy's formulas, same operation order). */
function updated(
  linkage: Linkage,
  dxi: number,
  dyi: number,
  dxy: number,
  nx: number,
  ny: number,
  ni: number,
): number {
  if (linkage === 'single') return Math.min(dxi, dyi)
  if (linkage === 'complete') return Math.max(dxi, dyi)
  if (linkage === 'average') return (nx * dxi + ny * dyi) / (nx + ny)
  const t = 1 / (nx + ny + ni)
  return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy)
}

/** Nearest-neighbour chain (scipy's nn_chain): merges as [x, y, distance] in the order found, x < y. */
function nnChain(dist: Float64Array, n: number, linkage: Linkage): number[][] {
  const d = Float64Array.from(dist)
  const size = new Int32Array(n).fill(1)
  const chain = new Int32Array(n)
  let length = 0
  const merges: number[][] = []
  for (let k = 0; k < n - 1; k++) {
    if (length === 0) {
      length = 1
      chain[0] = size.findIndex((s) => s > 0)
    }
    let x: number
    let y = 0
    let best: number
    for (;;) {
      x = chain[length - 1]!
      // Prefer the previous element of the chain on ties, so the chain cannot cycle.
      if (length > 1) {
        y = chain[length - 2]!
        best = d[x * n + y]!
      } else best = Number.POSITIVE_INFINITY
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue
        if (d[x * n + i]! < best) {
          best = d[x * n + i]!
          y = i
        }
      }
      if (length > 1 && y === chain[length - 2]) break
      chain[length++] = y
    }
    length -= 2
    if (x > y) [x, y] = [y, x]
    const nx = size[x]!
    const ny = size[y]!
    merges.push([x, y, best])
    size[x] = 0
    size[y] = nx + ny
    for (let i = 0; i < n; i++) {
      const ni = size[i]!
      if (ni === 0 || i === y) continue
      const v = updated(linkage, d[i * n + x]!, d[i * n + y]!, best, nx, ny, ni)
      d[i * n + y] = v
      d[y * n + i] = v
    }
  }
  return merges
}

/** Single linkage by a minimum spanning tree (scipy's mst_single_linkage): edges [x, y, distance] in Prim's order. */
function mstSingle(dist: Float64Array, n: number): number[][] {
  const merged = new Uint8Array(n)
  const d = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
  const edges: number[][] = []
  let x = 0
  let y = 0
  for (let k = 0; k < n - 1; k++) {
    let best = Number.POSITIVE_INFINITY
    merged[x] = 1
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue
      const v = dist[x * n + i]!
      if (d[i]! > v) d[i] = v
      if (d[i]! < best) {
        y = i
        best = d[i]!
      }
    }
    edges.push([x, y, best])
    x = y
  }
  return edges
}

/**
 * scipy.cluster.hierarchy.linkage of the correlation distance sqrt(clip((1 - rho) / 2, 0, 1)) as PyPortfolioOpt's
 * HRPOpt builds it: rows [left, right, distance, size] of the (n - 1) x 4 matrix Z, cluster ids as scipy numbers
 * them (n + row after a stable sort by distance; left = the lower id), so ties resolve as scipy's do.
 */
export function linkageMatrix(corr: Matrix, linkage: Linkage = 'single'): Float64Array {
  const { n, data } = corr
  const dist = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = Math.sqrt(Math.min(1, Math.max(0, (1 - data[i * n + j]!) / 2)))
      if (i !== j && Number.isNaN(v)) throw new ValidationError(`correlation ${i},${j} is NaN`)
      dist[i * n + j] = i === j ? 0 : v
    }
  const merges = linkage === 'single' ? mstSingle(dist, n) : nnChain(dist, n, linkage)
  // Stable, like numpy's argsort(kind='mergesort'); then union-find relabelling (scipy's label()).
  merges.sort((a, b) => a[2]! - b[2]!)
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i)
  const count = new Int32Array(2 * n - 1).fill(1)
  const find = (v: number) => {
    let root = v
    while (parent[root] !== root) root = parent[root]!
    return root
  }
  const z = new Float64Array((n - 1) * 4)
  merges.forEach(([a, b, h], k) => {
    const ra = find(a!)
    const rb = find(b!)
    const next = n + k
    parent[ra] = next
    parent[rb] = next
    count[next] = count[ra]! + count[rb]!
    z.set([Math.min(ra, rb), Math.max(ra, rb), h!, count[next]!], k * 4)
  })
  return z
}

/** Leaf order of the clustering (HRP's quasi-diagonal order): scipy's to_tree(Z).pre_order(), left child first. */
export function clusterOrder(corr: Matrix, linkage: Linkage = 'single'): number[] {
  const n = corr.n
  if (n <= 1) return n === 1 ? [0] : []
  const z = linkageMatrix(corr, linkage)
  const order: number[] = []
  const stack = [2 * n - 2]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node < n) order.push(node)
    else stack.push(z[(node - n) * 4 + 1]!, z[(node - n) * 4]!)
  }
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

/** Options for {@link hrp}. */
export interface HrpOptions {
  linkage?: Linkage
  /** Correlation for the distance matrix; PyPortfolioOpt takes returns.corr() (see sampleCorr). Default: from cov. */
  corr?: Matrix
  /** Asset names for error messages. */
  names?: readonly string[]
}

/**
 * Rejects what HRP cannot split: a zero or undefined variance (a constant series: inverse variance is infinite)
 * and an undefined correlation (a pair sharing fewer than two returns, or one constant where both exist).
 * PyPortfolioOpt fails on both too (scipy: "condensed distance matrix must contain only finite values").
 */
function checkHrpInput(cov: Matrix, corr: Matrix, names: readonly string[] | undefined): void {
  const { n } = cov
  const name = (i: number) => names?.[i] ?? `asset ${i}`
  for (let i = 0; i < n; i++) {
    const v = cov.data[i * n + i]!
    if (!(v > 0) || !Number.isFinite(v))
      throw new ValidationError(
        `series ${name(i)} has zero variance (constant prices): HRP's inverse-variance split needs every series to move`,
        { details: { field: `prices.series.${name(i)}` } },
      )
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (!Number.isFinite(corr.data[i * n + j]!) || !Number.isFinite(cov.data[i * n + j]!))
        throw new ValidationError(
          `correlation of ${name(i)} and ${name(j)} is undefined: they share fewer than two returns, or one is constant where both exist`,
          { details: { field: `prices.series.${name(j)}` } },
        )
}

/**
 * Hierarchical risk parity (Lopez de Prado) as PyPortfolioOpt's HRPOpt computes it: scipy linkage of the correlation
 * distance, quasi-diagonal leaf order, then recursive bisection by inverse cluster variance under `cov`.
 */
export function hrp(cov: Matrix, options: HrpOptions = {}): Float64Array {
  const n = cov.n
  if (n === 0) throw new ValidationError('empty universe', { details: { field: 'symbols' } })
  const corr = options.corr ?? covToCorr(cov)
  if (corr.n !== n) throw new ValidationError('correlation and covariance differ in size')
  checkHrpInput(cov, corr, options.names)
  const w = new Float64Array(n).fill(1)
  let clusters: number[][] = [clusterOrder(corr, options.linkage)]
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
