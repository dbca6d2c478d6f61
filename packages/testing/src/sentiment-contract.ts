import { SENTIMENT_LABELS, type SentimentModel, type SentimentResult } from '@supernova/ml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const POSITIVE = 'Company beats profit estimates and raises full-year guidance'
const NEGATIVE = 'Shares plunge after company cuts outlook and misses revenue estimates'

/** Checks one answer's shape: a known label that is the argmax of probabilities summing to one. */
function expectWellFormed(r: SentimentResult) {
  expect(SENTIMENT_LABELS).toContain(r.label)
  const { positive, negative, neutral } = r.scores
  for (const p of [positive, negative, neutral]) {
    expect(p).toBeGreaterThanOrEqual(0)
    expect(p).toBeLessThanOrEqual(1)
  }
  expect(positive + negative + neutral).toBeCloseTo(1, 5)
  expect(r.scores[r.label]).toBe(Math.max(positive, negative, neutral))
  expect(r.score).toBeCloseTo(positive - negative, 5)
  expect(typeof r.model).toBe('string')
  expect(r.model.length).toBeGreaterThan(0)
}

/**
 * The sentiment port's contract, run against every adapter (the local model, SageMaker through an endpoint
 * speaking its protocol); `make` returns a ready model and an optional cleanup.
 */
export function describeSentimentModel(
  name: string,
  make: () => Promise<{ model: SentimentModel; cleanup?: () => Promise<void> }>,
) {
  describe(`sentiment port contract: ${name}`, () => {
    let model: SentimentModel
    let cleanup: (() => Promise<void>) | undefined

    beforeAll(async () => {
      ;({ model, cleanup } = await make())
    })
    afterAll(async () => {
      await model?.close?.()
      await cleanup?.()
    })

    it('answers one well-formed result per text, in order, and nothing for an empty batch', async () => {
      const texts = [POSITIVE, 'The company will hold its annual meeting on May 4', NEGATIVE]
      const batch = await model.score(texts)
      expect(batch).toHaveLength(3)
      batch.forEach(expectWellFormed)
      const one = await Promise.all(texts.map(async (t) => (await model.score([t]))[0]!))
      expect(batch.map((r) => r.label)).toEqual(one.map((r) => r.label))
      batch.forEach((r, i) => {
        expect(r.score).toBeCloseTo(one[i]!.score, 5)
      })
      expect(await model.score([])).toEqual([])
    })

    it('maps labels the right way round (a clear win is positive, a clear blow negative)', async () => {
      const [pos, neg] = await model.score([POSITIVE, NEGATIVE])
      expect(pos!.label).toBe('positive')
      expect(pos!.score).toBeGreaterThan(0)
      expect(neg!.label).toBe('negative')
      expect(neg!.score).toBeLessThan(0)
    })

    it('answers the same text the same way every time, duplicates included', async () => {
      const text = 'Retailer lowers annual forecast as sales slow'
      const [a, b] = await model.score([text, text])
      const [c] = await model.score([text])
      for (const r of [b!, c!]) {
        expect(r.label).toBe(a!.label)
        expect(r.score).toBeCloseTo(a!.score, 5)
      }
    })

    it('scores odd input (empty, symbols only, very long, non-Latin) without failing', async () => {
      const texts = ['', '🚀🚀 … !!!', 'growth '.repeat(2000), '株価が急落した', 'a\u0000b']
      const results = await model.score(texts)
      expect(results).toHaveLength(texts.length)
      results.forEach(expectWellFormed)
    })

    it('serves a batch of many texts', async () => {
      const texts = Array.from(
        { length: 100 },
        (_, i) => `Headline ${i}: shares ${i % 2 ? 'rise' : 'fall'} ${i}%`,
      )
      const results = await model.score(texts)
      expect(results).toHaveLength(100)
      results.forEach(expectWellFormed)
    })
  })
}
