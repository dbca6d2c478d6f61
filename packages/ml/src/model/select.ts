import { createHash } from 'node:crypto'
import { mulberry32 } from '@supernova/core'
import type { FeatureConfig, Featurizer } from './features.ts'
import { createFeaturizer } from './features.ts'
import {
  type HiddenTrainOptions,
  hiddenLogitsOf,
  type QuantizedHidden,
  quantizeHidden,
  trainHidden,
} from './hidden.ts'
import { type NbScaling, type SparseDataset, toDataset, trainSoftmax } from './train.ts'

/**
 * Model selection on training data only. Everything here takes the training rows and nothing else: the
 * validation split is read by the caller after `selectAndTrain` returns, so no setting can be fitted to it
 * (`select.test.ts` checks that no other text reaches the featurizer).
 */

/** Training rows: `folds` rows take part in k-fold cross-validation; `extra` rows join every training fold. */
export interface TrainingRows {
  texts: readonly string[]
  labels: readonly number[]
  weights: readonly number[]
}

export interface SelectionPlan {
  features: FeatureConfig
  l2: number
  maxIter?: number
  /** NB-LR scaling of the weights (`trainSoftmax`); absent: plain logistic regression. */
  nb?: NbScaling
  /** k of k-fold cross-validation over the `cv` rows (each row predicted by a model that never saw it). */
  folds: number
  /** Seed of the fold assignment. */
  seed: number
  /** How the bias offsets are picked from the out-of-fold logits (default: best macro-F1). */
  offsetRule?: OffsetRule
  /** A hidden layer whose logits mix with the linear model's (v6); epochs and mix chosen out of fold. */
  hidden?: HiddenPlan
  log?: (line: string) => void
}

/**
 * The hidden layer's settings, and the candidates selection compares: every epoch count up to `maxEpochs` (early
 * stopping) times every mix weight `a` (logits (1 - a) * linear + a * hidden), each judged by the offset rule.
 */
export interface HiddenPlan extends Omit<HiddenTrainOptions, 'epochs' | 'onEpoch'> {
  maxEpochs: number
  mixes: readonly number[]
}

/** The plan's featurizer: marking character grams when a words-only hidden layer will read the rows. */
export const planFeaturizer = (plan: SelectionPlan) =>
  createFeaturizer(plan.features, undefined, plan.hidden !== undefined && !plan.hidden.chars)

/** Fits the hidden layer on `data` for `epochs`. */
function fitHidden(
  data: SparseDataset,
  hp: HiddenPlan,
  epochs: number,
  onEpoch?: HiddenTrainOptions['onEpoch'],
) {
  const { maxEpochs: _m, mixes: _x, ...opts } = hp
  return trainHidden(data, { ...opts, epochs, ...(onEpoch ? { onEpoch } : {}) })
}

/** Bias offsets added to the negative and positive logits, and what they scored out of fold. */
export interface OffsetChoice {
  negative: number
  positive: number
  accuracy: number
  recall: [number, number, number]
  /** Mean per-class recall. */
  balancedAccuracy: number
  /** Mean per-class F1: the selection criterion. */
  macroF1: number
  /** Accuracy and recall extrapolated to a fit on all rows, when the rule asked for it. */
  extrapolated?: { accuracy: number; recall: [number, number, number] }
}

export interface Selection {
  offsets: OffsetChoice
  /** Out-of-fold scores before any offset. */
  unshifted: OffsetChoice
  /** The same scores of the smaller fits (one fold fewer each) when the rule extrapolates. */
  smallerUnshifted?: OffsetChoice
  folds: number
  cvRows: number
  /** With a hidden layer: the chosen epochs and mix, and what the linear model alone scored out of fold. */
  hidden?: { epochs: number; mix: number; linearOffsets: OffsetChoice; linearUnshifted: OffsetChoice }
}

const K = 3

