import { UnavailableError, ValidationError } from '@supernova/core'
import type { SentimentService } from '@supernova/ml'
import type { TaskDefinition } from '@supernova/queue'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { isSaneDate, SymbolParam } from '../schemas.ts'
import { SENTIMENT_SCORE_TASK, sentimentTaskTypes } from './sentiment-tasks.ts'
import { AcceptedTask, enqueueTask, wantsTask } from './task-offload.ts'

/** Bounds that keep one request's model time and payload small (the GPU endpoint batches 32 at a time). */
export const SENTIMENT_LIMITS = {
  /** Texts or items scored in the request; more (up to maxTaskTexts) run as a `sentiment-score` task. */
  maxTexts: 100,
  maxTaskTexts: 5_000,
  maxChars: 2_000,
  maxSymbols: 50,
} as const
const DAY_MS = 86_400_000
/** Longest range per interval: about 1,000 hourly buckets or 10 years of daily ones. */
const MAX_RANGE_MS = { hour: 42 * DAY_MS, day: 3_660 * DAY_MS } as const

const Text = z
  .string({ message: 'expected a text string' })
  .max(SENTIMENT_LIMITS.maxChars, `expected at most ${SENTIMENT_LIMITS.maxChars} characters`)
  .refine((t) => t.trim().length > 0, 'expected a non-empty text')
const Instant = z
  .string()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
      isSaneDate(v.slice(0, 10)) &&
      !Number.isNaN(Date.parse(v)),
    {
      message: 'expected an ISO date or date-time such as 2024-03-01 or 2024-03-01T09:30:00Z',
    },
  )
  .transform((v) => new Date(v))

const ScoreSchema = z.object({
  label: z.enum(['positive', 'negative', 'neutral']),
  scores: z.object({ positive: z.number(), negative: z.number(), neutral: z.number() }),
  score: z.number(),
  model: z.string(),
  fallback: z.boolean().optional(),
  cached: z.boolean().optional(),
  symbols: z.array(z.string()).optional(),
})
const StatsSchema = z.object({
  count: z.number(),
  meanScore: z.number(),
  positive: z.number(),
  negative: z.number(),
  neutral: z.number(),
})

/** Body of POST /v1/sentiment, also the payload of the `sentiment-score` task. */
export const ScoreBody = z
  .object({
    texts: z
      .array(Text, { message: 'expected an array of texts' })
      .min(1, 'expected at least one text')
      .max(SENTIMENT_LIMITS.maxTaskTexts, `expected at most ${SENTIMENT_LIMITS.maxTaskTexts} texts`)
      .optional(),
    items: z
      .array(
        z.object({
          text: Text,
          symbol: SymbolParam.optional(),
          time: Instant.optional(),
          source: z.string().trim().min(1).max(64).optional(),
        }),
        { message: 'expected an array of items' },
      )
      .min(1, 'expected at least one item')
      .max(SENTIMENT_LIMITS.maxTaskTexts, `expected at most ${SENTIMENT_LIMITS.maxTaskTexts} items`)
      .optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.texts === undefined) === (b.items === undefined))
      ctx.addIssue({ code: 'custom', path: ['texts'], message: 'send exactly one of texts or items' })
  })

/** from/to default to the last 7 days; from must precede to and the span must suit the interval. */
function range(q: { from?: Date; to?: Date }, interval: 'hour' | 'day') {
  const to = q.to ?? new Date()
  const from = q.from ?? new Date(to.getTime() - 7 * DAY_MS)
  if (from >= to)
    throw new ValidationError('Invalid query.from: must be before query.to.', {
      details: [{ field: 'query.from', message: 'must be before query.to' }],
    })
  if (to.getTime() - from.getTime() > MAX_RANGE_MS[interval])
    throw new ValidationError(`Invalid query.from: the range is too long for interval=${interval}.`, {
      details: [
        { field: 'query.from', message: `at most ${MAX_RANGE_MS[interval] / DAY_MS} days for ${interval}` },
      ],
    })
  return { from, to }
}

const service = (c: Context<AppEnv>) => {
  const s = c.var.deps.sentiment
  if (!s) throw new UnavailableError('Sentiment is not configured on this server.')
  return s
}

