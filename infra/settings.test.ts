import { describe, expect, it } from 'vitest'
import { apiFunctionSettings, serviceEnvironment } from './settings.ts'

describe('infrastructure settings', () => {
  it('targets Lambda Node 22 with a streaming function URL', () => {
    const s = apiFunctionSettings('dev')
    expect(s.runtime).toBe('nodejs22.x')
    expect(s.streaming).toBe(true)
    expect(s.handler).toBe('functions/api.handler')
    expect(s.environment.SEED_SAMPLE_DATA).toBe('true')
  })

  it('gives production a full vCPU, warm capacity and no sample data', () => {
    const s = apiFunctionSettings('production')
    expect(s.memory).toBe('1769 MB')
    expect(s.provisionedConcurrency).toBe(2)
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
})