/** Rows `rows` of a dataset as a new dataset (same feature values, no re-extraction). */
export function subsetRows(data: SparseDataset, rows: readonly number[]): SparseDataset {
  let nnz = 0
  for (const r of rows) nnz += data.rowPtr[r + 1]! - data.rowPtr[r]!
  const rowPtr = new Int32Array(rows.length + 1)
  const idx = new Int32Array(nnz)
  const val = new Float32Array(nnz)
  const char = data.char ? new Uint8Array(nnz) : undefined
  const labels = new Int32Array(rows.length)
  const weights = data.weights ? new Float32Array(rows.length) : undefined
  let p = 0
  rows.forEach((r, i) => {
    const a = data.rowPtr[r]!
    const b = data.rowPtr[r + 1]!
    idx.set(data.idx.subarray(a, b), p)
    val.set(data.val.subarray(a, b), p)
    char?.set(data.char!.subarray(a, b), p)
    p += b - a
    rowPtr[i + 1] = p
    labels[i] = data.labels[r]!
    if (weights) weights[i] = data.weights![r]!
  })
  return { rowPtr, idx, val, labels, rows: rows.length, weights, ...(char ? { char } : {}) }
}

/** Logits of every row of `data` under (weights, bias), row-major, K per row. */
export function logitsOf(data: SparseDataset, weights: Float32Array, bias: Float32Array): Float64Array {
  const out = new Float64Array(data.rows * K)
  for (let r = 0; r < data.rows; r++) {
    let l0 = bias[0]!
    let l1 = bias[1]!
    let l2 = bias[2]!
    for (let k = data.rowPtr[r]!; k < data.rowPtr[r + 1]!; k++) {
      const o = data.idx[k]! * K
      const v = data.val[k]!
      l0 += v * weights[o]!
      l1 += v * weights[o + 1]!
      l2 += v * weights[o + 2]!
    }
    out[r * K] = l0
    out[r * K + 1] = l1
    out[r * K + 2] = l2
  }
  return out
}

/** Accuracy, per-class recall and F1 of logits shifted by (dn, dp) on the negative and positive class. */
export function scoreOffsets(logits: Float64Array, labels: ArrayLike<number>, dn: number, dp: number) {
  const hit = [0, 0, 0]
  const seen = [0, 0, 0]
  const said = [0, 0, 0]
  for (let r = 0; r < labels.length; r++) {
    const a = logits[r * K]! + dn
    const b = logits[r * K + 1]! + dp
    const c = logits[r * K + 2]!
    const arg = b > a ? (c > b ? 2 : 1) : c > a ? 2 : 0
    const y = labels[r]!
    seen[y]!++
    said[arg]!++
    if (arg === y) hit[y]!++
  }
  const recall = hit.map((h, i) => (seen[i]! > 0 ? h / seen[i]! : 0)) as [number, number, number]
  const f1 = hit.map((h, i) => (seen[i]! + said[i]! > 0 ? (2 * h) / (seen[i]! + said[i]!) : 0))
  return {
    accuracy: (hit[0]! + hit[1]! + hit[2]!) / Math.max(1, labels.length),
    recall,
    balancedAccuracy: (recall[0] + recall[1] + recall[2]) / 3,
    macroF1: (f1[0]! + f1[1]! + f1[2]!) / 3,
  }
}

/** How offsets are picked from out-of-fold logits. */
export interface OffsetRule {
  /**
   * When set: the highest accuracy among the offsets whose negative and positive recall both reach this floor
   * (macro-F1 decides if no offset on the grid reaches it). When absent: the best macro-F1.
   */
  minRecall?: number
  /**
   * Judge recall and accuracy as extrapolated to the final fit on all rows. Out-of-fold fits see (k-1)/k of the
   * rows and so understate what the final model reaches; a second cross-validation whose fits see (k-2)/k gives
   * the learning curve's slope at each offset, continued (linearly in log rows) to all rows.
   */
  extrapolate?: boolean
}

/** How far past the (k-1)/k fits the final fit lies, in units of the step from (k-2)/k to (k-1)/k (log rows). */
export const extrapolationFactor = (folds: number) =>
  Math.log(folds / (folds - 1)) / Math.log((folds - 1) / (folds - 2))

