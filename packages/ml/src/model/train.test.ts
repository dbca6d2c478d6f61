import { describe, expect, it } from 'vitest'
import { createFeaturizer, DEFAULT_FEATURES } from './features.ts'
import { createLinearScorer, decodeModel, encodeModel, quantizeIdf } from './linear.ts'
import { accuracy, inverseDocumentFrequency, toDataset, trainSoftmax } from './train.ts'

const TEXTS = [
  'shares surge after strong results',
  'stock jumps on record profit',
  'company beats estimates',
  'shares plunge after weak results',
  'stock falls on surprise loss',
  'company misses estimates',
  'company to hold annual meeting',
  'board names new director',
  'firm schedules conference call',
]
const LABELS = [1, 1, 1, 0, 0, 0, 2, 2, 2]

describe('training', () => {
  it('fits a separable toy set with IDF features and survives the file format', () => {
    const features = { ...DEFAULT_FEATURES, bits: 12, idf: true }
    const idf = quantizeIdf(inverseDocumentFrequency(createFeaturizer(features), TEXTS))
    expect(idf.every((v) => v >= 1)).toBe(true)
    const fz = createFeaturizer(features, idf)
    const data = toDataset(fz, TEXTS, LABELS)
    const { weights, bias } = trainSoftmax(data, { buckets: 1 << 12, classes: 3, l2: 1e-4, maxIter: 200 })
    expect(accuracy(data, weights, bias, 3)).toBe(1)

    const model = decodeModel(
      encodeModel({
        version: 'toy',
        labels: ['negative', 'positive', 'neutral'],
        features,
        weights,
        bias,
        idf,
      }),
    )
    expect(model.idf).toBeDefined()
    const scorer = createLinearScorer(model)
    expect(TEXTS.map((t) => scorer.score(t).label)).toEqual(LABELS.map((l) => model.labels[l]))
    // a trained objective is deterministic: same data, same weights
    const again = trainSoftmax(data, { buckets: 1 << 12, classes: 3, l2: 1e-4, maxIter: 200 })
    expect(Array.from(again.weights.slice(0, 64))).toEqual(Array.from(weights.slice(0, 64)))
  })

  it('fits NB-LR (weights as multiples of log-count ratios) deterministically and serves it as a plain linear model', () => {
    const features = { ...DEFAULT_FEATURES, bits: 12 }
    const data = toDataset(createFeaturizer(features), TEXTS, LABELS)
    const opts = { buckets: 1 << 12, classes: 3, l2: 1e-4, maxIter: 200 }
    const nb = trainSoftmax(data, { ...opts, nb: { alpha: 1, floor: 0.1 } })
    const plain = trainSoftmax(data, opts)
    expect(accuracy(data, nb.weights, nb.bias, 3)).toBe(1)
    expect(Array.from(nb.weights)).not.toEqual(Array.from(plain.weights))
    const again = trainSoftmax(data, { ...opts, nb: { alpha: 1, floor: 0.1 } })
    expect(Array.from(again.weights)).toEqual(Array.from(nb.weights))
    const model = decodeModel(
      encodeModel({ version: 'toy-nb', labels: ['negative', 'positive', 'neutral'], features, ...nb }),
    )
    const scorer = createLinearScorer(model)
    expect(TEXTS.map((t) => scorer.score(t).label)).toEqual(LABELS.map((l) => model.labels[l]))
  })

  it('adds word trigrams only when they are switched on', () => {
    const text = 'shares surge after strong results'
    const off = createFeaturizer(DEFAULT_FEATURES).extract(text).count
    const on = createFeaturizer({ ...DEFAULT_FEATURES, wTrigram: 1 }).extract(text).count
    // one trigram per word (the first two read the start marker)
    expect(on - off).toBe(5)
  })

  it('rejects an IDF table of the wrong size', () => {
    expect(() => createFeaturizer({ ...DEFAULT_FEATURES, bits: 10 }, new Float32Array(8))).toThrow(
      /idf table/,
    )
  })
})
