import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { type PostgresServer, startPostgres } from '@supernova/testing'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import lambdaBundlePlugins from '../infra/lambda-bundle.mjs'
import { bundleFiles, nodejsBundle } from '../infra/settings.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// The bundle lives outside the repository, so nothing can fall back on node_modules or the sources.
const dir = mkdtempSync(join(tmpdir(), 'sn-bundle-'))
let pg: PostgresServer
let inputs: string[] = []

beforeAll(async () => {
  // As SST bundles a nodejs function: ESM, code splitting, our plugins, CJS `require` shimmed, all packages inside.
  const result = await build({
    entryPoints: {
      'functions/api': join(root, 'functions/api.ts'),
      'functions/worker': join(root, 'functions/worker.ts'),
    },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: nodejsBundle.splitting,
    format: nodejsBundle.format,
    minify: nodejsBundle.minify,
    sourcemap: nodejsBundle.sourcemap,
    mainFields: nodejsBundle.esbuild.mainFields,
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'error',
    plugins: lambdaBundlePlugins,
    banner: {
      js: "import { createRequire as topLevelCreateRequire } from 'module';const require = topLevelCreateRequire(import.meta.url);",
    },
  })
  inputs = Object.keys(result.metafile.inputs)
  for (const f of bundleFiles) {
    mkdirSync(dirname(join(dir, f.to)), { recursive: true })
    cpSync(join(root, f.from), join(dir, f.to), { recursive: true })
  }
  pg = await startPostgres()
}, 120_000)
afterAll(async () => {
  await pg?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const bundleUrl = (name: string) => JSON.stringify(pathToFileURL(join(dir, `functions/${name}.mjs`)).href)
const script = `
const { handler } = await import(${bundleUrl('api')})
const http = { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }
const event = { version: '2.0', routeKey: '$default', rawPath: '/health', rawQueryString: '', headers: { host: 'x' },
  requestContext: { accountId: 'a', apiId: 'a', domainName: 'x', domainPrefix: 'x', http, requestId: 'r',
    routeKey: '$default', stage: '$default', time: '', timeEpoch: 0 }, isBase64Encoded: false }
const res = await handler(event, { awsRequestId: 'r', functionName: 'api' })
console.log(JSON.stringify({ statusCode: res.statusCode }))
`

/** The environment Lambda gives the function, plus what the stack sets. */
const lambdaEnv = (name: string) => ({
  PATH: process.env.PATH,
  AWS_LAMBDA_FUNCTION_NAME: name,
  JWT_SECRET: 'j'.repeat(32),
  LAMBDA_TASK_ROOT: dir,
  DATABASE_URL: pg.url,
  SEED_SAMPLE_DATA: 'false',
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  POWERTOOLS_DEV: 'true',
})

describe('the esbuild Lambda bundles of functions/api.ts and functions/worker.ts', () => {
  it('leaves the embedded database out', () => {
    expect(inputs.some((i) => i.includes('node_modules/@electric-sql/pglite'))).toBe(false)
    expect(existsSync(join(dir, 'packages/db/migrations'))).toBe(true)
  })

  it('runs from its own folder with Lambda env: migrates a real PostgreSQL and answers 200', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      timeout: 110_000,
      env: lambdaEnv('supernova-api-bundle-test'),
    })
    expect(stdout.trim().split('\n').at(-1)).toBe(JSON.stringify({ statusCode: 200 }))
    // The migrations were found where copyFiles put them and applied.
    const { Client } = await import('pg')
    const c = new Client({ connectionString: pg.url })
    await c.connect()
    try {
      const r = await c.query<{ n: string }>(
        "select count(*) as n from information_schema.tables where table_schema = 'public'",
      )
      expect(Number(r.rows[0]!.n)).toBeGreaterThan(1)
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
      cwd: dir,
      timeout: 110_000,
      env: {
        ...lambdaEnv('supernova-worker-bundle-test'),
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
})
