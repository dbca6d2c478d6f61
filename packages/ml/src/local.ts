import {
  createLinearScorer,
  type LinearModel,
  type LinearScorer,
  loadShippedModel,
  shippedModelVersion,
} from './model/linear.ts'
import type { SentimentModel, SentimentResult } from './port.ts'

export interface LocalSentimentOptions {
  /** Defaults to the weights shipped in packages/ml/model/. */
  model?: LinearModel
}

/**
 * The embedded CPU model: the default adapter and the SageMaker adapter's fallback. Its weights are decoded on the
 * first text scored, so a function that only falls back to it does not pay for them at cold start.
 */
export function localSentiment(options: LocalSentimentOptions = {}) {
  let scorer: LinearScorer | undefined
  const version = options.model?.version ?? shippedModelVersion()
  /** Running totals for metrics (same names as the SageMaker adapter's where they mean the same). */
  const counters = { requests: 0, texts: 0 }
  const scoreSync = (texts: readonly string[]): SentimentResult[] => {
    counters.requests++
    counters.texts += texts.length
    scorer ??= createLinearScorer(options.model ?? loadShippedModel())
    const s = scorer
    return texts.map((t) => s.score(t))
  }
  return {
    name: `local:${version}`,
    version,
    counters,
    /** Synchronous form for hot loops and the local endpoint. */
    scoreSync,
    async score(texts: readonly string[]): Promise<SentimentResult[]> {
      return scoreSync(texts)
    },
  } satisfies SentimentModel & Record<string, unknown>
}
export type LocalSentiment = ReturnType<typeof localSentiment>
