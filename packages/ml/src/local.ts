import { createLinearScorer, type LinearModel, loadShippedModel } from './model/linear.ts'
import type { SentimentModel, SentimentResult } from './port.ts'

export interface LocalSentimentOptions {
  /** Defaults to the weights shipped in packages/ml/model/. */
  model?: LinearModel
}

/** The embedded CPU model: the default adapter and the SageMaker adapter's fallback. */
export function localSentiment(options: LocalSentimentOptions = {}) {
  const scorer = createLinearScorer(options.model ?? loadShippedModel())
  return {
    name: `local:${scorer.model.version}`,
    version: scorer.model.version,
    /** Synchronous form for hot loops and the local endpoint. */
    scoreSync(texts: readonly string[]): SentimentResult[] {
      return texts.map((t) => scorer.score(t))
    },
    async score(texts: readonly string[]): Promise<SentimentResult[]> {
      return texts.map((t) => scorer.score(t))
    },
  } satisfies SentimentModel & Record<string, unknown>
}
export type LocalSentiment = ReturnType<typeof localSentiment>
