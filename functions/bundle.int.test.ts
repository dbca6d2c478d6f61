import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import { createSqsClient, ensureSqsQueues } from '@supernova/queue'
import { type MotoServer, type PostgresServer, startMoto, startPostgres } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLES, overBudget } from '../infra/bundles.ts'
import { SCHEDULED_JOBS, scheduleEvent } from '../infra/schedules.ts'
import { type BuiltBundle, buildLambda } from '../scripts/bundles.ts'

// The bundles live outside the repository, so nothing can fall back on node_modules or the sources.
const dir = mkdtempSync(join(tmpdir(), 'sn-bundle-'))
let pg: PostgresServer
let moto: MotoServer
const built = {} as Record<'api' | 'worker' | 'schedule' | 'migrate', BuiltBundle>

beforeAll(async () => {
  // As `npm run build` and SST bundle a function: ESM, code splitting, our plugins, the data files copied.
  for (const name of ['api', 'worker', 'schedule', 'migrate'] as const)
    built[name] = await buildLambda(name, dir)
  ;[pg, moto] = await Promise.all([startPostgres(), startMoto()])
}, 120_000)
afterAll(async () => {
  await pg?.stop()
  await moto?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const bundleUrl = (name: keyof typeof built) => JSON.stringify(pathToFileURL(built[name].entry).href)
const apiScript = () => `
const { handler } = await import(${bundleUrl('api')})
const http = { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }
const event = { version: '2.0', routeKey: '$default', rawPath: '/health', rawQueryString: '', headers: { host: 'x' },
  requestContext: { accountId: 'a', apiId: 'a', domainName: 'x', domainPrefix: 'x', http, requestId: 'r',
    routeKey: '$default', stage: '$default', time: '', timeEpoch: 0 }, isBase64Encoded: false }
const res = await handler(event, { awsRequestId: 'r', functionName: 'api' })
console.log(JSON.stringify({ statusCode: res.statusCode }))
`

/** The environment Lambda gives the function, plus what the stack sets. */
const lambdaEnv = (name: string, bundle: keyof typeof built) => ({
  PATH: process.env.PATH,
  AWS_LAMBDA_FUNCTION_NAME: name,
  JWT_SECRET: 'j'.repeat(32),
  LAMBDA_TASK_ROOT: built[bundle].dir,
  DATABASE_URL: pg.url,
  SEED_SAMPLE_DATA: 'false',
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  POWERTOOLS_DEV: 'true',
})

describe('the esbuild Lambda bundles of functions/api.ts, worker.ts, schedule.ts and migrate.ts', () => {
  it('leaves the embedded database out, and lays out the migrations and the bundled pool worker', () => {
    for (const b of Object.values(built)) {
      expect(b.inputs.some((i) => i.includes('node_modules/@electric-sql/pglite'))).toBe(false)
      expect(existsSync(join(b.dir, 'packages/db/migrations'))).toBe(true)
    }
    // The optimisation pool boots its threads from this path; in a bundle it is plain JavaScript, no tsx.
    expect(existsSync(join(built.worker.dir, 'packages/queue/src/threads/optimize-worker-boot.mjs'))).toBe(
      true,
    )
  })

  it('stays within each bundle budget (infra/bundles.ts)', () => {
    const sizes = Object.fromEntries(Object.values(built).map((b) => [b.name, b.bytes]))
    // On failure the message names the bundle, its size and its budget.
    expect(overBudget(sizes)).toEqual([])
    for (const b of Object.values(built)) expect(b.bytes).toBeGreaterThan(0)
    expect(Object.keys(sizes).sort()).toEqual(
      Object.keys(BUNDLES)
        .filter((n) => n !== 'server')
        .sort(),
    )
  })

  it('migrates a real PostgreSQL from the Migrate bundle; the API bundle then answers 200 without migrating', async () => {
    const migrateScript = `
const { handler } = await import(${bundleUrl('migrate')})
console.log(JSON.stringify(await handler({ migrations: 'test' })))
`
    const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', migrateScript], {
      cwd: built.migrate.dir,
      timeout: 110_000,
      env: lambdaEnv('supernova-migrate-bundle-test', 'migrate'),
    })
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { applied: number[]; seeded: boolean }
    expect(result.applied.length).toBeGreaterThan(1)
    expect(result.seeded).toBe(false)
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', apiScript()],
      {
        cwd: built.api.dir,
        timeout: 110_000,
        env: lambdaEnv('supernova-api-bundle-test', 'api'),
      },
    )
    expect(stdout.trim().split('\n').at(-1)).toBe(JSON.stringify({ statusCode: 200 }))
    // The migrations were found where copyFiles put them and applied, once: the API's start added none.
    const { Client } = await import('pg')
    const c = new Client({ connectionString: pg.url })
    await c.connect()
    try {
      const r = await c.query<{ n: string }>('select count(*) as n from schema_migrations')
      expect(Number(r.rows[0]!.n)).toBe(result.applied.length)
    } finally {
      await c.end()
    }
  }, 120_000)

  it('runs the worker bundle the same way: an empty SQS batch has no failures', async () => {
    const worker = `
const { handler } = await import(${bundleUrl('worker')})
const res = await handler({ Records: [] }, { getRemainingTimeInMillis: () => 60000 })
console.log(JSON.stringify(res))
`
    const queue = (p: string) => `http://127.0.0.1:9/000000000000/tasks-${p}`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', worker], {
      cwd: built.worker.dir,
      timeout: 110_000,
      env: {
        ...lambdaEnv('supernova-worker-bundle-test', 'worker'),
        SQS_QUEUE_URL_HIGH: queue('high'),
        SQS_QUEUE_URL_NORMAL: queue('normal'),
        SQS_QUEUE_URL_LOW: queue('low'),
        SQS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
    })
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ batchItemFailures: [] })
  }, 120_000)

  it('runs the schedule bundle: the cache warming job becomes one SQS message the worker bundle completes', async () => {
    const client = await createSqsClient({
      region: 'us-east-1',
      endpoint: moto.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    const { urls } = await ensureSqsQueues(client, 'bundle')
    const env = (bundle: 'schedule' | 'worker') => ({
      ...lambdaEnv(`supernova-${bundle}-bundle-test`, bundle),
      SQS_QUEUE_URL_HIGH: urls.high,
      SQS_QUEUE_URL_NORMAL: urls.normal,
      SQS_QUEUE_URL_LOW: urls.low,
      SQS_ENDPOINT_URL: moto.url,
    })
    const job = SCHEDULED_JOBS.find((j) => j.task?.type === 'cache-warm')!
    const event = JSON.stringify({ ...scheduleEvent(job), scheduledTime: '2026-11-30T06:00:00Z' })
    const schedule = `
const { handler } = await import(${bundleUrl('schedule')})
console.log(JSON.stringify(await handler(${event})))
`
    const run = promisify(execFile)
    const out = await run(process.execPath, ['--input-type=module', '-e', schedule], {
      cwd: built.schedule.dir,
      timeout: 110_000,
      env: env('schedule'),
    })
    const result = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { taskId: string; created: boolean }
    expect(result).toMatchObject({ job: job.name, created: true })
    // Low priority: the message is on the low queue.
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: urls.low,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 2,
        AttributeNames: ['All'],
      }),
    )
    const message = received.Messages?.find((m) => m.Body?.includes(result.taskId))
    expect(message).toBeDefined()
    const record = {
      messageId: message!.MessageId,
      receiptHandle: message!.ReceiptHandle,
      body: message!.Body,
      attributes: { ApproximateReceiveCount: '1' },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bundle-low',
    }
    const worker = `
const { handler } = await import(${bundleUrl('worker')})
console.log(JSON.stringify(await handler({ Records: [${JSON.stringify(record)}] }, { getRemainingTimeInMillis: () => 60000 })))
`
    const done = await run(process.execPath, ['--input-type=module', '-e', worker], {
      cwd: built.worker.dir,
      timeout: 110_000,
      env: env('worker'),
    })
    expect(JSON.parse(done.stdout.trim().split('\n').at(-1)!)).toEqual({ batchItemFailures: [] })
    const { Client } = await import('pg')
    const c = new Client({ connectionString: pg.url })
    await c.connect()
    try {
      const r = await c.query<{ status: string; type: string }>(
        'select status, type from tasks where id = $1',
        [result.taskId],
      )
      expect(r.rows[0]).toEqual({ status: 'succeeded', type: 'cache-warm' })
    } finally {
      await c.end()
      client.destroy()
    }
  }, 120_000)
})
