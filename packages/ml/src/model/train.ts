import type { Featurizer } from './features.ts'

/** Texts turned into a compressed sparse row matrix once, so training passes never re-tokenise. */
export interface SparseDataset {
  rowPtr: Int32Array
  idx: Int32Array
  val: Float32Array
  labels: Int32Array
  rows: number
  /** Per-row weights in the loss (default 1): rule-generated text counts for less than real data. */
  weights?: Float32Array
  /** Per entry: 1 where the feature is a character gram (from a featurizer that marks them). */
  char?: Uint8Array
}

/** Extracts features for every text (labels are class indices). */
export function toDataset(
  featurizer: Featurizer,
  texts: readonly string[],
  labels: readonly number[],
  weights?: readonly number[],
): SparseDataset {
  const rowPtr = new Int32Array(texts.length + 1)
  const idxParts: number[] = []
  const valParts: number[] = []
  const charParts: number[] = []
  texts.forEach((t, r) => {
    const f = featurizer.extract(t)
    for (let k = 0; k < f.count; k++) {
      idxParts.push(f.idx[k]!)
      valParts.push(f.val[k]!)
      if (f.char) charParts.push(f.char[k]!)
    }
    rowPtr[r + 1] = idxParts.length
  })
  return {
    rowPtr,
    idx: Int32Array.from(idxParts),
    val: Float32Array.from(valParts),
    ...(charParts.length > 0 ? { char: Uint8Array.from(charParts) } : {}),
    labels: Int32Array.from(labels),
    rows: texts.length,
    weights: weights ? Float32Array.from(weights) : undefined,
  }
}

export interface TrainOptions {
  buckets: number
  classes: number
  /** L2 penalty on weights (not biases), per example. */
  l2: number
  maxIter?: number
  /** L-BFGS history length. */
  memory?: number
  /** Stop when the relative objective decrease over 5 iterations is below this. */
  tol?: number
  /** Naive-Bayes scaling of each weight (NB-LR); absent: plain logistic regression. */
  nb?: NbScaling
  log?: (line: string) => void
}

/**
 * NB-LR (Wang & Manning 2012, in its multinomial form): each class's weight on a bucket is learned as a multiple of
 * the bucket's log-count ratio for that class (one class against the rest, counts of rows using the bucket,
 * weighted like the loss, smoothed by `alpha`), plus `floor`. The L2 penalty then falls on the multiple, so
 * buckets that do not tell the classes apart cost more to use: a prior from the counts instead of a uniform one.
 * The product is stored, so serving is unchanged.
 */
export interface NbScaling {
  alpha: number
  floor: number
}

/** Per (bucket slot, class) scale |log-count ratio| + floor, from the rows' bucket presence and loss weights. */
function nbScale(data: SparseDataset, slots: number, K: number, nb: NbScaling): Float64Array {
  const count = new Float64Array(slots * K)
  const classTotal = new Float64Array(K)
  for (let r = 0; r < data.rows; r++) {
    const y = data.labels[r]!
    const w = data.weights ? data.weights[r]! : 1
    for (let k = data.rowPtr[r]!; k < data.rowPtr[r + 1]!; k++) count[data.idx[k]! * K + y]! += w
  }
  const sum = new Float64Array(slots)
  for (let s = 0; s < slots; s++)
    for (let c = 0; c < K; c++) {
      sum[s]! += count[s * K + c]!
      classTotal[c]! += count[s * K + c]! + nb.alpha
    }
  let all = 0
  for (let c = 0; c < K; c++) all += classTotal[c]!
  const scale = new Float64Array(slots * K)
  for (let s = 0; s < slots; s++)
    for (let c = 0; c < K; c++) {
      const p = (count[s * K + c]! + nb.alpha) / classTotal[c]!
      const q = (sum[s]! - count[s * K + c]! + (K - 1) * nb.alpha) / (all - classTotal[c]!)
      scale[s * K + c] = Math.abs(Math.log(p / q)) + nb.floor
    }
  return scale
}

/**
 * Multinomial logistic regression, full-batch L-BFGS with a backtracking line search. The objective is convex,
 * so the result is deterministic and does not depend on an example order or a seed.
 */
