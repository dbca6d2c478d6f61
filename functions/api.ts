/**
 * Lambda entry (Function URL / API Gateway v2). Dependencies are built once per container at module scope;
 * the handler awaits them, so a cold start pays once and warm invocations pay nothing. Request metrics go
 * to CloudWatch as EMF (Powertools), flushed before each invocation returns; no timers run between calls.
 */
import { Metrics } from '@aws-lambda-powertools/metrics'
import { type AppDeps, createApp } from '@supernova/api'
import { createEmfFlusher, createMonitor, type EmfFlusher } from '@supernova/metrics'
import { createDeps, loadConfig } from '@supernova/runtime'
import { handle } from 'hono/aws-lambda'

type LambdaHandler = ReturnType<typeof handle>

/** Builds a handler from a promise of deps (the module-level one below, or a test's); flushes EMF per call. */
export function createHandler(deps: Promise<AppDeps>, options: { emf?: EmfFlusher } = {}): LambdaHandler {
  const ready = deps.then((d) => ({ deps: d, handler: handle(createApp(d)) }))
  return (async (event: unknown, context: unknown) => {
    const { deps: d, handler } = await ready
    try {
      return await handler(event as never, context as never)
    } finally {
      // A frozen container must not hold background work: finish cache back-fills, then emit metrics.
      await d.cache?.flush()
      options.emf?.flush()
    }
  }) as LambdaHandler
}

let lazy: LambdaHandler | undefined

/** The deployed handler: config is read and adapters are built on first use, then reused by the container. */
export const handler: LambdaHandler = ((event: unknown, context: unknown) => {
  if (!lazy) {
    const monitor = createMonitor() // not started: a frozen Lambda must not hold timers
    const metrics = new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SuperNova',
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'supernova-api',
    })
    const emf = createEmfFlusher({ monitor, metrics })
    lazy = createHandler(
      createDeps(loadConfig(), { monitor }).then((r) => r.deps),
      { emf },
    )
  }
  return lazy(event as never, context as never)
}) as LambdaHandler
