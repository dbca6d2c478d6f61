/**
 * Resource settings computed in plain TypeScript so they can be unit-tested here (the SST CLI needs the
 * internet to deploy); stacks/ turns them into SST components.
 */
export type Stage = 'dev' | 'staging' | 'production' | (string & {})

/** Task priorities, one SQS queue (with its dead-letter queue) each. */
export const PRIORITIES = ['high', 'normal', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]

export const isProduction = (stage: Stage) => stage === 'production'

/** Where the Lambda bundles find files the code reads at run time (relative to the bundle root, LAMBDA_TASK_ROOT). */
export const bundleFiles = [
  { from: 'packages/db/migrations', to: 'packages/db/migrations' },
  { from: 'packages/ml/model/sentiment-v1.bin', to: 'packages/ml/model/sentiment-v1.bin' },
]

/** esbuild settings SST applies to every function (plugins: see infra/lambda-bundle.mjs). */
export const nodejsBundle = {
  format: 'esm' as const,
  minify: true,
  sourcemap: true,
  splitting: true,
  plugins: './infra/lambda-bundle.mjs',
  // Packages' ESM builds first: a dynamically imported CommonJS build (the AWS SDK's dist-cjs) bundled into ESM
  // exposes only `default`, so `(await import('@aws-sdk/client-sqs')).SQSClient` would be undefined.
  esbuild: { mainFields: ['module', 'main'] },
}

/** Lambda settings of the API function: Node 22 (the code also runs on 20 for local use), arm64, function URL. */
export function apiFunctionSettings(stage: Stage) {
  const prod = isProduction(stage)
  const provisioned = prod ? 2 : 0
  return {
    handler: 'functions/api.handler',
    runtime: 'nodejs22.x' as const,
    architecture: 'arm64' as const,
    memory: prod ? ('1769 MB' as const) : ('1024 MB' as const), // 1769 MB = one full vCPU
    timeout: '30 seconds' as const,
    url: {
      cors: { allowOrigins: ['*'], allowMethods: ['*'] as ['*'], allowHeaders: ['*'] },
    },
    // BUFFERED function URL, matching hono's buffered `handle` in functions/lambda.ts: RESPONSE_STREAM would need
    // `streamHandle` and the runtime's `awslambda` global (NDJSON routes are then delivered whole, not streamed).
    streaming: false,
    environment: {
      NODE_ENV: 'production',
      // Seeding (development stages) is the Migrate function's job, once per deploy (infra/migrate.ts).
      SEED_SAMPLE_DATA: 'false',
      // Callers arrive through CloudFront (stacks/edge.ts): the client address (rate limits) is the entry
      // CloudFront adds to X-Forwarded-For, one hop in front of the function URL's source IP.
      TRUST_PROXY: '1',
      POWERTOOLS_SERVICE_NAME: 'supernova-api',
      POWERTOOLS_METRICS_NAMESPACE: 'SuperNova',
    },
    provisionedConcurrency: provisioned,
    // Provisioned concurrency attaches to a published version, so versioning goes with it.
    versioning: provisioned > 0,
    concurrency: provisioned > 0 ? { provisioned } : undefined,
  }
}

/** One queue per priority: visibility above the worker's timeout, a DLQ after `maxReceiveCount` receives. */
export function queueSettings(priority: Priority) {
  return {
    name: `Tasks${priority[0]!.toUpperCase()}${priority.slice(1)}`,
    // Must exceed the consumer's timeout, or a running task's message is handed to a second consumer.
    visibilityTimeout: '6 minutes' as const,
    maxReceiveCount: priority === 'high' ? 5 : 3,
    envVar: `SQS_QUEUE_URL_${priority.toUpperCase()}` as const,
  }
}

/** The SQS consumer (functions/worker.ts): partial batch responses, concurrency capped per priority. */
export function workerFunctionSettings(stage: Stage, priority: Priority) {
  return {
    handler: 'functions/worker.handler',
    runtime: 'nodejs22.x' as const,
    architecture: 'arm64' as const,
    memory: isProduction(stage) ? ('1769 MB' as const) : ('1024 MB' as const),
    timeout: '5 minutes' as const,
    environment: {
      NODE_ENV: 'production',
      SEED_SAMPLE_DATA: 'false',
      POWERTOOLS_SERVICE_NAME: 'supernova-worker',
      POWERTOOLS_METRICS_NAMESPACE: 'SuperNova',
    },
    batch: { size: priority === 'high' ? 1 : 10, partialResponses: true },
    maxConcurrency: { high: 20, normal: 10, low: 2 }[priority],
  }
}

/** Environment that points the adapters at the managed services; values may be deploy-time outputs (secrets). */
export function serviceEnvironment<V>(values: {
  databaseUrl: V
  upstashUrl?: V
  upstashToken?: V
  sagemakerEndpoint?: V
  cursorSecret?: V
  operatorKey?: V
  ablyApiKey?: V
  /** Callers' identity: an HS256 secret, or an issuer's JWKS with its issuer and audience (without either, and
   * without an API key in the database, the API refuses to start). */
  jwt?: { secret?: V; jwksUrl?: V; issuer?: V; audience?: V }
  queueUrls?: Record<Priority, V>
  region: V
}): Record<string, V> {
  const env: Record<string, V> = { DATABASE_URL: values.databaseUrl, AWS_REGION: values.region }
  if (values.upstashUrl && values.upstashToken) {
    env.UPSTASH_REDIS_REST_URL = values.upstashUrl
    env.UPSTASH_REDIS_REST_TOKEN = values.upstashToken
  }
  if (values.sagemakerEndpoint) env.SAGEMAKER_ENDPOINT_NAME = values.sagemakerEndpoint
  if (values.cursorSecret) env.CURSOR_SECRET = values.cursorSecret
  if (values.operatorKey) env.OPERATOR_KEY = values.operatorKey
  if (values.ablyApiKey) env.ABLY_API_KEY = values.ablyApiKey
  if (values.jwt?.secret) env.JWT_SECRET = values.jwt.secret
  if (values.jwt?.jwksUrl) env.JWT_JWKS_URL = values.jwt.jwksUrl
  if (values.jwt?.issuer) env.JWT_ISSUER = values.jwt.issuer
  if (values.jwt?.audience) env.JWT_AUDIENCE = values.jwt.audience
  if (values.queueUrls) for (const p of PRIORITIES) env[queueSettings(p).envVar] = values.queueUrls[p]
  return env
}

/** Drops variables whose optional secret was left empty, so loadConfig sees them unset rather than invalid. */
export function withoutEmpty(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
}
