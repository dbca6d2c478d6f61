/// <reference path="../.sst/platform/config.d.ts" />
// Type-checked by SST (`sst install` generates .sst/platform); excluded from this repo's tsc run.
import { apiFunctionSettings, serviceEnvironment } from '../infra/settings'

export function apiStack() {
  const databaseUrl = new sst.Secret('DatabaseUrl')
  const upstashUrl = new sst.Secret('UpstashRedisRestUrl')
  const upstashToken = new sst.Secret('UpstashRedisRestToken')
  const s = apiFunctionSettings($app.stage)
  const api = new sst.aws.Function('Api', {
    handler: s.handler,
    runtime: s.runtime,
    architecture: s.architecture,
    memory: s.memory,
    timeout: s.timeout,
    url: s.url,
    streaming: s.streaming,
    // Migrations are read from disk at start.
    copyFiles: [{ from: 'packages/db/migrations', to: 'packages/db/migrations' }],
    environment: {
      ...s.environment,
      ...serviceEnvironment({
        databaseUrl: databaseUrl.value,
        upstashUrl: upstashUrl.value,
        upstashToken: upstashToken.value,
        region: aws.getRegionOutput().name,
      }),
    },
  })
  return { api }
}