/**
 * The offsets (a 0.05 grid over 0..3 for each minority class) chosen by `rule` on out-of-fold logits; ties go to
 * the smaller shift. Macro-F1 has no knob to tune and weighs the minority classes like the neutral one, but
 * unlike balanced accuracy it also charges for the neutral texts a shift pulls into them. A recall floor states
 * the goal directly: the most accurate offsets that keep both minority classes' recall at the floor, judged on
 * the extrapolated figures when `smaller` (out-of-fold logits of fits on one fold fewer) is given.
 */
export function chooseOffsets(
  logits: Float64Array,
  labels: ArrayLike<number>,
  rule: OffsetRule = {},
  smaller?: Float64Array,
  folds = 5,
): OffsetChoice {
  const g = smaller && rule.extrapolate ? extrapolationFactor(folds) : 0
  let best: OffsetChoice | undefined
  let floor: OffsetChoice | undefined
  for (let i = 0; i <= 60; i++)
    for (let j = 0; j <= 60; j++) {
      const dn = i / 20
      const dp = j / 20
      const m = scoreOffsets(logits, labels, dn, dp)
      if (!best || m.macroF1 > best.macroF1 + 1e-12) best = { negative: dn, positive: dp, ...m }
      if (rule.minRecall === undefined) continue
      let judged: { accuracy: number; recall: [number, number, number] } = m
      let extrapolated: OffsetChoice['extrapolated']
      if (g > 0) {
        const s = scoreOffsets(smaller!, labels, dn, dp)
        const ext = (a: number, b: number) => a + g * (a - b)
        extrapolated = {
          accuracy: ext(m.accuracy, s.accuracy),
          recall: [
            ext(m.recall[0], s.recall[0]),
            ext(m.recall[1], s.recall[1]),
            ext(m.recall[2], s.recall[2]),
          ],
        }
        judged = extrapolated
      }
      if (
        Math.min(judged.recall[0], judged.recall[1]) >= rule.minRecall &&
        (!floor || judged.accuracy > (floor.extrapolated ?? floor).accuracy + 1e-12)
      )
        floor = { negative: dn, positive: dp, ...m, ...(extrapolated ? { extrapolated } : {}) }
    }
  return floor ?? best!
}

/** Seeded fold of each of `n` rows: a shuffled round-robin, so fold sizes differ by at most one. */
export function foldAssignment(n: number, folds: number, seed: number): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i)
  const rnd = mulberry32(seed)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const fold = new Int32Array(n)
  order.forEach((row, i) => {
    fold[row] = i % folds
  })
  return fold
}

/**
 * The out-of-fold splits of a selection: the dataset of the `cv` rows then the `extra` rows, and per fold the held-out
 * `cv` rows and the rows to fit on (the other folds, less `leaveOut` more of them, cyclically, plus all `extra` rows).
 */
function* foldSplits(
  cv: TrainingRows,
  extra: TrainingRows,
  plan: SelectionPlan,
  featurizer: Featurizer,
  leaveOut: number,
) {
  const all = toDataset(
    featurizer,
    [...cv.texts, ...extra.texts],
    [...cv.labels, ...extra.labels],
    [...cv.weights, ...extra.weights],
  )
  const n = cv.texts.length
  const fold = foldAssignment(n, plan.folds, plan.seed)
  const extraRows = Array.from({ length: extra.texts.length }, (_, i) => n + i)
  for (let f = 0; f < plan.folds; f++) {
    const inFold: number[] = []
    const rest: number[] = []
    for (let r = 0; r < n; r++) {
      const behind = (fold[r]! - f + plan.folds) % plan.folds
      if (behind === 0) inFold.push(r)
      else if (behind > leaveOut) rest.push(r)
    }
    yield { f, inFold, held: subsetRows(all, inFold), train: subsetRows(all, [...rest, ...extraRows]) }
  }
}

/**
 * Out-of-fold logits of the `cv` rows: k fits, each on the other folds plus all `extra` rows (rule-made text
 * that should always be learned from), each predicting its held-out fold. `leaveOut` more folds (the next ones,
 * cyclically) are kept from each fit too: smaller fits for the learning curve.
 */
