import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@supernova/testing'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { loadHeadlineEvalSet } from './evaluate.ts'
import { headlineTemplates } from './templates.ts'

const TRAIN = sharedDataPath('twitter-financial-news', 'sent_train.csv')
/** Lowercase words only, so punctuation, spacing and case cannot hide a copy. */
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9%$]+/g, ' ')
    .trim()

describe('headline training text', () => {
  it('is deterministic, labelled in all three classes and free of duplicates', () => {
    const a = headlineTemplates()
    expect(headlineTemplates()).toEqual(a)
    expect(new Set(a.map((t) => t.text)).size).toBe(a.length)
    for (const label of [0, 1, 2]) expect(a.filter((t) => t.label === label).length).toBeGreaterThan(500)
  })

  it('never contains an evaluation headline (templates and tweets alike)', () => {
    const rows = parse(readFileSync(TRAIN), { columns: true }) as { text: string }[]
    // one string, one scan per headline: containment covers exact copies and copies inside longer text
    const training = [...headlineTemplates().map((t) => t.text), ...rows.map((r) => r.text)]
      .map(norm)
      .join('\n')
    const evalSet = loadHeadlineEvalSet()
    expect(evalSet.texts.length).toBeGreaterThanOrEqual(300)
    const leaked = evalSet.texts.map(norm).filter((h) => training.includes(h))
    expect(leaked).toEqual([])
  })

  it('keeps the evaluation set balanced across the three labels', () => {
    const { labels } = loadHeadlineEvalSet()
    for (const label of [0, 1, 2])
      expect(labels.filter((l) => l === label).length).toBeGreaterThanOrEqual(100)
  })
})
