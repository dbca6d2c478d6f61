import { createLinearScorer, type LinearModel, loadShippedModel } from './model/linear.ts'
import type { SentimentModel, SentimentResult } from './port.ts'

export interface LocalSentimentOptions {
  /** Defaults to the weights shipped in packages/ml/model/. */
  model?: LinearModel
}

/** The embedded CPU model: the default adapter and the SageMaker adapter's fallback. */
export function localSentiment(options: LocalSentimentOptions = {}) {
  const scorer = createLinearScorer(options.model ?? loadShippedModel())
  /** Running totals for metrics (same names as the SageMaker adapter's where they mean the same). */
  const counters = { requests: 0, texts: 0 }
  const scoreSync = (texts: readonly string[]): SentimentResult[] => {
    counters.requests++
    counters.texts += texts.length
    return texts.map((t) => scorer.score(t))
  }
  return {
    name: `local:${scorer.model.version}`,
    version: scorer.model.version,
    counters,
    /** Synchronous form for hot loops and the local endpoint. */
    scoreSync,
    async score(texts: readonly string[]): Promise<SentimentResult[]> {
      return scoreSync(texts)
    },
  } satisfies SentimentModel & Record<string, unknown>
}
export type LocalSentiment = ReturnType<typeof localSentiment>
