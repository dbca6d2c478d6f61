import { describe, expect, it } from 'vitest'
import { createFeaturizer, DEFAULT_FEATURES, type Featurizer } from './features.ts'
import { chooseOffsets, foldAssignment, scoreOffsets, selectAndTrain } from './select.ts'

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
  const inner = createFeaturizer(features)
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
})
