import { randomBytes } from 'node:crypto'
import {
  type AppDeps,
  alertEvaluator,
  marketHistory,
  resultWriter,
  sentimentHintsFromAggregate,
} from '@supernova/api'
import {
  alertRepository,
  marketRepository,
  migrate,
  profileRepository,
  type SqlDatabase,
  seedSampleData,
  watchlistRepository,
} from '@supernova/db'
import { createMonitor, type Monitor } from '@supernova/metrics'
import { localSentiment, type SentimentModel, sagemakerSentiment, sentimentService } from '@supernova/ml'
import { createComputePool } from '@supernova/queue'
import { scheduleAlertEvaluation } from './alerts.ts'
import { createCacheFor } from './cache.ts'
import type { Config } from './config.ts'
import { openDatabase } from './database.ts'
import { createIdentityFor, localIdentity, requireAuthentication } from './identity.ts'
import { createLogger } from './logger.ts'
import { wireMonitor } from './monitor.ts'
import { createRateLimitFor } from './rate-limit.ts'
import { createRealtimeFor, publishAlerts, taskChangePublisher } from './realtime.ts'
import { scheduleTaskPrune } from './task-retention.ts'
import { createTasksFor } from './tasks.ts'
import { startTickSimulator } from './ticks.ts'

/** What createDeps built, plus how to shut it down in order. */
export interface Runtime {
  deps: AppDeps
  config: Config
  /** Port -> adapter serving it, e.g. { database: 'pglite (.supernova/pgdata)' }. */
  adapters: Record<string, string>
  close(): Promise<void>
}

/**
 * Wires the repositories and optional features over a database and hooks their metrics into the monitor;
 * createDeps passes what it chose, tests use it with their own database. Without one given, the monitor is
 * not started (no timers) and the logger is silent; sentiment hints come from the sentiment service if any.
 */