export function outOfFoldLogits(
  cv: TrainingRows,
  extra: TrainingRows,
  plan: SelectionPlan,
  featurizer: Featurizer = planFeaturizer(plan),
  leaveOut = 0,
): Float64Array {
  const out = new Float64Array(cv.texts.length * K)
  for (const { f, inFold, held, train } of foldSplits(cv, extra, plan, featurizer, leaveOut)) {
    const fit = trainSoftmax(train, {
      buckets: 1 << plan.features.bits,
      classes: K,
      l2: plan.l2,
      maxIter: plan.maxIter,
      nb: plan.nb,
    })
    const logits = logitsOf(held, fit.weights, fit.bias)
    inFold.forEach((r, i) => {
      out.set(logits.subarray(i * K, i * K + K), r * K)
    })
    plan.log?.(`fold ${f + 1}/${plan.folds} done${leaveOut > 0 ? ` (${leaveOut} more left out)` : ''}`)
  }
  return out
}

/** Out-of-fold logits of a selection: of the (k-1)/k fits, and of the (k-2)/k fits when the rule extrapolates. */
export interface OutOfFold {
  oof: Float64Array
  smaller?: Float64Array
}

/**
 * Chooses the bias offsets by k-fold cross-validation on the training rows, then fits the final model on all of
 * them and applies the offsets. Receives training rows only; the caller evaluates the result afterwards.
 */
export function selectAndTrain(
  cv: TrainingRows,
  extra: TrainingRows,
  plan: SelectionPlan,
  featurizer: Featurizer = planFeaturizer(plan),
  /** Out-of-fold logits of an earlier run of the same plan on the same rows (see `selectionKey`). */
  precomputed?: OutOfFold,
): { weights: Float32Array; bias: Float32Array; hidden?: QuantizedHidden; selection: Selection } & OutOfFold {
  for (const l of [precomputed?.oof, precomputed?.smaller])
    if (l && l.length !== cv.texts.length * K)
      throw new Error(`precomputed out-of-fold logits: ${l.length} values, expected ${cv.texts.length * K}`)
  const extrapolate = plan.offsetRule?.extrapolate === true
  const oof = precomputed?.oof ?? outOfFoldLogits(cv, extra, plan, featurizer)
  const smaller = extrapolate
    ? (precomputed?.smaller ?? outOfFoldLogits(cv, extra, plan, featurizer, 1))
    : undefined
  const score0 = (l: Float64Array) => ({ negative: 0, positive: 0, ...scoreOffsets(l, cv.labels, 0, 0) })
  let offsets = chooseOffsets(oof, cv.labels, plan.offsetRule, smaller, plan.folds)
  let unshifted = score0(oof)
  let smallerUnshifted = smaller ? score0(smaller) : undefined
  let mixed: Selection['hidden']
  if (plan.hidden) {
    const hp = plan.hidden
    const hid = outOfFoldHidden(cv, extra, plan, hp, featurizer)
    const hidSmaller = extrapolate ? outOfFoldHidden(cv, extra, plan, hp, featurizer, 1) : undefined
    const linear = { linearOffsets: offsets, linearUnshifted: unshifted }
    let best: { judged: number; floor: boolean } | undefined
    for (let e = 1; e <= hp.maxEpochs; e++)
      for (const a of hp.mixes) {
        const m = mix(oof, hid[e - 1]!, a)
        const ms = smaller && hidSmaller ? mix(smaller, hidSmaller[e - 1]!, a) : undefined
        const choice = chooseOffsets(m, cv.labels, plan.offsetRule, ms, plan.folds)
        const judged = (choice.extrapolated ?? choice).accuracy
        const floor =
          plan.offsetRule?.minRecall !== undefined && meetsFloor(choice, plan.offsetRule.minRecall)
        plan.log?.(
          `hidden epochs ${e} mix ${a}: ${judged.toFixed(4)}${floor ? '' : ' (below the recall floor)'}`,
        )
        // the floor first, then accuracy; ties keep the earlier (fewer epochs, smaller mix)
        if (!best || (floor && !best.floor) || (floor === best.floor && judged > best.judged + 1e-12)) {
          best = { judged, floor }
          mixed = { epochs: e, mix: a, ...linear }
          offsets = choice
          unshifted = score0(m)
          smallerUnshifted = ms ? score0(ms) : undefined
        }
      }
    plan.log?.(`hidden: epochs ${mixed?.epochs}, mix ${mixed?.mix}`)
  }
  plan.log?.(`offsets out of fold: ${JSON.stringify(offsets)} (unshifted ${JSON.stringify(unshifted)})`)
  const data = toDataset(
    featurizer,
    [...cv.texts, ...extra.texts],
    [...cv.labels, ...extra.labels],
    [...cv.weights, ...extra.weights],
  )
  const fit = trainSoftmax(data, {
    buckets: 1 << plan.features.bits,
    classes: K,
    l2: plan.l2,
    maxIter: plan.maxIter,
    nb: plan.nb,
  })
  let hidden: QuantizedHidden | undefined
  if (plan.hidden && mixed) {
    // the stored model adds both heads' logits, so each carries its mix weight
    hidden = quantizeHidden(fitHidden(data, plan.hidden, mixed.epochs))
    const a = mixed.mix
    for (let i = 0; i < fit.weights.length; i++) fit.weights[i]! *= 1 - a
    for (let c = 0; c < K; c++) fit.bias[c]! *= 1 - a
    for (let i = 0; i < hidden.w2.length; i++) hidden.w2[i]! *= a
    for (let c = 0; c < K; c++) hidden.b2[c]! *= a
  }
  fit.bias[0]! += offsets.negative
  fit.bias[1]! += offsets.positive
  return {
    weights: fit.weights,
    bias: fit.bias,
    ...(hidden ? { hidden } : {}),
    selection: {
      offsets,
      unshifted,
      smallerUnshifted,
      folds: plan.folds,
      cvRows: cv.texts.length,
      ...(mixed ? { hidden: mixed } : {}),
    },
    oof,
    smaller,
  }
}

