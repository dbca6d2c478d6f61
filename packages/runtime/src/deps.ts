import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import type { AppDeps } from '@supernova/api'
import {
  createNeonHttpDatabase,
  createNeonWsDatabase,
  createPgDatabase,
  createPgliteDatabase,
  marketRepository,
  migrate,
  profileRepository,
  type SqlDatabase,
  seedSampleData,
  watchlistRepository,
} from '@supernova/db'
import { createMonitor, type Monitor } from '@supernova/metrics'
import { localSentiment, type SentimentModel, sagemakerSentiment, sentimentService } from '@supernova/ml'
import { createCacheFor, startMarketWarmers } from './cache.ts'
import type { Config } from './config.ts'
import { createTasksFor } from './tasks.ts'

/** What createDeps built, plus how to shut it down in order. */
export interface Runtime {
  deps: AppDeps
  config: Config
  /** Port -> adapter serving it, e.g. { database: 'pglite (.supernova/pgdata)' }. */
  adapters: Record<string, string>
  close(): Promise<void>
}

/** Wires the repositories and optional features over a database; tests use it with their own database. */
export function buildAppDeps(db: SqlDatabase, extra: Partial<AppDeps> = {}): AppDeps {
  return {
    db,
    market: marketRepository(db),
    profiles: profileRepository(db),
    watchlists: watchlistRepository(db),
    ...extra,
  }
}

async function openDatabase(config: Config): Promise<{ db: SqlDatabase; description: string }> {
  switch (config.databaseDriver) {
    case 'pglite': {
      const dir = resolve(join(config.SUPERNOVA_DATA_DIR, 'pgdata'))
      return { db: await createPgliteDatabase({ dataDir: dir }), description: `pglite (${dir})` }
    }
    case 'pg':
      return {
        db: createPgDatabase({ connectionString: config.DATABASE_URL!, max: config.DATABASE_POOL_MAX }),
        description: 'pg (PostgreSQL over TCP)',
      }
    case 'neon-http':
      return {
        db: createNeonHttpDatabase({ connectionString: config.DATABASE_URL! }),
        description: 'neon-http (SQL over HTTPS)',
      }
    case 'neon-ws':
      return {
        db: createNeonWsDatabase({ connectionString: config.DATABASE_URL!, max: config.DATABASE_POOL_MAX }),
        description: 'neon-ws (WebSocket Pool)',
      }
  }
}

/** Times every model call into the monitor's ML hooks (latency, items, fallbacks) without the adapters knowing. */
export function instrumentModel(model: SentimentModel, monitor: Monitor, backend: string): SentimentModel {
  // Inherit from the adapter so its other members (counters, breaker state) stay visible to the service.
  const wrapped: SentimentModel = Object.create(model)
  return Object.assign(wrapped, {
    async score(texts: readonly string[]) {
      const start = performance.now()
      try {
        const out = await model.score(texts)
        const fallback = out.some((r) => r.fallback)
        monitor.ml.inference({
          model: model.name,
          backend: fallback ? `${backend}-fallback` : backend,
          durationMs: performance.now() - start,
          batchSize: texts.length,
          fallback,
        })
        return out
      } catch (e) {
        monitor.ml.inference({
          model: model.name,
          backend,
          durationMs: performance.now() - start,
          batchSize: texts.length,
          ok: false,
        })
        throw e
      }
    },
  })
}

/** The only place that picks adapters: reads the validated config and builds every port. */
export async function createDeps(
  config: Config,
  options: {
    onSeedProgress?: (done: number, total: number) => void
    /** Lambda passes a monitor that it flushes per invocation (no timers); servers get a started one. */
    monitor?: Monitor
    /** Run background tasks in this process (servers); Lambda functions leave it off. Default: no monitor given. */
    runTasks?: boolean
  } = {},
): Promise<Runtime> {
  const monitor = options.monitor ?? createMonitor().start()
  const { db, description } = await openDatabase(config)
  // createApp attaches the query observer; the pool gauge is the runtime's to wire (it knows the adapter).
  if (db.poolStats) monitor.db.setPoolStats(db.poolStats)
  await migrate(db)
  if (config.SEED_SAMPLE_DATA) await seedSampleData(db, options.onSeedProgress)
  const adapters: Record<string, string> = { database: description }
  const { cache, description: cacheDescription } = createCacheFor(config, db)
  adapters.cache = cacheDescription
  // Sentiment: the shipped CPU model unless a SageMaker endpoint is named (then the local model is its fallback).
  const model = config.SAGEMAKER_ENDPOINT_NAME
    ? sagemakerSentiment({
        endpointName: config.SAGEMAKER_ENDPOINT_NAME,
        region: config.AWS_REGION,
        endpoint: config.SAGEMAKER_ENDPOINT_URL,
        // results shared through the tiered cache (L1, L2 across instances, L3), keyed by model version + text hash
        cache,
        // a plain-http URL is the self-hosted local endpoint, which ignores signatures
        credentials: config.SAGEMAKER_ENDPOINT_URL?.startsWith('http:')
          ? { accessKeyId: 'local', secretAccessKey: 'local' }
          : undefined,
      })
    : localSentiment()
  adapters.metrics = options.monitor
    ? 'in-process registry, flushed as CloudWatch EMF per invocation'
    : 'in-process registry (Prometheus at /metrics, dashboard at /performance/dashboard)'
  adapters.sentiment = config.SAGEMAKER_ENDPOINT_NAME
    ? `sagemaker (${config.SAGEMAKER_ENDPOINT_NAME}${config.SAGEMAKER_ENDPOINT_URL ? ` at ${config.SAGEMAKER_ENDPOINT_URL}` : ''}, local fallback)`
    : `local (${model.name})`
  const deps = buildAppDeps(db, {
    adapters,
    cache,
    sentiment: sentimentService({
      model: instrumentModel(model, monitor, config.SAGEMAKER_ENDPOINT_NAME ? 'sagemaker' : 'local'),
      db,
    }),
    monitor,
    performance: { operatorKey: config.OPERATOR_KEY },
    version: '0.1.0',
    http: {
      maxBodyBytes: config.MAX_BODY_BYTES,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      cursorSecret: config.CURSOR_SECRET ?? randomBytes(32).toString('hex'),
    },
  })
  startMarketWarmers(cache, deps.market, config)
  const tasks = await createTasksFor(config, db, deps.market, monitor, options.runTasks ?? !options.monitor)
  deps.tasks = tasks.queue
  adapters.tasks = tasks.description
  return {
    deps,
    config,
    adapters,
    async close() {
      await tasks.close()
      if ('close' in model) await model.close()
      await cache.close()
      await db.close()
      if (!options.monitor) monitor.stop()
    },
  }
}
