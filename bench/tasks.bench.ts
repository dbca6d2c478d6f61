/**
 * `npm run bench -- tasks`: our database runner next to pg-boss 10 on one local PostgreSQL (started here), plus
 * the SQS path through moto_server (report only). Rows: throughput of no-op and 5 ms tasks (a backlog drained by
 * 50 concurrent slots in each), and enqueue-to-start p50/p99 at a fixed arrival rate. Medians over repeats.
 * Last row (bench/tasks-cpu.ts): the HTTP p99 of a cached market route with and without 2 CPU-heavy tasks
 * running in the same embedded server (goal: within 10%; the load generator on its own core, see that file),
 * and the CPU-heavy type's throughput.
 * `--quick` runs smaller sizes and one repeat.
 */
import { createPgDatabase, migrate, type SqlDatabase } from '@supernova/db'
import {
  createSqsClient,
  createSqsWorker,
  databaseTasks,
  defineTask,
  ensureSqsQueues,
  sqsTasks,
  taskRegistry,
} from '@supernova/queue'
import { bulkInsert, createTestDatabase, startMoto, startPostgres } from '@supernova/testing'
import PgBoss from 'pg-boss'
import { z } from 'zod'
import { median, report, round } from './lib.ts'
import { cachedRouteUnderCpuTasks } from './tasks-cpu.ts'

const quick = process.argv.includes('--quick')
const REPEATS = quick ? 1 : Number(process.env.BENCH_REPEATS ?? 3)
const BACKLOG = quick ? 1000 : 4000
const RATE = 500
const ARRIVAL_S = quick ? 1 : 3
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN
}

/** Enqueues at a fixed rate (ticks of 10 ms) and resolves when every task has started. */
async function atRate(n: number, send: (i: number) => Promise<unknown>, startedCount: () => number) {
  const t0 = performance.now()
  const sends: Promise<unknown>[] = []
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    sends.push(send(i))
  }
  await Promise.all(sends)
  while (startedCount() < n) await sleep(5)
}

async function ours(db: SqlDatabase, workMs: number) {
  const started = new Map<number, number>()
  const registry = taskRegistry([
    defineTask({
      type: 'job',
      schema: z.object({ i: z.number() }),
      handler: async (p) => {
        started.set(p.i, performance.now())
        if (workMs) await sleep(workMs)
      },
    }),
  ])
  const { queue, runner } = databaseTasks({ db, registry, minWorkers: 50, maxWorkers: 50, pollMs: 100 })
  await db.query("delete from tasks where type = 'job'")
  // Throughput: a backlog drained by the runner.
  await bulkInsert(db, 'job', { i: -1 }, BACKLOG, 'normal')
  const t0 = performance.now()
  runner.start()
  for (;;) {
    const r = await db.query<{ n: number }>(
      "select count(*)::int as n from tasks where type = 'job' and status = 'succeeded'",
    )
    if (r.rows[0]!.n >= BACKLOG) break
    await sleep(10)
  }
  const tps = BACKLOG / ((performance.now() - t0) / 1000)
  // Latency at a fixed arrival rate: enqueue time -> handler start.
  const sentAt = new Map<number, number>()
  const n = RATE * ARRIVAL_S
  await atRate(
    n,
    (i) => {
      sentAt.set(i, performance.now())
      return queue.enqueue('job', { i })
    },
    () => [...started.keys()].filter((k) => k >= 0).length,
  )
  const lat = [...sentAt].map(([i, t]) => started.get(i)! - t)
  await runner.drain()
  return { tps, p50: pct(lat, 50), p99: pct(lat, 99) }
}