export function buildAppDeps(db: SqlDatabase, extra: Partial<AppDeps> = {}): AppDeps {
  const deps: AppDeps = {
    db,
    market: marketRepository(db),
    profiles: profileRepository(db),
    watchlists: watchlistRepository(db),
    ...extra,
    monitor: extra.monitor ?? createMonitor(),
    logger: extra.logger ?? createLogger({ LOG_LEVEL: 'silent' }),
  }
  // worker threads for CPU-heavy requests (cost.ts), started on first use and unref'd; `compute: undefined` opts out
  if (!('compute' in extra)) deps.compute = createComputePool()
  deps.identity ??= localIdentity(db, deps.performance?.operatorKey)
  // analytics read histories in columns through the same cache (and tags) as the bars route
  deps.history ??= marketHistory({ market: deps.market, cache: deps.cache, registry: deps.monitor?.registry })
  // synchronous analytics results are written right after their answer (close() flushes them)
  deps.results ??= resultWriter({ db, registry: deps.monitor?.registry, logger: deps.logger })
  if (deps.sentiment && !deps.sentimentHints) {
    // advice and alert rules read each symbol's 30-day hint at most once a minute (and at once after a store)
    const hints = sentimentHintsFromAggregate(deps.sentiment)
    deps.sentimentHints = hints
    deps.monitor?.addCounterSource({
      name: 'sentiment_hint_lookups_total',
      help: 'Sentiment hints for advice and alerts, by outcome: memo (reused), query (read from the store) or prefetched (read at start, for the symbols read last)',
      label: 'outcome',
      read: () => hints.stats(),
    })
  }
  deps.alertRules ??= alertRepository(db)
  deps.alerts ??= alertEvaluator({
    rules: deps.alertRules,
    history: deps.history,
    sentimentHints: deps.sentimentHints,
    publisher: deps.realtime?.publisher,
    onError: (err) => deps.logger.warn({ err }, 'alert evaluation failed'),
  })
  wireMonitor(deps.monitor, deps)
  return deps
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

/**
 * The only place that picks adapters: reads the validated config (its `shape` included) and builds every port,
 * the logger and the monitor, wired together.
 */
export async function createDeps(
  config: Config,
  options: {
    onSeedProgress?: (done: number, total: number) => void
    /**
     * Run background work in this process (servers): the task runner, the alert schedule and, embedded, the tick
     * simulator; default: everywhere but Lambda, where SQS workers run tasks. One-shot commands pass false.
     */
    runTasks?: boolean
    /**
     * Refuse to build when this process serves the API and callers beyond loopback (or on Lambda) could not
     * authenticate: the Node server and the Lambda API entry set it; workers, CLIs and benchmarks serve no one.
     */
    requireAuth?: boolean
    /**
     * Apply pending migrations and, with SEED_SAMPLE_DATA, the sample seed before building (default true). The
     * Lambda functions pass false: the stack's Migrate function runs `prepareDatabase` once per deploy, so a cold
     * start pays for neither.
     */
    migrate?: boolean
  } = {},
): Promise<Runtime> {
  const logger = createLogger(config)
  // On Lambda no timer may outlive an invocation: the monitor is not started and the entry flushes it as EMF.
  const lambda = config.shape === 'lambda'
  const monitor = lambda ? createMonitor() : createMonitor().start()
  const { db, description } = await openDatabase(config)
  const prepare = options.migrate ?? true
  if (prepare) await migrate(db)
  const { identity, description: authDescription } = await createIdentityFor(config, db)
  if (options.requireAuth)
    await requireAuthentication(config, identity).catch(async (e: unknown) => {
      await db.close()
      monitor.stop()
      throw e
    })
  if (prepare && config.SEED_SAMPLE_DATA) await seedSampleData(db, options.onSeedProgress)
  const adapters: Record<string, string> = { database: description, auth: authDescription }
  const { cache, description: cacheDescription, readiness } = createCacheFor(config, db, logger)
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
  adapters.logging = `pino, JSON lines to stdout at ${config.LOG_LEVEL}`
  adapters.metrics = lambda
    ? 'in-process registry, flushed as CloudWatch EMF per invocation'
    : 'in-process registry (Prometheus at /metrics, dashboard at /performance/dashboard)'
  adapters.sentiment = config.SAGEMAKER_ENDPOINT_NAME
    ? `sagemaker (${config.SAGEMAKER_ENDPOINT_NAME}${config.SAGEMAKER_ENDPOINT_URL ? ` at ${config.SAGEMAKER_ENDPOINT_URL}` : ''}, local fallback)`
    : `local (${model.name})`
  // Ably when ABLY_API_KEY is set, else the hub on servers; Lambda holds no sockets.
  const realtime = createRealtimeFor(config, monitor, logger)
  if (realtime) adapters.realtime = realtime.description
  const { rateLimit, description: rateLimitDescription } = createRateLimitFor(config)
  adapters.rateLimit = rateLimitDescription
  // CPU-heavy requests run on worker threads; a Lambda instance serves one request at a time, so in-thread there
  const compute = lambda ? undefined : createComputePool()
  const deps = buildAppDeps(db, {
    adapters,
    readiness,
    compute,
    realtime,
    identity,
    cache,
    sentiment: sentimentService({
      model: instrumentModel(model, monitor, config.SAGEMAKER_ENDPOINT_NAME ? 'sagemaker' : 'local'),
      db,
    }),
    monitor,
    logger,
    performance: { operatorKey: config.OPERATOR_KEY },
    rateLimit,
    browser: { corsOrigins: config.CORS_ORIGINS, hsts: lambda ? 'always' : 'tls' },
    version: '0.1.0',
    http: {
      maxBodyBytes: config.MAX_BODY_BYTES,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      cursorSecret: config.CURSOR_SECRET ?? randomBytes(32).toString('hex'),
      publicUrl: config.API_PUBLIC_URL,
    },
  })
  const logPublishError = (err: unknown) => logger.warn({ err }, 'realtime publish failed')
  const stopAlerts = realtime && publishAlerts(monitor, realtime.publisher, logPublishError)
  const tasks = await createTasksFor(
    config,
    db,
    deps.market,
    monitor,
    options.runTasks ?? !lambda,
    deps.history,
    realtime && taskChangePublisher(realtime.publisher, logPublishError),
    deps.alerts,
    deps.sentiment,
  )
  deps.tasks = tasks.queue
  adapters.tasks = tasks.description
  const background = options.runTasks ?? !lambda
  const logAlertError = (err: unknown) => logger.warn({ err }, 'alert scheduling failed')
  const every = config.ALERTS_EVALUATE_EVERY_MS
  const stopSchedule =
    background && every > 0 && deps.alertRules
      ? scheduleAlertEvaluation(tasks.queue, deps.alertRules, every, logAlertError)
      : undefined
  adapters.alerts = `rules evaluated on ticks, imports and ${stopSchedule ? `every ${every} ms (task alerts-evaluate)` : 'the alerts-evaluate task'}`
  const retention = config.TASK_RETENTION_DAYS
  const stopPrune =
    background && retention > 0
      ? scheduleTaskPrune(
          tasks.queue,
          retention,
          (n) => monitor.tasks.pruned(n),
          (err) => logger.warn({ err }, 'task prune failed'),
        )
      : undefined
  adapters.taskRetention =
    retention > 0 ? `finished tasks deleted after ${retention} days` : 'finished tasks kept'
  // The simulated price feed is the embedded shape's only: real deployments get prices from imports (and feeds).
  const ticksPerSecond = config.TICKS_PER_SECOND ?? (config.NODE_ENV === 'test' ? 0 : 5)
  const ticks =
    background && config.shape === 'embedded' && ticksPerSecond > 0
      ? await startTickSimulator({
          market: deps.market,
          ticksPerSecond,
          symbols: config.TICKS_SYMBOLS?.toUpperCase().split(','),
          publisher: realtime?.publisher,
          alerts: deps.alerts,
          onError: logPublishError,
        }).catch((err: unknown) => {
          logger.warn({ err }, 'tick simulator did not start')
          return undefined
        })
      : undefined
  if (ticks)
    adapters.ticks = `simulator, ${ticks.ticksPerSecond}/s over ${ticks.symbols.length} symbols (ticks:{SYMBOL})`
  return {
    deps,
    config,
    adapters,
    async close() {
      ticks?.stop()
      stopSchedule?.()
      stopPrune?.()
      await deps.alerts?.idle()
      await deps.results?.flush()
      // the list of recently read symbols, which the next start preloads
      await deps.history?.flush()
      await tasks.close()
      await compute?.close()
      stopAlerts?.()
      await realtime?.close()
      if ('close' in model) await model.close()
      await cache.close()
      await rateLimit?.limiter.close()
      await db.close()
      if (!lambda) monitor.stop()
    },
  }
}