export function trainSoftmax(
  data: SparseDataset,
  opts: TrainOptions,
): { weights: Float32Array; bias: Float32Array } {
  // Only buckets some row uses can move away from zero (their gradient is zero otherwise), so the optimiser runs
  // over those alone (about 40% of 2^18 here) and the result is scattered back: the same minimum, 2-3x faster.
  const K = opts.classes
  const slot = new Int32Array(opts.buckets).fill(-1)
  const used: number[] = []
  const idx = new Int32Array(data.idx.length)
  for (let k = 0; k < idx.length; k++) {
    const b = data.idx[k]!
    if (slot[b]! < 0) {
      slot[b] = used.length
      used.push(b)
    }
    idx[k] = slot[b]!
  }
  const slotted = { ...data, idx }
  const scale = opts.nb ? nbScale(slotted, used.length, K, opts.nb) : undefined
  const fit = fitSoftmax(slotted, { ...opts, buckets: used.length }, scale)
  const weights = new Float32Array(opts.buckets * K)
  used.forEach((b, s) => {
    for (let c = 0; c < K; c++) weights[b * K + c] = fit.weights[s * K + c]! * (scale ? scale[s * K + c]! : 1)
  })
  return { weights, bias: Float32Array.from(fit.bias) }
}

/** The optimiser; with `scale`, a weight's effect is w * scale (the caller multiplies it back in). */
function fitSoftmax(
  data: SparseDataset,
  opts: TrainOptions,
  scale?: Float64Array,
): { weights: Float64Array; bias: Float64Array } {
  const K = opts.classes
  const D = opts.buckets * K
  const P = D + K
  const m = opts.memory ?? 12
  const maxIter = opts.maxIter ?? 300
  const tol = opts.tol ?? 1e-6
  const N = data.rows
  const rowW = data.weights
  let totalW = N
  if (rowW) {
    totalW = 0
    for (let r = 0; r < N; r++) totalW += rowW[r]!
  }
  const logits = new Float64Array(K)
  const delta = new Float64Array(K)

  // with NB scaling the objective runs on effective weights (w * scale), so the loop below stays as it is
  const eff = scale ? new Float64Array(D + K) : undefined
  const evaluate = (wRaw: Float64Array, g: Float64Array): number => {
    g.fill(0)
    let w = wRaw
    if (eff && scale) {
      for (let i = 0; i < D; i++) eff[i] = wRaw[i]! * scale[i]!
      for (let c = 0; c < K; c++) eff[D + c] = wRaw[D + c]!
      w = eff
    }
    let loss = 0
    for (let r = 0; r < N; r++) {
      const a = data.rowPtr[r]!
      const b = data.rowPtr[r + 1]!
      for (let c = 0; c < K; c++) logits[c] = w[D + c]!
      for (let k = a; k < b; k++) {
        const o = data.idx[k]! * K
        const v = data.val[k]!
        for (let c = 0; c < K; c++) logits[c]! += v * w[o + c]!
      }
      let max = logits[0]!
      for (let c = 1; c < K; c++) max = Math.max(max, logits[c]!)
      let sum = 0
      for (let c = 0; c < K; c++) {
        logits[c] = Math.exp(logits[c]! - max)
        sum += logits[c]!
      }
      const y = data.labels[r]!
      const wr = rowW ? rowW[r]! / totalW : 1 / N
      loss -= wr * Math.log(logits[y]! / sum)
      for (let c = 0; c < K; c++) {
        delta[c] = (logits[c]! / sum - (c === y ? 1 : 0)) * wr
        g[D + c]! += delta[c]!
      }
      if (K === 3) {
        const d0 = delta[0]!
        const d1 = delta[1]!
        const d2 = delta[2]!
        for (let k = a; k < b; k++) {
          const o = data.idx[k]! * 3
          const v = data.val[k]!
          g[o]! += d0 * v
          g[o + 1]! += d1 * v
          g[o + 2]! += d2 * v
        }
      } else
        for (let k = a; k < b; k++) {
          const o = data.idx[k]! * K
          for (let c = 0; c < K; c++) g[o + c]! += delta[c]! * data.val[k]!
        }
    }
    if (scale) for (let i = 0; i < D; i++) g[i]! *= scale[i]!
    let reg = 0
    for (let i = 0; i < D; i++) {
      reg += wRaw[i]! * wRaw[i]!
      g[i]! += opts.l2 * wRaw[i]!
    }
    return loss + 0.5 * opts.l2 * reg
  }

  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0
    for (let i = 0; i < P; i++) s += a[i]! * b[i]!
    return s
  }
  const w = new Float64Array(P)
  let g = new Float64Array(P)
  let f = evaluate(w, g)
  const S: Float64Array[] = []
  const Y: Float64Array[] = []
  const rho: number[] = []
  const alpha = new Float64Array(m)
  const dir = new Float64Array(P)
  const wNew = new Float64Array(P)
  let gNew = new Float64Array(P)
  const history: number[] = [f]
  for (let it = 0; it < maxIter; it++) {
    // two-loop recursion: dir = -H g
    for (let i = 0; i < P; i++) dir[i] = -g[i]!
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(S[j]!, dir)
      const yj = Y[j]!
      for (let i = 0; i < P; i++) dir[i]! -= alpha[j]! * yj[i]!
    }
    if (S.length > 0) {
      const last = S.length - 1
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!)
      for (let i = 0; i < P; i++) dir[i]! *= gamma
    } else {
      const gn = Math.sqrt(dot(g, g))
      for (let i = 0; i < P; i++) dir[i]! /= gn
    }
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j]! * dot(Y[j]!, dir)
      const sj = S[j]!
      for (let i = 0; i < P; i++) dir[i]! += (alpha[j]! - beta) * sj[i]!
    }
    let gd = dot(g, dir)
    if (gd >= 0) {
      // not a descent direction: restart from steepest descent
      S.length = 0
      Y.length = 0
      rho.length = 0
      for (let i = 0; i < P; i++) dir[i] = -g[i]!
      gd = dot(g, dir)
    }
    let step = 1
    let fNew = 0
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < P; i++) wNew[i] = w[i]! + step * dir[i]!
      fNew = evaluate(wNew, gNew)
      if (fNew <= f + 1e-4 * step * gd) break
      step *= 0.5
    }
    const s = new Float64Array(P)
    const y = new Float64Array(P)
    for (let i = 0; i < P; i++) {
      s[i] = wNew[i]! - w[i]!
      y[i] = gNew[i]! - g[i]!
    }
    const sy = dot(s, y)
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift()
        Y.shift()
        rho.shift()
      }
      S.push(s)
      Y.push(y)
      rho.push(1 / sy)
    }
    w.set(wNew)
    const swap = g
    g = gNew
    gNew = swap
    f = fNew
    history.push(f)
    if (opts.log && it % 20 === 0) opts.log(`iter ${it} objective ${f.toFixed(6)}`)
    const old = history[history.length - 6]
    if (old !== undefined && (old - f) / Math.max(1e-12, Math.abs(f)) < tol) break
  }
  return { weights: w.subarray(0, D), bias: w.subarray(D) }
}

