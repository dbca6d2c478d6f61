/**
 * Cold start of each Lambda bundle (`npm run bench -- cold-start [--repeats N]`): a fresh `node` process imports
 * the bundled handler (init: config, adapters, migrations check) and answers one synthetic event (function URL
 * request for the API, SQS batch for the worker, scheduler event for the schedule function). Measured per run:
 * spawn to response in the parent (total), and inside the child the handler module's import (init) and the
 * first invocation (invoke). The database is migrated once beforehand by the Migrate bundle, as a deploy does
 * (the request-path functions no longer migrate on a cold start). Baseline in the same script: the same sources run unbundled through tsx. Real
 * PostgreSQL and SQS (moto) behind them, as the bundle test. Medians over repeats; the last line is JSON.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createSqsClient, ensureSqsQueues } from '@supernova/queue'
import { startMoto, startPostgres } from '@supernova/testing'
import { SignJWT } from 'jose'
import { BUNDLES } from '../infra/bundles.ts'
import { SCHEDULED_JOBS, scheduleEvent } from '../infra/schedules.ts'
import { type BuiltBundle, buildLambda, ROOT } from '../scripts/bundles.ts'
import { median, report, round } from './lib.ts'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const repeats = arg('repeats', 5)
/** The goal for the API's init here. */
const INIT_GOAL_MS = 250
const names = ['api', 'worker', 'schedule'] as const
type Name = (typeof names)[number]

const http = {
  method: 'GET',
  path: '/v1/symbols',
  protocol: 'HTTP/1.1',
  sourceIp: '127.0.0.1',
  userAgent: 'bench',
}
const JWT_SECRET = 'c'.repeat(40)
// /v1 answers authenticated callers only; an HS256 token verified against JWT_SECRET (no database read).
const token = await new SignJWT({ scope: 'read' })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject('bench')
  .setExpirationTime('1h')
  .sign(new TextEncoder().encode(JWT_SECRET))
/** A function URL (API Gateway v2 payload) request that reads the database. */
const apiEvent = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/v1/symbols',
  rawQueryString: 'limit=5',
  headers: { host: 'bench.lambda-url.us-east-1.on.aws', authorization: `Bearer ${token}` },
  requestContext: {
    accountId: 'a',
    apiId: 'a',
    domainName: 'bench',
    domainPrefix: 'bench',
    http,
    requestId: 'r',
    routeKey: '$default',
    stage: '$default',
    time: '',
    timeEpoch: 0,
  },
  isBase64Encoded: false,
}
const warm = SCHEDULED_JOBS.find((j) => j.task?.type === 'cache-warm')!
const eventOf = (name: Name, run: number): unknown =>
  name === 'api'
    ? apiEvent
    : name === 'worker'
      ? { Records: [] }
      : // A new slot each run, so every run enqueues (and sends) a task.
        { ...scheduleEvent(warm), scheduledTime: `bench-slot-${run}` }

/** The child: imports the handler, calls it once, prints its timings on a marked line. */
const childScript = (moduleUrl: string, event: unknown) => `
const t0 = performance.now()
const { handler } = await import(${JSON.stringify(moduleUrl)})
const t1 = performance.now()
const res = await handler(${JSON.stringify(event)}, { awsRequestId: 'r', functionName: 'bench', getRemainingTimeInMillis: () => 60000 })
const t2 = performance.now()
const ok = res && (res.statusCode === undefined || res.statusCode < 400)
console.log('COLDSTART ' + JSON.stringify({ init: t1 - t0, invoke: t2 - t1, boot: t0, ok }))
`

interface Run {
  total: number
  init: number
  invoke: number
}

/** One fresh process: spawn to the handler's answer. */
function coldRun(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /COLDSTART (\{.*\})/.exec(out)
      if (!m) return
      const total = performance.now() - start
      const r = JSON.parse(m[1]!) as { init: number; invoke: number; ok: boolean }
      child.kill()
      if (!r.ok) reject(new Error(`error response: ${out.slice(0, 500)}`))
      else resolve({ total, init: r.init, invoke: r.invoke })
    })
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString()
    })
    child.on('exit', (code) => {
      if (!/COLDSTART/.test(out)) reject(new Error(`exited ${code} before answering: ${err.slice(-1000)}`))
    })
  })
}

