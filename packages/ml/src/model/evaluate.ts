import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { SENTIMENT_LABELS, type SentimentLabel } from '../port.ts'
import type { LinearScorer } from './linear.ts'

/** A labelled evaluation set; labels are indices into SENTIMENT_LABELS (negative, positive, neutral). */
export interface LabelledTexts {
  texts: string[]
  labels: number[]
}

/** Accuracy, per-class recall and the confusion matrix (rows: true label, columns: predicted). */
export interface SentimentEvaluation {
  n: number
  accuracy: number
  recall: Record<SentimentLabel, number>
  confusion: number[][]
}

/** The hand-written formal-headline set (see the model card's rubric); never part of training. */
export const HEADLINE_EVAL_URL = new URL('../../eval/headlines.csv', import.meta.url)

/** Reads the headline set: a CSV with `label` (negative|positive|neutral) and `text` columns. */
export function loadHeadlineEvalSet(url: URL = HEADLINE_EVAL_URL): LabelledTexts {
  const rows = parse(readFileSync(url), { columns: true, skip_empty_lines: true }) as {
    label: string
    text: string
  }[]
  const labels = rows.map((r) => {
    const i = SENTIMENT_LABELS.indexOf(r.label as SentimentLabel)
    if (i < 0) throw new Error(`Unknown label "${r.label}" in ${url.pathname}`)
    return i
  })
  return { texts: rows.map((r) => r.text), labels }
}

/** Reads a twitter-financial-news split (`text`, `label` 0 bearish | 1 bullish | 2 neutral: the same order). */
export function loadTweetSplit(url: URL | string): LabelledTexts {
  const rows = parse(readFileSync(url), { columns: true, skip_empty_lines: true }) as {
    text: string
    label: string
  }[]
  return { texts: rows.map((r) => r.text), labels: rows.map((r) => Number(r.label)) }
}

/** Scores every text and compares the argmax with the label. */
export function evaluateSentiment(scorer: LinearScorer, set: LabelledTexts): SentimentEvaluation {
  const K = SENTIMENT_LABELS.length
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0))
  const probs = new Float64Array(K)
  set.texts.forEach((t, i) => {
    confusion[set.labels[i]!]![scorer.probabilities(t, probs)]!++
  })
  let ok = 0
  for (let c = 0; c < K; c++) ok += confusion[c]![c]!
  const recall = Object.fromEntries(
    SENTIMENT_LABELS.map((l, c) => {
      const row = confusion[c]!.reduce((a, b) => a + b, 0)
      return [l, row > 0 ? confusion[c]![c]! / row : 0]
    }),
  ) as Record<SentimentLabel, number>
  return { n: set.texts.length, accuracy: set.texts.length ? ok / set.texts.length : 0, recall, confusion }
}
