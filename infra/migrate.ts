/**
 * The deploy-time Migrate function (functions/migrate.ts): its Lambda settings and the fingerprint of the
 * migrations that decides when a deploy invokes it (stacks/migrate.ts). The request-path functions no longer
 * migrate on a cold start, so this is the only place a deployed stage's schema moves forward.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isProduction, type Stage } from './settings'

/** Lambda settings: one invocation per deploy, long enough for every migration and the sample seed. */
export function migrateFunctionSettings(stage: Stage) {
  return {
    handler: 'functions/migrate.handler',
    runtime: 'nodejs22.x' as const,
    architecture: 'arm64' as const,
    memory: '1024 MB' as const,
    // Lambda's maximum: a long migration (an index on a large table) must not be cut off half way.
    timeout: '15 minutes' as const,
    environment: {
      NODE_ENV: 'production',
      // Development and staging stages get the sample universe once, here, not on every cold start.
      SEED_SAMPLE_DATA: isProduction(stage) ? 'false' : 'true',
      POWERTOOLS_SERVICE_NAME: 'supernova-migrate',
      POWERTOOLS_METRICS_NAMESPACE: 'SuperNova',
    },
  }
}

/**
 * SHA-256 over the migration files' names and contents (sorted): the Invocation's trigger, so a deploy runs the
 * function when a migration was added or changed, and not otherwise.
 */
export function migrationsFingerprint(dir: string): string {
  const h = createHash('sha256')
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    h.update(f)
      .update('\0')
      .update(readFileSync(join(dir, f)))
      .update('\0')
  }
  return h.digest('hex')
}
