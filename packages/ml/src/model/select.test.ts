import { describe, expect, it } from 'vitest'
import { createFeaturizer, DEFAULT_FEATURES, type Featurizer } from './features.ts'
import {
  chooseOffsets,
  extrapolationFactor,
  foldAssignment,
  scoreOffsets,
  selectAndTrain,
  selectionKey,
} from './select.ts'

const features = { ...DEFAULT_FEATURES, bits: 12 }
const SUBJECTS = ['Acme', 'Globex', 'Initech', 'Hooli', 'Oscorp', 'Wonka']
const PHRASES: [string, number][] = [
  ['shares plunge after weak results', 0],
  ['misses estimates and cuts guidance', 0],
  ['stock falls on surprise loss', 0],
  ['shares surge after strong results', 1],
  ['beats estimates and raises guidance', 1],
  ['stock jumps on record profit', 1],
  ['to hold annual meeting', 2],
  ['names new director', 2],
  ['schedules conference call', 2],
  ['files quarterly report', 2],
]
const rows = (subjects: string[]) => {
  const texts: string[] = []
  const labels: number[] = []
  for (const s of subjects)
    for (const [p, l] of PHRASES) {
      texts.push(`${s} ${p}`)
      labels.push(l)
    }
  return { texts, labels, weights: labels.map(() => 1) }
}

/** A featurizer that records every text it is asked to read. */
function spy(): { fz: Featurizer; seen: Set<string> } {
  // marking character grams changes no feature; the hidden layer's test needs the marks
  const inner = createFeaturizer(features, undefined, true)
  const seen = new Set<string>()
  return {
    seen,
    fz: {
      config: inner.config,
      extract: (t) => {
        seen.add(t)
        return inner.extract(t)
      },
    },
  }
}

