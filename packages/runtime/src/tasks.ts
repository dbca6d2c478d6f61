import { availableParallelism } from 'node:os'
import type { SQSClient } from '@aws-sdk/client-sqs'
import {
  type AlertEvaluator,
  alertTaskTypes,
  analyticsTaskTypes,
  type MarketHistory,
  marketHistory,
  sentimentTasks,
  warmHistories,
} from '@supernova/api'
import type { MarketRepository, SqlDatabase } from '@supernova/db'
import type { Monitor } from '@supernova/metrics'
import type { SentimentService } from '@supernova/ml'
import {
  type ComputePool,
  createComputePool,
  createSqsClient,
  databaseTasks,
  defineTask,
  PRIORITIES,
  sqsTasks,
  type TaskDefinition,
  type TaskEvents,
  type TaskQueue,
  type TaskRegistry,
  taskRegistry,
} from '@supernova/queue'
import { z } from 'zod'
import type { Config } from './config.ts'

/**
 * Forwards runner events to the metrics registry (Prometheus, /performance/metrics/tasks, health), and each
 * task's state changes to `onChange` (the realtime `tasks:{id}` channel) when given.
 */
export function taskEventsFor(monitor: Monitor, onChange?: TaskEvents['changed']): TaskEvents {
  const t = monitor.tasks
  return {
    changed: onChange,
    started: (type, waitMs) => t.started(type, waitMs),
    completed: (type, ms) => t.completed(type, ms),
    failed: (type, ms) => t.failed(type, ms),
    retried: (type) => t.retried(type),
    dead: (type) => t.dead(type),
    poolSize: (n) => t.poolSize(n),
    stats: (s) => {
      for (const p of PRIORITIES) t.queueDepth(p, s.depth[p], s.oldestAgeMs[p])
      t.deadTasks(s.dead)
    },
  }
}

/**
 * `cache-warm`, enqueued on a schedule (functions/schedule.ts): loads the first `symbols` histories through the
 * tiered cache, so the shared tier (Upstash) holds them before a cold API container asks.
 */
export function cacheWarmTask(market: MarketRepository, history?: MarketHistory): TaskDefinition {
  const h = history ?? marketHistory({ market })
  return defineTask({
    type: 'cache-warm',
    schema: z.object({ symbols: z.number().int().min(1).max(1000).default(100) }),
    priority: 'low',
    maxAttempts: 1,
    timeoutMs: 2 * 60_000,
    handler: async (p) => {
      const w = await warmHistories(h, market, p.symbols)
      return { warmed: w.recent + w.listed, ...w }
    },
  }) as TaskDefinition
}

/** How the tasks' worker-thread pool runs: its size and its threads' scheduling priority. */
export interface TaskCpuOptions {
  /** Worker threads (default taskThreads()). */
  threads?: number
  /** Niceness of the threads (default 19). */
  nice?: number
  /** Linux SCHED_IDLE for the threads (default true). */
  idle?: boolean
}

/**
 * Default size of the tasks' pool: every core but the one the HTTP event loop needs, at least 1, at most 4. With
 * 2 cores, 2 CPU-heavy tasks queue one behind the other on 1 thread instead of both competing with the loop.
 */
export function taskThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1))
}

/** The task pool's options from the configuration (TASK_CPU_*). */
export function taskCpuOf(config: Config): TaskCpuOptions {
  return { threads: config.TASK_CPU_THREADS, nice: config.TASK_CPU_NICE, idle: config.TASK_CPU_SCHED_IDLE }
}

/**
 * The task types this app registers, with their own worker-thread pool (threads start on first CPU-heavy use).
 * Its queue is not bounded like the request pool's: the runner's worker count already bounds running tasks,
 * and a task waiting for a thread is queued work, not a request to refuse.
 */
export function appTaskRegistry(
  market: MarketRepository,
  cpu: TaskCpuOptions = {},
  history?: MarketHistory,
  alerts?: AlertEvaluator,
  sentiment?: SentimentService,
): { registry: TaskRegistry; close(): Promise<void> } {
  let pool: ComputePool | undefined
  const registry = taskRegistry([
    ...alertTaskTypes(() => alerts),
    ...analyticsTaskTypes({
      market,
      history,
      compute: () => {
        // Leave a core for the HTTP event loop: whole studies and baskets run on these threads, not on the loop.
        pool ??= createComputePool({
          size: cpu.threads ?? taskThreads(),
          maxQueued: Number.MAX_SAFE_INTEGER,
          // background work: when cores are short, requests (the event loop, the request pool) go first
          nice: cpu.nice ?? 19,
          idle: cpu.idle ?? true,
        })
        return pool
      },
    }),
    cacheWarmTask(market, history),
    ...sentimentTasks(() => sentiment),
  ])
  return { registry, close: async () => pool?.close() }
}

