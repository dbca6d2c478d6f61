import { SENTIMENT_LABELS, type SentimentLabel, type SentimentResult } from './port.ts'

/** One label/score pair as the text-embeddings-inference `/predict` route returns it. */
export interface TeiPrediction {
  label: string
  score: number
}

/** TEI request body: one text or a batch; `truncate` makes over-long inputs safe instead of a 413/424. */
export interface TeiRequest {
  inputs: string | string[]
  truncate?: boolean
  raw_scores?: boolean
}

/** Renders local results in TEI's shape: all labels, highest score first. */
export function toTeiPredictions(r: SentimentResult): TeiPrediction[] {
  return SENTIMENT_LABELS.map((label) => ({ label, score: r.scores[label] })).sort(
    (a, b) => b.score - a.score,
  )
}

const DEFAULT_LABELS: Record<string, SentimentLabel> = {
  positive: 'positive',
  negative: 'negative',
  neutral: 'neutral',
  bullish: 'positive',
  bearish: 'negative',
}

/** Parses TEI predictions back into results; `labelMap` covers models that answer LABEL_0.. style names. */
export function fromTeiPredictions(
  preds: readonly TeiPrediction[],
  model: string,
  labelMap: Record<string, SentimentLabel> = DEFAULT_LABELS,
): SentimentResult {
  const scores = { positive: 0, negative: 0, neutral: 0 }
  for (const p of preds) {
    const label = labelMap[p.label] ?? labelMap[p.label.toLowerCase()]
    if (!label || typeof p.score !== 'number')
      throw new Error(`Unexpected label in endpoint answer: ${p.label}`)
    scores[label] = p.score
  }
  let label: SentimentLabel = 'neutral'
  for (const l of SENTIMENT_LABELS) if (scores[l] > scores[label]) label = l
  return { label, scores, score: scores.positive - scores.negative, model }
}
