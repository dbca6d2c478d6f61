/// <reference path="../.sst/platform/config.d.ts" />
import {
  bundleFiles,
  nodejsBundle,
  PRIORITIES,
  type Priority,
  queueSettings,
  workerFunctionSettings,
} from '../infra/settings'

/** A statement added to a function's role (the SageMaker endpoint's invoke permission). */
export type Permission = { actions: string[]; resources: $util.Input<string>[] }

/**
 * One SQS queue per priority, each with its DLQ (redrive after maxReceiveCount) and a worker subscribed; the
 * workers get `permissions` besides their queues (invoking the sentiment endpoint).
 */
export function queuesStack(
  environment: $util.Output<Record<string, string>>,
  permissions: Permission[] = [],
) {
  const queues = {} as Record<Priority, sst.aws.Queue>
  const dlqs = {} as Record<Priority, sst.aws.Queue>
  for (const p of PRIORITIES) {
    const q = queueSettings(p)
    const dlq = new sst.aws.Queue(`${q.name}Dlq`, {
      transform: { queue: { messageRetentionSeconds: 14 * 86_400 } },
    })
    dlqs[p] = dlq
    queues[p] = new sst.aws.Queue(q.name, {
      visibilityTimeout: q.visibilityTimeout,
      dlq: { queue: dlq.arn, retry: q.maxReceiveCount },
    })
  }
  const urls = {
    high: queues.high.url,
    normal: queues.normal.url,
    low: queues.low.url,
  }
  const workers = {} as Record<Priority, $util.Output<string>>
  for (const p of PRIORITIES) {
    const w = workerFunctionSettings($app.stage, p)
    const subscriber = queues[p].subscribe(
      {
        handler: w.handler,
        runtime: w.runtime,
        architecture: w.architecture,
        memory: w.memory,
        timeout: w.timeout,
        copyFiles: bundleFiles,
        nodejs: nodejsBundle,
        // The worker re-enqueues retries and follow-ups, so it needs every queue's URL and send rights.
        link: Object.values(queues),
        permissions,
        environment: $util
          .all([environment, $util.output(queueEnvironment(urls))])
          .apply(([e, q]) => ({ ...w.environment, ...e, ...q })),
      },
      {
        batch: w.batch,
        transform: {
          eventSourceMapping: (args) => {
            args.scalingConfig = { maximumConcurrency: w.maxConcurrency }
          },
        },
      },
    )
    workers[p] = subscriber.nodes.function.apply((f) => f.name)
  }
  return { queues, dlqs, urls, workers }
}

/** SQS_QUEUE_URL_* for a function that enqueues tasks. */
export function queueEnvironment(urls: Record<Priority, $util.Input<string>>) {
  return Object.fromEntries(PRIORITIES.map((p) => [queueSettings(p).envVar, urls[p]]))
}
