/**
 * Lambda SQS consumer for background tasks. Dependencies are built once per container; each invocation
 * processes the batch with Powertools' BatchProcessor and answers a partial batch response, so only failed
 * records return to the queue (after the backoff the worker set with ChangeMessageVisibility). Completion is
 * idempotent through the task row's status transition. Task metrics go out as EMF before the handler returns.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { createSqsWorker, type SqsRecordLike, type SqsWorker, type TaskEvents } from '@supernova/queue'
import { appTaskRegistry, createDeps, loadConfig, sqsClientFor, taskCpuOf } from '@supernova/runtime'

/** The SQS event as Lambda delivers it (the fields the worker reads). */
export interface SqsEvent {
  Records: (SqsRecordLike & { eventSource?: string })[]
}

/**
 * Task events as Powertools metrics (flushed per invocation as EMF). `task_wait_ms` (enqueue to start, every
 * type) is the task lag the dashboard and alarms read; the per-type names break it down.
 */
export function taskMetrics(metrics: Metrics): TaskEvents {
  return {
    started: (type, waitMs) => {
      metrics.addMetric('task_wait_ms', MetricUnit.Milliseconds, waitMs)
      metrics.addMetric(`task_wait_ms_${type}`, MetricUnit.Milliseconds, waitMs)
    },
    completed: (type, ms) => {
      metrics.addMetric('tasks_completed', MetricUnit.Count, 1)
      metrics.addMetric(`task_run_ms_${type}`, MetricUnit.Milliseconds, ms)
    },
    failed: () => metrics.addMetric('tasks_failed', MetricUnit.Count, 1),
    retried: () => metrics.addMetric('tasks_retried', MetricUnit.Count, 1),
    dead: () => metrics.addMetric('tasks_dead', MetricUnit.Count, 1),
  }
}

/** Builds a handler over a worker (the module-level one below, or a test's). */
export function createWorkerHandler(worker: Promise<SqsWorker>, options: { metrics?: Metrics } = {}) {
  return async (event: SqsEvent, context: { getRemainingTimeInMillis?: () => number }) => {
    const w = await worker
    const processor = new BatchProcessor(EventType.SQS)
    try {
      return await processPartialResponse(
        event as never,
        async (record: SqsRecordLike) => {
          await w.processRecord(record, context.getRemainingTimeInMillis?.() ?? 15 * 60_000)
        },
        processor,
        { context: context as never, throwOnFullBatchFailure: false },
      )
    } finally {
      options.metrics?.publishStoredMetrics()
    }
  }
}

let lazy: ReturnType<typeof createWorkerHandler> | undefined

/** The deployed handler: config read and adapters built on first use, then reused by the container. */
export const handler = (event: SqsEvent, context: { getRemainingTimeInMillis?: () => number }) => {
  if (!lazy) {
    const config = loadConfig()
    const metrics = new Metrics({
      namespace: config.POWERTOOLS_METRICS_NAMESPACE,
      serviceName: config.POWERTOOLS_SERVICE_NAME,
    })
    const worker = createDeps(config, { runTasks: false, migrate: false }).then(async (rt) =>
      createSqsWorker({
        db: rt.deps.db,
        registry: appTaskRegistry(
          rt.deps.market,
          taskCpuOf(config),
          rt.deps.history,
          rt.deps.alerts,
          rt.deps.sentiment,
        ).registry,
        client: await sqsClientFor(config),
        events: taskMetrics(metrics),
      }),
    )
    lazy = createWorkerHandler(worker, { metrics })
  }
  return lazy(event, context)
}