describe('model selection', () => {
  it('reads training rows only: no validation text reaches selection or the final fit', () => {
    const train = rows(SUBJECTS.slice(0, 4))
    const extra = { texts: ['Vandelay reports record orders'], labels: [1], weights: [0.5] }
    const validation = rows(['Umbrella', 'Cyberdyne'])
    const { fz, seen } = spy()
    const out = selectAndTrain(train, extra, { features, l2: 1e-4, folds: 4, seed: 1, maxIter: 60 }, fz)
    expect([...seen].sort()).toEqual([...new Set([...train.texts, ...extra.texts])].sort())
    for (const t of validation.texts) expect(seen.has(t)).toBe(false)
    expect(out.selection.cvRows).toBe(train.texts.length)
    expect(out.selection.folds).toBe(4)
    // selection does not depend on anything but its inputs: a rerun chooses the same offsets and weights
    const again = selectAndTrain(train, extra, { features, l2: 1e-4, folds: 4, seed: 1, maxIter: 60 })
    expect(again.selection.offsets).toEqual(out.selection.offsets)
    expect(Array.from(again.bias)).toEqual(Array.from(out.bias))
  })

  it('reads training rows only when the offset rule extrapolates along the learning curve', () => {
    const train = rows(SUBJECTS.slice(0, 5))
    const validation = rows(['Umbrella', 'Cyberdyne'])
    const { fz, seen } = spy()
    const none = { texts: [], labels: [], weights: [] }
    const plan = {
      features,
      l2: 1e-4,
      folds: 5,
      seed: 1,
      maxIter: 60,
      offsetRule: { minRecall: 0.75, extrapolate: true },
    }
    const out = selectAndTrain(train, none, plan, fz)
    expect([...seen].sort()).toEqual([...train.texts].sort())
    for (const t of validation.texts) expect(seen.has(t)).toBe(false)
    expect(out.smaller?.length).toBe(out.oof.length)
    expect(out.selection.smallerUnshifted).toBeDefined()
    // the cached logits give the same choice without refitting the folds
    const again = selectAndTrain(train, none, plan, undefined, { oof: out.oof, smaller: out.smaller })
    expect(again.selection.offsets).toEqual(out.selection.offsets)
  })

  it('with a hidden layer: reads training rows only, picks its epochs and mix out of fold, and stores the mix', () => {
    const train = rows(SUBJECTS.slice(0, 5))
    const validation = rows(['Umbrella', 'Cyberdyne'])
    const { fz, seen } = spy()
    const none = { texts: [], labels: [], weights: [] }
    const hidden = { bits: 10, units: 8, chars: false, lr: 0.01, decay: 0, batch: 8, seed: 1, maxEpochs: 3 }
    const plan = {
      features,
      l2: 1e-4,
      folds: 5,
      seed: 1,
      maxIter: 60,
      offsetRule: { minRecall: 0.75, extrapolate: true },
      hidden: { ...hidden, mixes: [0.25, 0.5] },
    }
    const out = selectAndTrain(train, none, plan, fz)
    expect([...seen].sort()).toEqual([...train.texts].sort())
    for (const t of validation.texts) expect(seen.has(t)).toBe(false)
    const chosen = out.selection.hidden!
    expect([1, 2, 3]).toContain(chosen.epochs)
    expect([0.25, 0.5]).toContain(chosen.mix)
    expect(out.hidden?.units).toBe(8)
    // the linear model's own choice is kept for the record
    expect(chosen.linearOffsets.accuracy).toBeGreaterThan(0)
    // the stored logits are (1 - mix) * linear + mix * hidden: the hidden head's output carries the mix
    const alone = selectAndTrain(train, none, { ...plan, hidden: { ...plan.hidden, mixes: [chosen.mix] } })
    expect(Array.from(alone.hidden!.b2)).toEqual(Array.from(out.hidden!.b2))
    // the hidden fits leave the linear out-of-fold logits (and so their cache key) alone
    expect(selectionKey(train, none, plan)).toBe(selectionKey(train, none, { ...plan, hidden: undefined }))
    expect(out.oof).toEqual(alone.oof)
  })

  it('assigns folds of near-equal size, deterministically', () => {
    const f = foldAssignment(103, 5, 9)
    const sizes = [0, 1, 2, 3, 4].map((k) => f.filter((x) => x === k).length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    expect(Array.from(foldAssignment(103, 5, 9))).toEqual(Array.from(f))
  })

  it('picks the offsets with the best macro-F1', () => {
    // two rows per minority class; the minority classes' logits sit just under neutral, so a shift recovers them
    const labels = [0, 0, 1, 1, 2, 2, 2, 2]
    const logits = Float64Array.from(
      [
        [0.88, 0, 1],
        [0.83, 0, 1],
        [0, 0.67, 1],
        [0, 0.61, 1],
        [0, 0, 1],
        [0, 0, 1],
        [0.2, 0, 1],
        [0, 0.1, 1],
      ].flat(),
    )
    const before = scoreOffsets(logits, labels, 0, 0)
    expect(before.recall).toEqual([0, 0, 1])
    const best = chooseOffsets(logits, labels)
    expect(best.recall).toEqual([1, 1, 1])
    expect(best.macroF1).toBe(1)
    // the smallest shift that gets there
    expect(best.negative).toBeCloseTo(0.2, 10)
    expect(best.positive).toBeCloseTo(0.4, 10)
  })

  // One negative and one positive row whose logits need a shift to be read right, plus neutral rows that a large
  // shift pulls over: the three rules disagree on how far to go.
  const labels = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]
  const logits = Float64Array.from(
    [
      [2, 0, 1],
      [2, 0, 1],
      [2, 0, 1],
      [0.5, 0, 1],
      [0, 2, 1],
      [0, 2, 1],
      [0, 2, 1],
      [0, 0.5, 1],
      [0, 0, 1],
      [0, 0, 1],
      [0, 0, 1],
      [0, 0, 1],
      [0.7, 0, 1],
      [0, 0.7, 1],
    ].flat(),
  )

  it('with a recall floor, picks the most accurate offsets that reach it on both minority classes', () => {
    expect(scoreOffsets(logits, labels, 0, 0).recall).toEqual([0.75, 0.75, 1])
    const floor = chooseOffsets(logits, labels, { minRecall: 1 })
    expect(floor.recall[0]).toBe(1)
    expect(floor.recall[1]).toBe(1)
    // the hard minority rows need a shift of 0.5, which also pulls a neutral row over: the floor goes no further
    expect(floor.negative).toBeCloseTo(0.5, 10)
    expect(floor.positive).toBeCloseTo(0.5, 10)
    expect(floor.accuracy).toBeCloseTo(12 / 14, 10)
    // a floor no offset reaches falls back to macro-F1
    expect(chooseOffsets(logits, labels, { minRecall: 1.1 })).toEqual(chooseOffsets(logits, labels))
  })

  it('extrapolates along the learning curve: where smaller fits did worse, the full fit is expected to do better', () => {
    // the smaller fits missed one more row of each minority class unshifted: recall rose from 0.5 to 0.75 between
    // them and the out-of-fold fits, so at no shift the full fit is expected near 0.75 + g * 0.25
    const smaller = Float64Array.from(logits)
    smaller.set([0.9, 0, 1], 2 * 3)
    smaller.set([0, 0.9, 1], 6 * 3)
    const g = extrapolationFactor(5)
    expect(g).toBeCloseTo(Math.log(5 / 4) / Math.log(4 / 3), 12)
    const plain = chooseOffsets(logits, labels, { minRecall: 0.85 })
    const ext = chooseOffsets(logits, labels, { minRecall: 0.85, extrapolate: true }, smaller, 5)
    expect(plain.negative).toBeCloseTo(0.5, 10)
    expect([ext.negative, ext.positive]).toEqual([0, 0])
    expect(ext.extrapolated!.recall[0]).toBeCloseTo(0.75 + g * 0.25, 12)
    expect(ext.extrapolated!.recall[1]).toBeCloseTo(0.75 + g * 0.25, 12)
    // without the smaller fits' logits the rule judges the out-of-fold figures as they are
    expect(chooseOffsets(logits, labels, { minRecall: 0.85, extrapolate: true })).toEqual(plain)
  })
})