async function pgBoss(url: string, workMs: number) {
  const boss = new PgBoss({ connectionString: url, max: 20 })
  boss.on('error', () => {})
  await boss.start()
  const name = `job${workMs}`
  await boss.createQueue(name)
  const started = new Map<number, number>()
  let done = 0
  const jobs = Array.from({ length: BACKLOG }, () => ({ name, data: { i: -1 } }))
  for (let i = 0; i < jobs.length; i += 500) await boss.insert(jobs.slice(i, i + 500))
  const t0 = performance.now()
  // 50 concurrent slots, like ours: 5 subscriptions of 10-job batches run in parallel.
  for (let w = 0; w < 5; w++)
    await boss.work<{ i: number }>(name, { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (batch) => {
      await Promise.all(
        batch.map(async (j) => {
          started.set(j.data.i, performance.now())
          if (workMs) await sleep(workMs)
          done++
        }),
      )
    })
  while (done < BACKLOG) await sleep(10)
  const tps = BACKLOG / ((performance.now() - t0) / 1000)
  const sentAt = new Map<number, number>()
  const n = RATE * ARRIVAL_S
  await atRate(
    n,
    (i) => {
      sentAt.set(i, performance.now())
      return boss.send(name, { i })
    },
    () => [...started.keys()].filter((k) => k >= 0).length,
  )
  const lat = [...sentAt].map(([i, t]) => started.get(i)! - t)
  await boss.stop({ graceful: false, wait: true })
  return { tps, p50: pct(lat, 50), p99: pct(lat, 99) }
}

async function sqsPath(db: SqlDatabase) {
  const moto = await startMoto()
  try {
    const client = await createSqsClient({
      region: 'us-east-1',
      endpoint: moto.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    })
    const registry = taskRegistry([
      defineTask({ type: 'sqsjob', schema: z.object({}), handler: async () => null }),
    ])
    const { urls } = await ensureSqsQueues(client, 'bench')
    const queue = sqsTasks({ db, registry, queueUrls: urls, client })
    const worker = createSqsWorker({ db, registry, client, queueUrlOf: () => urls.normal })
    const { DeleteMessageBatchCommand, ReceiveMessageCommand } = await import('@aws-sdk/client-sqs')
    const n = quick ? 100 : 500
    const t0 = performance.now()
    await Promise.all(Array.from({ length: n }, () => queue.enqueue('sqsjob', {})))
    const enqueueS = (performance.now() - t0) / 1000
    let processed = 0
    const t1 = performance.now()
    while (processed < n) {
      const msgs =
        (await client.send(new ReceiveMessageCommand({ QueueUrl: urls.normal, MaxNumberOfMessages: 10 })))
          .Messages ?? []
      await Promise.all(
        msgs.map((m) =>
          worker.processRecord({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body! }),
        ),
      )
      if (msgs.length)
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: urls.normal,
            Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        )
      processed += msgs.length
    }
    return { enqueuePerS: n / enqueueS, processPerS: n / ((performance.now() - t1) / 1000) }
  } finally {
    await moto.stop()
  }
}

const pg = await startPostgres()
try {
  const a = await createTestDatabase(pg.url, 'benchours')
  const b = await createTestDatabase(pg.url, 'benchboss')
  const db = await createPgDatabase({ connectionString: a.url, max: 20 })
  await migrate(db)
  const rows: Record<string, { tps: number[]; p50: number[]; p99: number[] }> = {}
  const add = (k: string, r: { tps: number; p50: number; p99: number }) => {
    rows[k] ??= { tps: [], p50: [], p99: [] }
    rows[k].tps.push(r.tps)
    rows[k].p50.push(r.p50)
    rows[k].p99.push(r.p99)
  }
  for (let rep = 0; rep < REPEATS; rep++)
    for (const workMs of [0, 5]) {
      add(`ours_${workMs}ms`, await ours(db, workMs))
      add(`pgboss_${workMs}ms`, await pgBoss(b.url, workMs))
    }
  const medians: Record<string, Record<string, number>> = {}
  for (const [k, v] of Object.entries(rows))
    medians[k] = {
      tasks_per_s: round(median(v.tps), 1),
      start_p50_ms: round(median(v.p50), 1),
      start_p99_ms: round(median(v.p99), 1),
    }
  const sqs = await sqsPath(db)
  medians.sqs_moto_report_only = {
    enqueue_per_s: round(sqs.enqueuePerS, 1),
    process_per_s: round(sqs.processPerS, 1),
  }
  const ratios = {
    noop_throughput_ours_over_pgboss: round(
      medians.ours_0ms!.tasks_per_s! / medians.pgboss_0ms!.tasks_per_s!,
      2,
    ),
    ms5_throughput_ours_over_pgboss: round(
      medians.ours_5ms!.tasks_per_s! / medians.pgboss_5ms!.tasks_per_s!,
      2,
    ),
    start_p99_pgboss_over_ours: round(medians.pgboss_0ms!.start_p99_ms! / medians.ours_0ms!.start_p99_ms!, 2),
  }
  await db.close()
  await a.drop()
  await b.drop()
  const cpu = await cachedRouteUnderCpuTasks(quick ? 4 : 8, quick ? 150 : 250, 50)
  medians.cached_route_http = cpu.medians
  Object.assign(ratios, {
    cached_route_p99_with_2_cpu_tasks_over_baseline: cpu.ratio,
    cached_route_pooled_p99_with_2_cpu_tasks_over_baseline: cpu.pooledRatio,
    event_loop_runqueue_wait_with_2_cpu_tasks_over_baseline: cpu.waitRatio,
  })
  report({
    name: 'tasks',
    backlog: BACKLOG,
    arrivalRatePerS: RATE,
    repeats: REPEATS,
    cachedRouteSampler: cpu.separation,
    cachedRouteSamples: cpu.perSample,
    medians,
    ratios,
  })
} finally {
  await pg.stop()
}