/** The three queue URLs when SQS is configured (loadConfig requires all or none). */
export function sqsQueueUrls(config: Config) {
  const { SQS_QUEUE_URL_HIGH: high, SQS_QUEUE_URL_NORMAL: normal, SQS_QUEUE_URL_LOW: low } = config
  return high && normal && low ? { high, normal, low } : undefined
}

/** An SQS client for the configured region and endpoint (moto_server locally, with dummy credentials). */
export function sqsClientFor(config: Config) {
  return createSqsClient({
    region: config.AWS_REGION,
    endpoint: config.SQS_ENDPOINT_URL,
    credentials: config.SQS_ENDPOINT_URL?.startsWith('http:')
      ? { accessKeyId: 'local', secretAccessKey: 'local' }
      : undefined,
  })
}

/**
 * An SQS client made on its first send: the SDK's import and the client's endpoint and credential resolution
 * stay off a Lambda cold start (most API requests enqueue nothing). Only `send` and `destroy` are used.
 */
function lazySqsClient(config: Config): SQSClient {
  let client: Promise<SQSClient> | undefined
  const lazy: Pick<SQSClient, 'send' | 'destroy'> = {
    send: ((command: Parameters<SQSClient['send']>[0]) => {
      client ??= sqsClientFor(config)
      return client.then((c) => c.send(command))
    }) as SQSClient['send'],
    destroy: () => void client?.then((c) => c.destroy()),
  }
  return lazy as SQSClient
}

/**
 * Builds the task port. With SQS queue URLs: rows in the database, messages to SQS, run by functions/worker.ts.
 * Otherwise the database runner in this process (embedded and self-hosted). The runner starts
 * when `run` is true (servers), and `close` drains it: running tasks get TASK_DRAIN_MS, then are handed back.
 */
export async function createTasksFor(
  config: Config,
  db: SqlDatabase,
  market: MarketRepository,
  monitor: Monitor,
  run: boolean,
  history?: MarketHistory,
  onChange?: TaskEvents['changed'],
  alerts?: AlertEvaluator,
  sentiment?: SentimentService,
): Promise<{ queue: TaskQueue; description: string; close(): Promise<void> }> {
  const app = appTaskRegistry(market, taskCpuOf(config), history, alerts, sentiment)
  const urls = sqsQueueUrls(config)
  if (urls) {
    const client = lazySqsClient(config)
    const queue = sqsTasks({
      db,
      registry: app.registry,
      queueUrls: urls,
      client,
      onDispatchError: (task) => monitor.tasks.dispatchFailed(task.type),
    })
    const sweep = async () => monitor.tasks.redispatched(await queue.redispatch())
    // A server sending to SQS sweeps for tasks whose message never went out; on Lambda the scheduled maintenance
    // function calls `redispatch` instead (no timer outlives an invocation).
    const timer =
      run && config.shape !== 'lambda' ? setInterval(() => void sweep().catch(() => {}), 60_000) : undefined
    timer?.unref()
    return {
      queue,
      description: `sqs (high, normal, low queues${config.SQS_ENDPOINT_URL ? ` at ${config.SQS_ENDPOINT_URL}` : ''}; run by functions/worker.ts; unsent messages re-sent by the sweep)`,
      async close() {
        clearInterval(timer)
        client.destroy()
        await app.close()
      },
    }
  }
  const { queue, runner } = databaseTasks({
    db,
    registry: app.registry,
    minWorkers: config.TASK_WORKERS_MIN,
    maxWorkers: config.TASK_WORKERS_MAX,
    pollMs: config.TASK_POLL_MS,
    idlePollMaxMs: config.TASK_IDLE_POLL_MAX_MS,
    leaseMs: config.TASK_LEASE_MS,
    events: taskEventsFor(monitor, onChange),
  })
  if (run && config.TASK_RUNNER) runner.start()
  return {
    queue,
    description: `database runner (${run && config.TASK_RUNNER ? `${config.TASK_WORKERS_MIN}..${config.TASK_WORKERS_MAX} workers in this process` : 'enqueue only; TASK_RUNNER=false'})`,
    async close() {
      await runner.drain(config.TASK_DRAIN_MS)
      await app.close()
    },
  }
}
