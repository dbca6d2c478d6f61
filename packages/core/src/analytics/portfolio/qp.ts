/**
 * Exact solver for the mean-variance family: minimise 1/2 w'Qw - t mu'w subject to sum(w) = 1 and
 * lo <= w <= hi. A primal active-set method finds the solution at one t; from there the piecewise-linear
 * path w(t) is walked segment by segment (the critical line method), which answers max Sharpe, efficient
 * return and efficient risk exactly. The Cholesky factor of Q on the free set is updated in O(k^2) per change
 * (append a row, or delete one with Givens rotations) instead of refactorised, so a solve costs about
 * O(n k^2) for k free assets.
 */
import { ValidationError } from '../../errors.ts'

const EPS = 1e-12

/** Problem data: Q row-major n x n (positive definite on every free set), returns mu, bounds. */
export interface QpProblem {
  n: number
  q: Float64Array
  mu: Float64Array
  lo: Float64Array
  hi: Float64Array
}

/** Solver state: point, free set and the Cholesky factor of Q restricted to it. */
export class ActiveSetQp {
  readonly n: number
  readonly x: Float64Array
  /** Q x, kept current on every step. */
  readonly qx: Float64Array
  /** Free indices, in the order of the Cholesky rows. */
  readonly free: Int32Array
  k = 0
  /** 0 = free, -1 = at lower bound, +1 = at upper bound. */
  readonly state: Int8Array
  /** Lower-triangular factor, stride n. */
  private readonly l: Float64Array
  private readonly tmp1: Float64Array
  private readonly tmp2: Float64Array
  private readonly tmp3: Float64Array
  t = 0
  iterations = 0

  constructor(readonly p: QpProblem) {
    const n = p.n
    this.n = n
    this.x = new Float64Array(n)
    this.qx = new Float64Array(n)
    this.free = new Int32Array(n)
    this.state = new Int8Array(n)
    this.l = new Float64Array(n * n)
    this.tmp1 = new Float64Array(n)
    this.tmp2 = new Float64Array(n)
    this.tmp3 = new Float64Array(n)
    let sumLo = 0
    let sumHi = 0
    for (let i = 0; i < n; i++) {
      if (!(p.lo[i]! <= p.hi[i]!)) throw new ValidationError(`weight bounds of asset ${i} are empty`)
      sumLo += p.lo[i]!
      sumHi += p.hi[i]!
    }
    if (sumLo > 1 + 1e-9 || sumHi < 1 - 1e-9)
      throw new ValidationError('weight bounds cannot sum to 1 (infeasible bounds)', {
        details: { field: 'bounds' },
      })
    this.start()
  }

