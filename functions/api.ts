/**
 * Lambda entry (Function URL / API Gateway v2). Dependencies are built once per container at module scope;
 * the handler awaits them, so a cold start pays once and warm invocations pay nothing.
 */
import { type AppDeps, createApp } from '@supernova/api'
import { createDeps, loadConfig } from '@supernova/runtime'
import { handle } from 'hono/aws-lambda'

type LambdaHandler = ReturnType<typeof handle>

/** Builds a handler from a promise of deps (the module-level one below, or a test's). */
export function createHandler(deps: Promise<AppDeps>): LambdaHandler {
  const ready = deps.then((d) => handle(createApp(d)))
  return (async (event: unknown, context: unknown) =>
    (await ready)(event as never, context as never)) as LambdaHandler
}

let lazy: LambdaHandler | undefined

/** The deployed handler: config is read and adapters are built on first use, then reused by the container. */
export const handler: LambdaHandler = ((event: unknown, context: unknown) => {
  lazy ??= createHandler(createDeps(loadConfig()).then((r) => r.deps))
  return lazy(event as never, context as never)
}) as LambdaHandler