/** Fraction of rows whose argmax under (weights, bias) equals the label. */
export function accuracy(data: SparseDataset, weights: Float32Array, bias: Float32Array, K: number): number {
  let ok = 0
  const logits = new Float64Array(K)
  for (let r = 0; r < data.rows; r++) {
    for (let c = 0; c < K; c++) logits[c] = bias[c]!
    for (let k = data.rowPtr[r]!; k < data.rowPtr[r + 1]!; k++) {
      const o = data.idx[k]! * K
      for (let c = 0; c < K; c++) logits[c]! += data.val[k]! * weights[o + c]!
    }
    let arg = 0
    for (let c = 1; c < K; c++) if (logits[c]! > logits[arg]!) arg = c
    if (arg === data.labels[r]) ok++
  }
  return ok / data.rows
}

/** Smoothed inverse document frequency per bucket: ln((1 + N) / (1 + df)) + 1, as scikit-learn computes it. */
export function inverseDocumentFrequency(featurizer: Featurizer, texts: readonly string[]): Float32Array {
  const size = 1 << featurizer.config.bits
  const df = new Int32Array(size)
  const seen = new Int32Array(size).fill(-1)
  texts.forEach((t, r) => {
    const f = featurizer.extract(t)
    for (let k = 0; k < f.count; k++) {
      const b = f.idx[k]!
      if (seen[b] !== r) {
        seen[b] = r
        df[b]!++
      }
    }
  })
  const idf = new Float32Array(size)
  for (let b = 0; b < size; b++) idf[b] = Math.log((1 + texts.length) / (1 + df[b]!)) + 1
  return idf
}
