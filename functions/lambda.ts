/**
 * The Lambda handler around the app (Function URL / API Gateway v2 events via hono/aws-lambda), kept apart
 * from functions/api.ts so tests can build one over their own deps without running the entry's module scope.
 */
import { type AppDeps, createApp } from '@supernova/api'
import type { EmfFlusher } from '@supernova/metrics'
import { handle } from 'hono/aws-lambda'

/** What Lambda calls with an event and a context. */
export type LambdaHandler = ReturnType<typeof handle>

/** Builds a handler over built deps (or a promise of them); per call, finishes cache back-fills, then flushes EMF. */
export function createHandler(
  deps: AppDeps | Promise<AppDeps>,
  options: { emf?: EmfFlusher } = {},
): LambdaHandler {
  const ready = Promise.resolve(deps).then((d) => ({ deps: d, handler: handle(createApp(d)) }))
  return (async (event: unknown, context: unknown) => {
    const { deps: d, handler } = await ready
    try {
      return await handler(event as never, context as never)
    } finally {
      // A frozen container must not hold background work: write the results answered, finish cache back-fills,
      // then emit metrics.
      await d.results?.flush()
      await d.cache?.flush()
      options.emf?.flush()
    }
  }) as LambdaHandler
}
