/** Bulk sentiment scoring as a task: texts (or items, scored and stored) past the request's limit. */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { UnavailableError } from '@supernova/core'
import type { SentimentService } from '@supernova/ml'
import { defineTask, type TaskDefinition } from '@supernova/queue'
import type { z } from 'zod'

/** The bulk scoring task's type. */
export const SENTIMENT_SCORE_TASK = 'sentiment-score'

/** Texts scored per model call: progress between slices, and a turn of the event loop (the local model runs here). */
export const SENTIMENT_TASK_SLICE = 50

type Body = {
  texts?: string[]
  items?: { symbol?: string; text: string; time?: Date; source?: string }[]
}

/** The `sentiment-score` task type over the app's sentiment service (absent: the task fails with 503's message). */
export function sentimentTaskTypes(
  schema: z.ZodType<Body>,
  service: () => SentimentService | undefined,
): TaskDefinition[] {
  const score = defineTask({
    type: SENTIMENT_SCORE_TASK,
    schema,
    timeoutMs: 10 * 60_000,
    maxAttempts: 2,
    handler: async (body, ctx) => {
      const s = service()
      if (!s) throw new UnavailableError('Sentiment is not configured in this process.')
      const all = body.texts ?? body.items ?? []
      type Out = Awaited<ReturnType<SentimentService['score']>>[number] & { symbols?: string[] }
      const results: Out[] = []
      let stored = 0
      for (let i = 0; i < all.length; i += SENTIMENT_TASK_SLICE) {
        if (ctx.signal.aborted) throw ctx.signal.reason
        if (i > 0) await nextTurn()
        if (body.texts) results.push(...(await s.score(body.texts.slice(i, i + SENTIMENT_TASK_SLICE))))
        else {
          const r = await s.ingest(body.items!.slice(i, i + SENTIMENT_TASK_SLICE))
          results.push(...r.results)
          stored += r.stored
        }
        ctx.progress(results.length / all.length, `${results.length}/${all.length} scored`)
      }
      return body.texts ? { results } : { results, stored }
    },
  })
  return [score as TaskDefinition]
}
