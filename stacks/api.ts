/// <reference path="../.sst/platform/config.d.ts" />
import { apiFunctionSettings, bundleFiles, nodejsBundle } from '../infra/settings'
import type { Permission } from './queues'

/**
 * The API: Hono on Lambda behind a buffered function URL; provisioned concurrency in production. `link` gives
 * it send rights on the task queues, `permissions` the rest (invoking the sentiment endpoint).
 */
export function apiStack(
  environment: $util.Output<Record<string, string>>,
  link: sst.aws.Queue[],
  permissions: Permission[] = [],
  /** Resources to finish first: the deploy's migration run, so new code meets the schema it expects. */
  after: $util.Input<$util.Resource>[] = [],
) {
  const s = apiFunctionSettings($app.stage)
  const api = new sst.aws.Function(
    'Api',
    {
      handler: s.handler,
      runtime: s.runtime,
      architecture: s.architecture,
      memory: s.memory,
      timeout: s.timeout,
      url: s.url,
      streaming: s.streaming,
      versioning: s.versioning,
      concurrency: s.concurrency,
      // The sentiment weights are read from disk (infra/lambda-bundle.mjs points the code here); the migrations
      // travel too but the Migrate function (stacks/migrate.ts) applies them, not a cold start.
      copyFiles: bundleFiles,
      nodejs: nodejsBundle,
      link,
      permissions,
      environment: environment.apply((e) => ({ ...s.environment, ...e })),
    },
    { dependsOn: after },
  )
  return { api }
}