  /** A feasible vertex: everything at its lower bound, then fill the lowest-variance assets up to 1. */
  private start(): void {
    const { n, q, lo, hi } = this.p
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => q[a * n + a]! - q[b * n + b]!)
    let rest = 1
    for (let i = 0; i < n; i++) {
      this.x[i] = lo[i]!
      this.state[i] = -1
      rest -= lo[i]!
    }
    let chosen = order[0]!
    for (const i of order) {
      const room = hi[i]! - lo[i]!
      chosen = i
      if (room >= rest) {
        this.x[i] = lo[i]! + rest
        rest = 0
        break
      }
      this.x[i] = hi[i]!
      this.state[i] = 1
      rest -= room
    }
    this.state[chosen] = 0
    this.recomputeQx()
    this.k = 0
    this.append(chosen)
  }

  private recomputeQx(): void {
    const { n, q } = this.p
    const x = this.x
    for (let i = 0; i < n; i++) {
      let s = 0
      const row = i * n
      for (let j = 0; j < n; j++) s += q[row + j]! * x[j]!
      this.qx[i] = s
    }
  }

  /** Adds index j to the free set: one forward substitution for the new factor row. */
  private append(j: number): void {
    const { n, q } = this.p
    const l = this.l
    const k = this.k
    const row = k * n
    let ss = 0
    for (let r = 0; r < k; r++) {
      let s = q[this.free[r]! * n + j]!
      const rr = r * n
      for (let c = 0; c < r; c++) s -= l[rr + c]! * l[row + c]!
      const v = s / l[rr + r]!
      l[row + r] = v
      ss += v * v
    }
    const qjj = q[j * n + j]!
    let d = qjj - ss
    // Guards a singular covariance (more assets than observations): a tiny ridge keeps the factor usable.
    if (d < 1e-13 * qjj) d = 1e-13 * Math.max(qjj, 1e-300)
    l[row + k] = Math.sqrt(d)
    this.free[k] = j
    this.state[j] = 0
    this.k = k + 1
  }

  /** Removes the free index at position pos and restores a triangular factor with Givens rotations. */
  private remove(pos: number): void {
    const n = this.n
    const l = this.l
    const k = this.k
    for (let r = pos; r < k - 1; r++) {
      const dst = r * n
      const src = (r + 1) * n
      for (let c = 0; c <= r + 1; c++) l[dst + c] = l[src + c]!
      this.free[r] = this.free[r + 1]!
    }
    for (let i = pos; i < k - 1; i++) {
      const a = l[i * n + i]!
      const b = l[i * n + i + 1]!
      const h = Math.hypot(a, b)
      const c = a / h
      const s = b / h
      for (let r = i; r < k - 1; r++) {
        const rr = r * n
        const u = l[rr + i]!
        const v = l[rr + i + 1]!
        l[rr + i] = c * u + s * v
        l[rr + i + 1] = -s * u + c * v
      }
    }
    for (let r = 0; r < k - 1; r++) l[r * n + k - 1] = 0
    this.k = k - 1
  }

  /** Solves (L L') y = b in place on the first k entries of `b`. */
  private solve(b: Float64Array): void {
    const n = this.n
    const l = this.l
    const k = this.k
    for (let r = 0; r < k; r++) {
      let s = b[r]!
      const rr = r * n
      for (let c = 0; c < r; c++) s -= l[rr + c]! * b[c]!
      b[r] = s / l[rr + r]!
    }
    for (let r = k - 1; r >= 0; r--) {
      let s = b[r]!
      for (let c = r + 1; c < k; c++) s -= l[c * n + r]! * b[c]!
      b[r] = s / l[r * n + r]!
    }
  }

  /** Moves x by step on the free set (entries in free order) and keeps Qx current. */
  private move(step: Float64Array, alpha: number): void {
    const { n, q } = this.p
    const qx = this.qx
    for (let r = 0; r < this.k; r++) {
      const j = this.free[r]!
      const d = alpha * step[r]!
      if (d === 0) continue
      this.x[j]! += d
      const row = j * n
      for (let i = 0; i < n; i++) qx[i]! += d * q[row + i]!
    }
  }

  /** Lagrange multiplier of sum(w) = 1 at the current point (free gradients are all equal to -lambda). */
  private lambda(): number {
    const mu = this.p.mu
    let s = 0
    for (let r = 0; r < this.k; r++) {
      const j = this.free[r]!
      s += this.qx[j]! - this.t * mu[j]!
    }
    return -s / this.k
  }

  /** Primal active-set iterations at the current t until the KKT conditions hold. */
  solveAt(t: number, maxIter = 50 * this.n + 100): void {
    this.t = t
    const { mu, lo, hi } = this.p
    const g = this.tmp1
    const e = this.tmp2
    let needStep = true
    for (let it = 0; it < maxIter; it++) {
      this.iterations++
      if (needStep) {
        const k = this.k
        for (let r = 0; r < k; r++) {
          const j = this.free[r]!
          g[r] = this.qx[j]! - t * mu[j]!
          e[r] = 1
        }
        this.solve(g)
        this.solve(e)
        let sg = 0
        let se = 0
        for (let r = 0; r < k; r++) {
          sg += g[r]!
          se += e[r]!
        }
        const lam = -sg / se
        // Newton step p = -(Q^-1 g + lam Q^-1 1), which keeps sum(w) fixed.
        let alpha = 1
        let block = -1
        for (let r = 0; r < k; r++) {
          const pr = -(g[r]! + lam * e[r]!)
          g[r] = pr
          const j = this.free[r]!
          if (pr < -EPS) {
            const a = (lo[j]! - this.x[j]!) / pr
            if (a < alpha) {
              alpha = Math.max(a, 0)
              block = r
            }
          } else if (pr > EPS) {
            const a = (hi[j]! - this.x[j]!) / pr
            if (a < alpha) {
              alpha = Math.max(a, 0)
              block = r
            }
          }
        }
        this.move(g, alpha)
        if (block >= 0) {
          const j = this.free[block]!
          const atHi = g[block]! > 0
          this.x[j] = atHi ? hi[j]! : lo[j]!
          this.remove(block)
          this.state[j] = atHi ? 1 : -1
        } else needStep = false
        continue
      }
      const lam = this.lambda()
      let worst = -1
      let worstV = 1e-13
      for (let i = 0; i < this.n; i++) {
        const s = this.state[i]!
        if (s === 0) continue
        const m = this.qx[i]! - t * mu[i]! + lam
        const v = s < 0 ? -m : m
        if (v > worstV) {
          worstV = v
          worst = i
        }
      }
      if (worst < 0) return
      this.append(worst)
      needStep = true
    }
    throw new ValidationError('portfolio optimisation did not converge')
  }

  /**
   * Direction of the current segment: w(t') = w + (t' - t) beta on the free set, and the multiplier slopes.
   * Returns beta in free order (tmp3) after filling dqx = Q beta (tmp1) and the lambda slope.
   */
  private direction(): { beta: Float64Array; qBeta: Float64Array; dLam: number } {
    const { n, q, mu } = this.p
    const k = this.k
    const m = this.tmp3
    const e = this.tmp2
    for (let r = 0; r < k; r++) {
      m[r] = mu[this.free[r]!]!
      e[r] = 1
    }
    this.solve(m)
    this.solve(e)
    let sm = 0
    let se = 0
    for (let r = 0; r < k; r++) {
      sm += m[r]!
      se += e[r]!
    }
    const dLam = sm / se
    for (let r = 0; r < k; r++) m[r] = m[r]! - dLam * e[r]!
    const qBeta = this.tmp1.fill(0)
    for (let r = 0; r < k; r++) {
      const d = m[r]!
      if (d === 0) continue
      const row = this.free[r]! * n
      for (let i = 0; i < n; i++) qBeta[i]! += d * q[row + i]!
    }
    return { beta: m, qBeta, dLam }
  }

  /**
   * Walks the path for increasing t. `stop` sees each segment as its return and variance polynomials in
   * s = t' - t (ret = r0 + r1 s, var = v0 + 2 v1 s + v2 s^2) and its length (Infinity for the last one), and
   * returns the s at which to stop, or undefined to go on to the next segment.
   */
  walk(
    stop: (seg: {
      r0: number
      r1: number
      v0: number
      v1: number
      v2: number
      length: number
    }) => number | undefined,
  ): void {
    const { n, mu, lo, hi } = this.p
    let lastIn = -1
    let lastOut = -1
    for (let guard = 0; guard < 20 * n + 100; guard++) {
      this.iterations++
      const { beta, qBeta, dLam } = this.direction()
      const lam = this.lambda()
      let r0 = 0
      let r1 = 0
      let v0 = 0
      let v1 = 0
      let v2 = 0
      for (let i = 0; i < n; i++) {
        r0 += mu[i]! * this.x[i]!
        v0 += this.x[i]! * this.qx[i]!
        v1 += this.x[i]! * qBeta[i]!
      }
      for (let r = 0; r < this.k; r++) {
        const j = this.free[r]!
        r1 += mu[j]! * beta[r]!
        v2 += beta[r]! * qBeta[j]!
      }
      // Next breakpoint: a free weight reaching a bound, or a bound weight's multiplier changing sign.
      let length = Number.POSITIVE_INFINITY
      let hitFree = -1
      let hitBound = -1
      for (let r = 0; r < this.k; r++) {
        const j = this.free[r]!
        const b = beta[r]!
        if (j === lastIn && b === 0) continue
        let s = Number.POSITIVE_INFINITY
        if (b < -EPS) s = (lo[j]! - this.x[j]!) / b
        else if (b > EPS) s = (hi[j]! - this.x[j]!) / b
        if (j === lastIn && s <= EPS) continue
        if (s < length) {
          length = Math.max(s, 0)
          hitFree = r
          hitBound = -1
        }
      }
      for (let i = 0; i < n; i++) {
        const st = this.state[i]!
        if (st === 0 || i === lastOut) continue
        const m0 = this.qx[i]! - this.t * mu[i]! + lam
        const m1 = qBeta[i]! - mu[i]! + dLam
        // At a lower bound the multiplier must stay >= 0, at an upper bound <= 0.
        if ((st < 0 && m1 < -EPS) || (st > 0 && m1 > EPS)) {
          const s = -m0 / m1
          if (s < length) {
            length = Math.max(s, 0)
            hitBound = i
            hitFree = -1
          }
        }
      }
      const at = stop({ r0, r1, v0, v1, v2, length })
      if (at !== undefined) {
        this.advance(beta, Math.min(at, length))
        return
      }
      if (!Number.isFinite(length)) return
      this.advance(beta, length)
      lastIn = -1
      lastOut = -1
      if (hitFree >= 0) {
        const j = this.free[hitFree]!
        const atHi = beta[hitFree]! > 0
        this.x[j] = atHi ? hi[j]! : lo[j]!
        this.remove(hitFree)
        this.state[j] = atHi ? 1 : -1
        lastOut = j
      } else if (hitBound >= 0) {
        this.append(hitBound)
        lastIn = hitBound
      }
    }
    throw new ValidationError('efficient frontier walk did not terminate')
  }

  private advance(beta: Float64Array, s: number): void {
    if (s > 0) this.move(beta, s)
    this.t += s
  }

  /** Re-solves the KKT system on the final free set from scratch, removing drift accumulated along the path. */
  polish(): void {
    const { n, q, mu } = this.p
    const k = this.k
    const h = this.tmp1
    const e = this.tmp2
    let rest = 1
    for (let i = 0; i < n; i++) if (this.state[i] !== 0) rest -= this.x[i]!
    for (let r = 0; r < k; r++) {
      const j = this.free[r]!
      let s = -this.t * mu[j]!
      const row = j * n
      for (let i = 0; i < n; i++) if (this.state[i] !== 0) s += q[row + i]! * this.x[i]!
      h[r] = s
      e[r] = 1
    }
    this.solve(h)
    this.solve(e)
    let sh = 0
    let se = 0
    for (let r = 0; r < k; r++) {
      sh += h[r]!
      se += e[r]!
    }
    const lam = (-rest - sh) / se
    for (let r = 0; r < k; r++) this.x[this.free[r]!] = -h[r]! - lam * e[r]!
    this.recomputeQx()
  }
}
