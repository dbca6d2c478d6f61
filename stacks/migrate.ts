/// <reference path="../.sst/platform/config.d.ts" />
import { join } from 'node:path'
import { migrateFunctionSettings, migrationsFingerprint } from '../infra/migrate'
import { bundleFiles, nodejsBundle } from '../infra/settings'

/**
 * The Migrate function and its invocation during the deploy: `aws.lambda.Invocation` calls it when created and
 * again whenever the migrations' fingerprint changes, so the schema moves forward once per deploy, before the
 * functions that depend on it (they pass `dependsOn`), and never on a request's cold start.
 */
export function migrateStack(environment: $util.Output<Record<string, string>>) {
  const s = migrateFunctionSettings($app.stage)
  const fn = new sst.aws.Function('Migrate', {
    handler: s.handler,
    runtime: s.runtime,
    architecture: s.architecture,
    memory: s.memory,
    timeout: s.timeout,
    copyFiles: bundleFiles,
    nodejs: nodejsBundle,
    environment: environment.apply((e) => ({ ...s.environment, ...e })),
  })
  const fingerprint = migrationsFingerprint(join(process.cwd(), 'packages/db/migrations'))
  const run = new aws.lambda.Invocation('MigrateOnDeploy', {
    functionName: fn.name,
    input: JSON.stringify({ migrations: fingerprint }),
    triggers: { migrations: fingerprint },
  })
  return { fn, run }
}