const t0 = performance.now()
const dir = mkdtempSync(join(tmpdir(), 'sn-coldstart-'))
const [pg, moto] = await Promise.all([startPostgres(), startMoto()])
const results: Record<string, Record<string, number>> = {}
const sizes: Record<string, { loads_kib: number; total_kib: number }> = {}
try {
  const client = await createSqsClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  const { urls } = await ensureSqsQueues(client, 'coldstart')
  client.destroy()
  const built = {} as Record<Name | 'migrate', BuiltBundle>
  built.migrate = await buildLambda('migrate', dir)
  for (const n of names) {
    built[n] = await buildLambda(n, dir)
    sizes[n] = { loads_kib: round(built[n].bytes / 1024, 1), total_kib: round(built[n].totalBytes / 1024, 1) }
  }
  const env = (n: Name | 'migrate', bundled: boolean) => ({
    PATH: process.env.PATH,
    AWS_LAMBDA_FUNCTION_NAME: `supernova-${n}`,
    JWT_SECRET,
    ...(bundled ? { LAMBDA_TASK_ROOT: built[n].dir } : {}),
    DATABASE_URL: pg.url,
    SEED_SAMPLE_DATA: 'false',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    POWERTOOLS_SERVICE_NAME: `supernova-${n}`,
    SQS_QUEUE_URL_HIGH: urls.high,
    SQS_QUEUE_URL_NORMAL: urls.normal,
    SQS_QUEUE_URL_LOW: urls.low,
    SQS_ENDPOINT_URL: moto.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
  })
  const run = (n: Name, bundled: boolean, i: number) => {
    const url = bundled
      ? pathToFileURL(built[n].entry).href
      : pathToFileURL(join(ROOT, BUNDLES[n].source)).href
    const script = childScript(url, eventOf(n, i))
    const args = bundled
      ? ['--input-type=module', '-e', script]
      : ['--import', 'tsx', '--input-type=module', '-e', script]
    return coldRun(args, bundled ? built[n].dir : ROOT, env(n, bundled))
  }
  // The deploy step: the Migrate bundle applies the migrations to the empty database.
  const migrated = await new Promise<string>((resolve, reject) => {
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(built.migrate.entry).href)})
console.log('MIGRATED ' + JSON.stringify(await handler({})))`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: built.migrate.dir,
      env: env('migrate', true),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
    })
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`migrate exited ${code}`)),
    )
  })
  console.error(migrated.split('\n').at(-1))
  // One discarded run each: it fills the OS file cache.
  for (const n of names) await run(n, true, 1000)
  let i = 0
  for (const n of names) {
    const b: Run[] = []
    const s: Run[] = []
    // Interleaved, so machine load drifts hit both alike.
    for (let r = 0; r < repeats; r++) {
      b.push(await run(n, true, i++))
      s.push(await run(n, false, i++))
    }
    const m = (xs: Run[], k: keyof Run) => round(median(xs.map((x) => x[k])), 1)
    results[n] = {
      bundle_total_ms: m(b, 'total'),
      bundle_init_ms: m(b, 'init'),
      bundle_invoke_ms: m(b, 'invoke'),
      tsx_total_ms: m(s, 'total'),
      tsx_init_ms: m(s, 'init'),
      tsx_invoke_ms: m(s, 'invoke'),
    }
    console.error(`${n}: ${JSON.stringify(results[n])}`)
  }
} finally {
  await Promise.all([pg.stop(), moto.stop()])
  rmSync(dir, { recursive: true, force: true })
}

report({
  name: 'cold-start',
  repeats,
  node: process.version,
  goals: { api_init_ms: INIT_GOAL_MS, api_loads_kib: BUNDLES.api.budgetBytes / 1024 },
  sizes,
  wallSeconds: round((performance.now() - t0) / 1000, 0),
  medians: results,
  ratios: {
    ...Object.fromEntries(
      names.map((n) => [
        `${n}_bundle_over_tsx_total`,
        round(results[n]!.bundle_total_ms! / results[n]!.tsx_total_ms!),
      ]),
    ),
    api_init_over_goal: round(results.api!.bundle_init_ms! / INIT_GOAL_MS),
  },
})
