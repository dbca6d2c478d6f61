import { describe, expect, it } from 'vitest'
import { createFeaturizer, DEFAULT_FEATURES } from './features.ts'
import {
  decodeHidden,
  encodeHidden,
  type HiddenLayer,
  hiddenBytes,
  hiddenLogits,
  hiddenLogitsOf,
  hiddenScratch,
  quantizeHidden,
  trainHidden,
} from './hidden.ts'
import { createLinearScorer, decodeModel, encodeModel, type LinearModel } from './linear.ts'
import { toDataset } from './train.ts'

/** A layer of 8 units over 2^2 rows; only units 0 and 1 carry weights. */
const tiny = (): HiddenLayer => {
  const emb = new Float32Array(4 * 8)
  // row r, unit j at r * 8 + j
  emb.set([1, -1], 0)
  emb.set([0.5, 2], 8)
  emb.set([-3, 1], 24)
  const w2 = new Float32Array(8 * 3)
  // unit-major: unit 0 -> (1, 0, -1), unit 1 -> (0, 2, 1)
  w2.set([1, 0, -1, 0, 2, 1])
  const b1 = new Float32Array(8)
  b1.set([0.25, -0.5])
  return { bits: 2, units: 8, chars: false, emb, b1, w2, b2: Float32Array.from([0.1, 0.2, 0.3]) }
}

const expectClose = (got: ArrayLike<number>, want: number[]) => {
  expect(got.length).toBe(want.length)
  want.forEach((w, i) => {
    expect(got[i]).toBeCloseTo(w, 5)
  })
}

describe('hidden layer', () => {
  it('sums the active rows, applies ReLU and the output weights, and reads character grams only when asked', () => {
    const layer = quantizeHidden(tiny())
    // the table as served: row 1 is (0.5, 2) to within half a step of 2/127
    const at = (r: number, j: number) => layer.q[layer.index[r]! * 8 + j]! * layer.scale[layer.index[r]!]!
    const row1 = [at(1, 0), at(1, 1)]
    const row3 = [at(3, 0), at(3, 1)]
    // bucket 5 reads row 5 & 3 = 1, bucket 2 row 2 (zeros), bucket 3 row 3 (a character gram here)
    const idx = Int32Array.from([5, 2, 3])
    const val = Float32Array.from([0.5, 1, 1])
    const char = Uint8Array.from([0, 0, 1])
    const scratch = hiddenScratch(8, 3)
    const logits = Float64Array.from([1, 1, 1])
    hiddenLogits(layer, idx, val, char, 3, scratch, logits)
    // h = b1 + 0.5 * row1, both units active
    const h0 = 0.25 + 0.5 * row1[0]!
    const h1 = -0.5 + 0.5 * row1[1]!
    expectClose(logits, [1 + 0.1 + h0, 1 + 0.2 + 2 * h1, 1 + 0.3 - h0 + h1])
    // with character grams read, row 3 joins: unit 0 goes negative and the ReLU cuts it
    const withChars = new Float64Array(3)
    hiddenLogits({ ...layer, chars: true }, idx, val, char, 3, scratch, withChars)
    const g0 = h0 + row3[0]!
    const g1 = h1 + row3[1]!
    expect(g0).toBeLessThan(0)
    expectClose(withChars, [0.1, 0.2 + 2 * g1, 0.3 + g1])
    expect(() => quantizeHidden({ ...tiny(), units: 6 })).toThrow(/multiple of 8/)
    // a words-only layer cannot tell the grams apart without the featurizer's marks
    expect(() => hiddenLogits(layer, idx, val, undefined, 3, scratch, logits)).toThrow(/markChars/)
  })

  it('quantises each row to int8 within half its own step and round-trips the file form exactly', () => {
    const float = tiny()
    const layer = quantizeHidden(float)
    for (const r of [0, 1, 3]) {
      const row = float.emb.subarray(r * 8, r * 8 + 8)
      const step = Math.max(...Array.from(row, Math.abs)) / 127
      const p = layer.index[r]!
      expect(layer.scale[p]).toBeCloseTo(step, 7)
      for (let j = 0; j < 8; j++)
        expect(Math.abs(layer.q[p * 8 + j]! * layer.scale[p]! - row[j]!)).toBeLessThanOrEqual(step / 2 + 1e-7)
    }
    // a zero row (a bucket no training row used) is not stored and adds nothing
    expect(Array.from(layer.index)).toEqual([0, 1, -1, 2])
    expect(layer.scale.length).toBe(3)
    const { header, body } = encodeHidden(layer)
    expect(body.byteLength).toBe(hiddenBytes(header))
    expect(body.byteLength).toBe(1 + 3 * (4 + 8))
    const back = decodeHidden(JSON.parse(JSON.stringify(header)), body)
    expect(Array.from(back.index)).toEqual(Array.from(layer.index))
    expect(Array.from(back.q)).toEqual(Array.from(layer.q))
    expect(Array.from(back.scale)).toEqual(Array.from(layer.scale))
    expect(Array.from(back.w2)).toEqual(Array.from(layer.w2))
    expect(Array.from(back.b1)).toEqual(Array.from(layer.b1))
    expect(() => decodeHidden(header, body.subarray(1))).toThrow(/truncated/)
  })

  it('learns an interaction a linear model cannot (XOR of two words) and travels in the model file', () => {
    const texts = ['alpha beta', 'alpha gamma', 'delta beta', 'delta gamma']
    // negative when exactly one of (alpha, beta) is present: XOR, not linearly separable from word features
    const labels = [1, 0, 0, 1]
    const features = { ...DEFAULT_FEATURES, bits: 12, wChar: 0, wBigram: 0, wClass: 0, wLex: 0 }
    const fz = createFeaturizer(features, undefined, true)
    // unequal row weights: with every word in one row of each label, a zero-initialised table gets the same
    // gradient for every word and stays symmetric
    const data = toDataset(fz, texts, labels, [2, 1, 1, 1])
    const epochsSeen: number[] = []
    const layer = trainHidden(data, {
      bits: 10,
      units: 8,
      chars: false,
      epochs: 2000,
      lr: 0.01,
      decay: 0,
      batch: 4,
      seed: 5,
      onEpoch: (e) => epochsSeen.push(e),
    })
    expect(epochsSeen.length).toBe(2000)
    const logits = hiddenLogitsOf(quantizeHidden(layer), data)
    const argmax = (r: number) => {
      const l = Array.from(logits.subarray(r * 3, r * 3 + 3))
      return l.indexOf(Math.max(...l))
    }
    expect(labels.map((_, r) => argmax(r))).toEqual(labels)
    // the same layer behind a zero linear model, through the binary format and the scorer
    const model: LinearModel = {
      version: 'test-hidden',
      labels: ['negative', 'positive', 'neutral'],
      features,
      weights: new Float32Array((1 << features.bits) * 3),
      bias: new Float32Array(3),
      hidden: quantizeHidden(layer),
    }
    const scorer = createLinearScorer(decodeModel(encodeModel(model)))
    const probs = new Float64Array(3)
    expect(texts.map((t) => scorer.probabilities(t, probs))).toEqual(labels)
  })
})
