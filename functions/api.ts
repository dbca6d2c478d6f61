/**
 * Lambda entry (Function URL / API Gateway v2). Config is read and every adapter is built here at module
 * scope (top-level await) during the container's init phase; invocations reuse them. Request metrics go to
 * CloudWatch as EMF (Powertools), flushed before each invocation returns; on the lambda shape the monitor
 * runs no timers between calls. Migrations and the sample seed are not applied here: the Migrate function
 * (functions/migrate.ts) runs them once per deploy.
 */
import { Metrics } from '@aws-lambda-powertools/metrics'
import { createEmfFlusher } from '@supernova/metrics'
import { createDeps, loadConfig } from '@supernova/runtime'
import { createHandler, type LambdaHandler } from './lambda.ts'

const config = loadConfig()
const { deps } = await createDeps(config, { requireAuth: true, migrate: false })
const metrics = new Metrics({
  namespace: config.POWERTOOLS_METRICS_NAMESPACE,
  serviceName: config.POWERTOOLS_SERVICE_NAME,
})

/** The deployed handler. */
export const handler: LambdaHandler = createHandler(deps, {
  emf: createEmfFlusher({ monitor: deps.monitor, metrics }),
})
