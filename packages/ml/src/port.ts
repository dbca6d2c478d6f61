/** The three classes every sentiment adapter answers with. */
export const SENTIMENT_LABELS = ['negative', 'positive', 'neutral'] as const
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number]

/** One scored text. `score` is P(positive) - P(negative), in -1..1. */
export interface SentimentResult {
  label: SentimentLabel
  scores: { positive: number; negative: number; neutral: number }
  score: number
  /** Model name and version that produced this answer (also the cache namespace). */
  model: string
  /** True when the remote endpoint could not answer and the local model did. */
  fallback?: boolean
  /** True when the answer came from the result cache. */
  cached?: boolean
}

/** The sentiment port: score a batch of texts, one answer per text in the same order. */
export interface SentimentModel {
  readonly name: string
  score(texts: readonly string[]): Promise<SentimentResult[]>
  close?(): Promise<void>
}