const meetsFloor = (c: OffsetChoice, floor: number) => {
  const r = (c.extrapolated ?? c).recall
  return Math.min(r[0], r[1]) >= floor
}

/** Logits (1 - a) * x + a * y. */
function mix(x: Float64Array, y: Float64Array, a: number): Float64Array {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = (1 - a) * x[i]! + a * y[i]!
  return out
}

/**
 * Out-of-fold logits of the hidden layer alone after each epoch (index e-1: e epochs), on the same folds as
 * `outOfFoldLogits` (and with `leaveOut` the same smaller fits).
 */
export function outOfFoldHidden(
  cv: TrainingRows,
  extra: TrainingRows,
  plan: SelectionPlan,
  hp: HiddenPlan,
  featurizer: Featurizer = planFeaturizer(plan),
  leaveOut = 0,
): Float64Array[] {
  const out = Array.from({ length: hp.maxEpochs }, () => new Float64Array(cv.texts.length * K))
  for (const { f, inFold, held, train } of foldSplits(cv, extra, plan, featurizer, leaveOut)) {
    fitHidden(train, hp, hp.maxEpochs, (e, layer) => {
      const logits = hiddenLogitsOf(quantizeHidden(layer), held)
      inFold.forEach((r, i) => {
        out[e - 1]!.set(logits.subarray(i * K, i * K + K), r * K)
      })
    })
    plan.log?.(`hidden fold ${f + 1}/${plan.folds} done${leaveOut > 0 ? ` (${leaveOut} more left out)` : ''}`)
  }
  return out
}

/**
 * A digest of everything out-of-fold logits depend on (rows, their labels and weights, features, penalty, folds,
 * seed, iterations), so a cache of them is used only for the very same selection.
 */
export function selectionKey(cv: TrainingRows, extra: TrainingRows, plan: SelectionPlan): string {
  // the offset rule reads the logits afterwards; it does not change them
  // nor does the hidden layer: it has its own out-of-fold fits, and the linear ones stay reusable
  const { log: _log, offsetRule: _rule, hidden: _hidden, ...settings } = plan
  return createHash('sha256').update(JSON.stringify({ settings, cv, extra })).digest('hex')
}