/** Sentiment: score texts now, score-and-store items, history per symbol and aggregates over symbols. */
export function sentimentRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  const tags = ['sentiment']
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/sentiment',
      operationId: 'scoreSentiment',
      summary: 'Score texts ({texts}) or score and store items ({items}) per symbol',
      tags,
      errors: [503],
      body: ScoreBody,
      responses: {
        ...AcceptedTask,
        200: {
          description: 'One result per text, in order; `stored` counts rows written for items',
          schema: z.object({ results: z.array(ScoreSchema), stored: z.number().optional() }),
        },
      },
    },
    async (c, { body }) => {
      const s = service(c)
      // Bulk scoring (more than maxTexts, or when the client prefers) runs as a task: 202 + Location.
      const n = body.texts?.length ?? body.items?.length ?? 0
      if (c.var.deps.tasks && (n > SENTIMENT_LIMITS.maxTexts || wantsTask(c)))
        return enqueueTask(c, SENTIMENT_SCORE_TASK, body)
      if (n > SENTIMENT_LIMITS.maxTexts) {
        const field = body.texts ? 'body.texts' : 'body.items'
        throw new ValidationError(
          `Invalid ${field}: expected at most ${SENTIMENT_LIMITS.maxTexts} ${field.slice(5)} in one request (background tasks are not configured).`,
          { details: [{ field, message: `expected at most ${SENTIMENT_LIMITS.maxTexts}` }] },
        )
      }
      if (body.texts) return c.json({ results: await s.score(body.texts) })
      const { results, stored } = await s.ingest(body.items!)
      return c.json({ results, stored })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/sentiment/aggregate',
      operationId: 'getSentimentAggregate',
      summary: 'Mean score and label counts per symbol over a range',
      tags,
      errors: [503],
      query: z.object({
        symbols: z
          .string({ message: 'expected a comma-separated list of symbols' })
          .transform((v) => [
            ...new Set(
              v
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            ),
          ])
          .pipe(
            z
              .array(SymbolParam)
              .min(1, 'expected at least one symbol')
              .max(SENTIMENT_LIMITS.maxSymbols, `expected at most ${SENTIMENT_LIMITS.maxSymbols} symbols`),
          ),
        from: Instant.optional(),
        to: Instant.optional(),
      }),
      responses: {
        200: {
          description: 'Stats per symbol (zero counts for symbols without items)',
          schema: z.object({
            from: z.string(),
            to: z.string(),
            data: z.array(StatsSchema.extend({ symbol: z.string() })),
          }),
        },
      },
    },
    async (c, { query }) => {
      const { from, to } = range(query, 'day')
      const data = await service(c).aggregate({ symbols: query.symbols, from, to })
      return c.json({ from: from.toISOString(), to: to.toISOString(), data })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/sentiment/:symbol/history',
      operationId: 'getSentimentHistory',
      summary: 'Sentiment history of a symbol in hourly or daily UTC buckets',
      tags,
      errors: [503],
      params: z.object({ symbol: SymbolParam }),
      query: z.object({
        from: Instant.optional(),
        to: Instant.optional(),
        interval: z.enum(['hour', 'day'], { message: "expected 'hour' or 'day'" }).default('day'),
      }),
      responses: {
        200: {
          description: 'Buckets oldest first; empty buckets are omitted',
          schema: z.object({
            symbol: z.string(),
            interval: z.enum(['hour', 'day']),
            from: z.string(),
            to: z.string(),
            data: z.array(StatsSchema.extend({ bucket: z.string() })),
          }),
        },
      },
    },
    async (c, { params, query }) => {
      const { from, to } = range(query, query.interval)
      const data = await service(c).history({ symbol: params.symbol, from, to, interval: query.interval })
      return c.json({
        symbol: params.symbol,
        interval: query.interval,
        from: from.toISOString(),
        to: to.toISOString(),
        data,
      })
    },
  )
}

/** The sentiment task types (bulk scoring) over the app's sentiment service. */
export function sentimentTasks(service: () => SentimentService | undefined): TaskDefinition[] {
  return sentimentTaskTypes(ScoreBody, service)
}
