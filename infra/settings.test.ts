import { describe, expect, it } from 'vitest'
import {
  apiFunctionSettings,
  PRIORITIES,
  queueSettings,
  serviceEnvironment,
  withoutEmpty,
  workerFunctionSettings,
} from './settings.ts'

describe('infrastructure settings', () => {
  it('targets Lambda Node 22 with a buffered function URL (functions/lambda.ts answers through handle)', () => {
    const s = apiFunctionSettings('dev')
    expect(s.runtime).toBe('nodejs22.x')
    expect(s.streaming).toBe(false)
    expect(s.concurrency).toBeUndefined()
    expect(s.versioning).toBe(false)
    expect(s.handler).toBe('functions/api.handler')
    // Development stages are seeded by the Migrate function, not by the API's cold start.
    expect(s.environment.SEED_SAMPLE_DATA).toBe('false')
    // CloudFront is the one trusted hop: rate limits bill the address it forwards, not its edge's.
    expect(s.environment.TRUST_PROXY).toBe('1')
  })

  it('gives production a full vCPU, warm capacity and no sample data', () => {
    const s = apiFunctionSettings('production')
    expect(s.memory).toBe('1769 MB')
    expect(s.provisionedConcurrency).toBe(2)
    expect(s.concurrency).toEqual({ provisioned: 2 })
    expect(s.versioning).toBe(true)
    expect(s.environment.SEED_SAMPLE_DATA).toBe('false')
  })

  it('only sets the optional services it is given', () => {
    expect(
      serviceEnvironment({ databaseUrl: 'postgres://u:p@ep-x.neon.tech/db', region: 'eu-west-1' }),
    ).toEqual({
      DATABASE_URL: 'postgres://u:p@ep-x.neon.tech/db',
      AWS_REGION: 'eu-west-1',
    })
    expect(
      Object.keys(
        serviceEnvironment({
          databaseUrl: 'postgres://x@h/db',
          region: 'us-east-1',
          upstashUrl: 'https://x.upstash.io',
          upstashToken: 't',
          sagemakerEndpoint: 'finbert',
        }),
      ),
    ).toEqual([
      'DATABASE_URL',
      'AWS_REGION',
      'UPSTASH_REDIS_REST_URL',
      'UPSTASH_REDIS_REST_TOKEN',
      'SAGEMAKER_ENDPOINT_NAME',
    ])
  })

  it('gives each priority its own queue, DLQ redrive and a partial-batch worker', () => {
    const names = PRIORITIES.map((p) => queueSettings(p).name)
    expect(new Set(names).size).toBe(3)
    expect(PRIORITIES.map((p) => queueSettings(p).envVar)).toEqual([
      'SQS_QUEUE_URL_HIGH',
      'SQS_QUEUE_URL_NORMAL',
      'SQS_QUEUE_URL_LOW',
    ])
    for (const p of PRIORITIES) {
      const q = queueSettings(p)
      const w = workerFunctionSettings('production', p)
      expect(q.maxReceiveCount).toBeGreaterThan(1)
      expect(w.batch.partialResponses).toBe(true)
      expect(w.handler).toBe('functions/worker.handler')
      // SQS hands a message to another consumer once its visibility lapses: it must outlast a run.
      expect(Number.parseInt(q.visibilityTimeout, 10)).toBeGreaterThan(Number.parseInt(w.timeout, 10))
      // Lambda's SQS maximum concurrency accepts 2..1000.
      expect(w.maxConcurrency).toBeGreaterThanOrEqual(2)
    }
  })

  it('passes the queue URLs and secrets, and drops optional secrets left empty', () => {
    const env = serviceEnvironment({
      databaseUrl: 'postgres://x@h/db',
      region: 'us-east-1',
      cursorSecret: 'c'.repeat(32),
      ablyApiKey: '',
      queueUrls: { high: 'https://q/h', normal: 'https://q/n', low: 'https://q/l' },
    })
    expect(env).toMatchObject({ CURSOR_SECRET: 'c'.repeat(32), SQS_QUEUE_URL_LOW: 'https://q/l' })
    expect(withoutEmpty({ A: 'a', ABLY_API_KEY: '' })).toEqual({ A: 'a' })
  })

  it('passes the JWT settings the API needs to authenticate callers (it refuses to start without a way to)', () => {
    const env = serviceEnvironment({
      databaseUrl: 'postgres://x@h/db',
      region: 'us-east-1',
      jwt: {
        jwksUrl: 'https://id.example.com/.well-known/jwks.json',
        issuer: 'https://id.example.com/',
        audience: 'supernova',
        secret: '',
      },
    })
    expect(env).toMatchObject({
      JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
      JWT_ISSUER: 'https://id.example.com/',
      JWT_AUDIENCE: 'supernova',
    })
    expect(env).not.toHaveProperty('JWT_SECRET')
  })
})
