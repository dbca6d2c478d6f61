import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: "expected 'true' or 'false'" })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol)
      } catch {
        return false
      }
    },
    `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  )

/** Every environment variable SuperNova reads, with its default. The README's configuration table mirrors this. */
export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce
      .number({ message: 'expected an integer between 0 and 65535' })
      .int('expected an integer between 0 and 65535')
      .min(0, 'expected an integer between 0 and 65535')
      .max(65535, 'expected an integer between 0 and 65535')
      .default(3000),
    SUPERNOVA_DATA_DIR: z.string().min(1).default('.supernova'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    DATABASE_DRIVER: z.enum(['pglite', 'pg', 'neon-http', 'neon-ws']).optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    SEED_SAMPLE_DATA: bool.default(true),
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    UPSTASH_REDIS_REST_URL: url(['https:', 'http:']).optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    SAGEMAKER_ENDPOINT_NAME: z.string().min(1).optional(),
    SAGEMAKER_ENDPOINT_URL: url(['https:', 'http:']).optional(),
    AWS_REGION: z.string().min(1).default('us-east-1'),
    CURSOR_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
    REALTIME_TICKET_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
    OPERATOR_KEY: z.string().min(16, 'expected at least 16 characters').optional(),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(4 * 1024 * 1024),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(900_000).default(30_000),
    TASK_RUNNER: bool.default(true),
    TASK_WORKERS_MIN: z.coerce.number().int().min(1).max(500).default(2),
    TASK_WORKERS_MAX: z.coerce.number().int().min(1).max(500).default(50),
    TASK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
    TASK_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    TASK_DRAIN_MS: z.coerce.number().int().min(0).max(900_000).default(10_000),
    TASK_CPU_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    SQS_QUEUE_URL_HIGH: url(['https:', 'http:']).optional(),
    SQS_QUEUE_URL_NORMAL: url(['https:', 'http:']).optional(),
    SQS_QUEUE_URL_LOW: url(['https:', 'http:']).optional(),
    SQS_ENDPOINT_URL: url(['https:', 'http:']).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** Set by AWS Lambda itself: its presence makes the shape `lambda`. */
    AWS_LAMBDA_FUNCTION_NAME: z.string().min(1).optional(),
    POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default('SuperNova'),
    POWERTOOLS_SERVICE_NAME: z.string().min(1).default('supernova-api'),
    ABLY_API_KEY: z
      .string()
      .regex(/^[^.:\s]+\.[^:\s]+:\S+$/, 'expected an Ably API key such as appId.keyId:secret')
      .optional(),
    TICKS_PER_SECOND: z.coerce.number().min(0).max(10_000).optional(),
    TICKS_SYMBOLS: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(,[A-Za-z0-9.-]+)*$/, 'expected comma-separated tickers such as AAPL,MSFT')
      .optional(),
    ALERTS_EVALUATE_EVERY_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    /** Base URL clients reach the API at (the OpenAPI `servers` entry); the request's origin when unset. */
    API_PUBLIC_URL: url(['https:', 'http:']).optional(),
    JWT_SECRET: z
      .string()
      .min(32, 'expected at least 32 characters (HS256 needs a 256-bit secret)')
      .optional(),
    JWT_JWKS_URL: url(['https:', 'http:']).optional(),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWT_DEFAULT_SCOPES: z
      .string()
      .regex(/^(read|write|admin)([ ,]+(read|write|admin))*$/, 'expected scopes such as read,write')
      .default('read,write'),
    AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    AUTH_ROTATION_OVERLAP: z
      .string()
      .regex(/^\d{1,6}[smhdwy]$/, 'expected a number and a unit, such as 24h or 7d')
      .default('24h'),
    RATE_LIMIT_ENABLED: bool.default(true),
    RATE_LIMIT_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).default(600),
    RATE_LIMIT_EXPENSIVE_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).default(60),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    RATE_LIMIT_EXEMPT_LOOPBACK: bool.default(true),
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(
        /^(?:\d{1,2}|(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(?:\/\d{1,3})?)(?:\s*,\s*(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(?:\/\d{1,3})?))*)?$/,
        'expected a hop count (e.g. 1 behind CloudFront) or addresses/CIDR ranges such as loopback,10.0.0.0/8',
      )
      .default(''),
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .refine(
        (list) =>
          list.every((o) => {
            try {
              return new URL(o).origin === o
            } catch {
              return false
            }
          }),
        'expected a comma-separated list of origins such as https://app.example.com (scheme, host, optional port; no path or trailing slash)',
      ),
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(900_000).default(10_000),
    /** Server processes sharing the port (node:cluster); more than 1 needs shared servers (DATABASE_URL). */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    // Before listening, run each analytics path once on synthetic data (code and workers warm, no real data read);
    // unset: on, except under NODE_ENV=test, where servers start many times and no first request is timed.
    WARMUP: bool.optional(),
    // Histories of the first N symbols loaded into the cache in the background after start (real data; 0 = none);
    // they also serve those symbols' bars pages. Unset: 20, except under NODE_ENV=test (0), as WARMUP.
    WARMUP_HISTORY_SYMBOLS: z.coerce.number().int().min(0).max(10_000).optional(),
    /** Hub: per-message deflate for messages of at least this many bytes; 0 (the default) leaves it off. */
    REALTIME_DEFLATE_THRESHOLD_BYTES: z.coerce
      .number({ message: 'expected a whole number of bytes (0 = off)' })
      .int('expected a whole number of bytes (0 = off)')
      .min(0, 'expected a whole number of bytes (0 = off)')
      .max(64 * 1024 * 1024)
      .default(0),
    /** Niceness of the task worker threads (Linux; 0 = the process's): requests are scheduled before tasks. */
    TASK_CPU_NICE: z.coerce.number().int().min(0).max(19).default(19),
    /** Task worker threads at SCHED_IDLE (Linux, via chrt): they only take CPU time the event loop leaves. */
    TASK_CPU_SCHED_IDLE: bool.default(true),
    /** An idle task runner doubles its poll interval up to this (ms); a claim or a local enqueue resets it. */
    TASK_IDLE_POLL_MAX_MS: z.coerce.number().int().min(10).max(60_000).default(2000),
    /** Finished tasks are deleted this many days after they finish (0 = kept for good); checked hourly. */
    TASK_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(7),
    /** Where embedded PGlite runs: on its own worker thread (default), or on the event loop ('main'). */
    PGLITE_THREAD: z.enum(['worker', 'main']).default('worker'),
  })
  .superRefine((c, ctx) => {
    const driver = c.DATABASE_DRIVER
    if (driver && driver !== 'pglite' && !c.DATABASE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: `is required when DATABASE_DRIVER=${driver}`,
      })
    const sqs = [c.SQS_QUEUE_URL_HIGH, c.SQS_QUEUE_URL_NORMAL, c.SQS_QUEUE_URL_LOW]
    if (sqs.some(Boolean) && !sqs.every(Boolean))
      ctx.addIssue({
        code: 'custom',
        path: [
          ['SQS_QUEUE_URL_HIGH', 'SQS_QUEUE_URL_NORMAL', 'SQS_QUEUE_URL_LOW'][sqs.findIndex((u) => !u)]!,
        ],
        message: 'is required when any SQS_QUEUE_URL_* is set (one queue per priority)',
      })
    if (c.TASK_WORKERS_MAX < c.TASK_WORKERS_MIN)
      ctx.addIssue({
        code: 'custom',
        path: ['TASK_WORKERS_MAX'],
        message: 'must be at least TASK_WORKERS_MIN',
      })
    for (const v of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const)
      if (c.JWT_JWKS_URL && !c[v])
        ctx.addIssue({
          code: 'custom',
          path: [v],
          message:
            'is required when JWT_JWKS_URL is set (tokens from any other issuer or for any other audience are refused)',
        })
    // PGlite is one process's database: a second process on the same folder would corrupt it.
    if (c.WEB_CONCURRENCY > 1 && (!c.DATABASE_URL || c.DATABASE_DRIVER === 'pglite'))
      ctx.addIssue({
        code: 'custom',
        path: ['WEB_CONCURRENCY'],
        message:
          'above 1 needs DATABASE_URL (a PostgreSQL every process shares); the embedded database serves one process',
      })
    if (c.UPSTASH_REDIS_REST_URL && !c.UPSTASH_REDIS_REST_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['UPSTASH_REDIS_REST_TOKEN'],
        message: 'is required when UPSTASH_REDIS_REST_URL is set',
      })
  })

/** How this process runs (PRODUCT.md's deployment shapes); createDeps reads this, never the environment. */
export type DeploymentShape = 'embedded' | 'cluster' | 'lambda'

export type Config = z.output<typeof ConfigSchema> & {
  /** The database driver after defaults: pglite without DATABASE_URL, neon-http for *.neon.tech, else pg. */
  databaseDriver: 'pglite' | 'pg' | 'neon-http' | 'neon-ws'
  /**
   * lambda when AWS Lambda runs us (no timer may outlive an invocation), cluster when DATABASE_URL or REDIS_URL
   * point at shared servers (several processes), else embedded (one process, PGlite).
   */
  shape: DeploymentShape
}

/** Raised when the environment is invalid; the message names each variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid environment:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}\nFix the variable(s) above and start again.`,
    )
    this.name = 'ConfigError'
  }
}

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(ConfigSchema.shape)
  const input: Record<string, string> = {}
  for (const k of known) {
    const v = env[k]
    if (v !== undefined && v !== '') input[k] = v
  }
  const r = ConfigSchema.safeParse(input)
  if (!r.success)
    throw new ConfigError(
      r.error.issues.map((i) => {
        const variable = String(i.path[0] ?? 'environment')
        const got = input[variable]
        const secret = /SECRET|TOKEN|KEY|PASSWORD|URL/.test(variable)
        return { variable, message: `${i.message}${got !== undefined && !secret ? ` (got '${got}')` : ''}` }
      }),
    )
  const c = r.data
  const databaseDriver =
    c.DATABASE_DRIVER ??
    (!c.DATABASE_URL
      ? 'pglite'
      : new URL(c.DATABASE_URL).hostname.endsWith('.neon.tech')
        ? 'neon-http'
        : 'pg')
  const shape: DeploymentShape = c.AWS_LAMBDA_FUNCTION_NAME
    ? 'lambda'
    : c.DATABASE_URL || c.REDIS_URL
      ? 'cluster'
      : 'embedded'
  return { ...c, databaseDriver, shape }
}
