/// <reference path="../.sst/platform/config.d.ts" />
import { apiFunctionSettings, bundleFiles, nodejsBundle } from '../infra/settings'

/** The API: Hono on Lambda behind a streaming function URL; provisioned concurrency in production. */
export function apiStack(environment: $util.Output<Record<string, string>>, link: sst.aws.Queue[]) {
  const s = apiFunctionSettings($app.stage)
  const api = new sst.aws.Function('Api', {
    handler: s.handler,
    runtime: s.runtime,
    architecture: s.architecture,
    memory: s.memory,
    timeout: s.timeout,
    url: s.url,
    streaming: s.streaming,
    versioning: s.versioning,
    concurrency: s.concurrency,
    // Migrations and the sentiment weights are read from disk; infra/lambda-bundle.mjs points the code here.
    copyFiles: bundleFiles,
    nodejs: nodejsBundle,
    link,
    environment: environment.apply((e) => ({ ...s.environment, ...e })),
  })
  return { api }
}
