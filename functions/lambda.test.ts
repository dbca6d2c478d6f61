import { Metrics } from '@aws-lambda-powertools/metrics'
import { createEmfFlusher, createMonitor } from '@supernova/metrics'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { apiFunctionSettings } from '../infra/settings.ts'
import { createHandler } from './lambda.ts'

const monitor = createMonitor()
const depsPromise = createTestAppDeps({ extra: { monitor } })
// Building and seeding the PGlite deps is the slow part: it belongs to setup, not to the first test's budget.
beforeAll(() => depsPromise.then(() => undefined), 120_000)
afterAll(async () => (await depsPromise).close())

/** A Lambda Function URL (payload v2) event, as AWS sends it. */
function functionUrlEvent(method: string, rawPath: string, rawQueryString = '', body?: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      host: 'abc.lambda-url.us-east-1.on.aws',
      'content-type': 'application/json',
      accept: 'application/json',
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '29/Nov/2026:00:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    body,
    isBase64Encoded: false,
  }
}

describe('Lambda entry', () => {
  const handler = createHandler(depsPromise)
  const ctx = { awsRequestId: 'req-1', functionName: 'api' }

  it('answers a Function URL event through the same app', async () => {
    const res = (await handler(
      functionUrlEvent('GET', '/v1/symbols/AAPL/bars', 'from=2023-01-03&to=2023-01-05') as never,
      ctx as never,
    )) as {
      statusCode: number
      body: string
      headers: Record<string, string>
    }
    expect(res.statusCode).toBe(200)
    const body = JSON.parse(res.body) as { data: { date: string }[] }
    expect(body.data.map((b) => b.date)).toEqual(['2023-01-03', '2023-01-04', '2023-01-05'])
  })

  it('answers in the buffered shape its function URL is configured for (not RESPONSE_STREAM)', async () => {
    // hono's `handle` returns the whole response as one object; a streaming URL would need `streamHandle`.
    expect(apiFunctionSettings('production').streaming).toBe(false)
    const res = (await handler(functionUrlEvent('GET', '/health') as never, ctx as never)) as {
      statusCode: number
      body: unknown
    }
    expect(res.statusCode).toBe(200)
    expect(typeof res.body).toBe('string')
  })

  it('returns errors in the same envelope', async () => {
    const res = (await handler(
      functionUrlEvent('POST', '/v1/watchlists', '', '{"name":') as never,
      ctx as never,
    )) as {
      statusCode: number
      body: string
    }
    expect(res.statusCode).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'validation_error' } })
  })

  it('flushes request metrics as CloudWatch EMF per invocation, with the cold start once', async () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand'
    const lines: string[] = []
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    })
    try {
      const metrics = new Metrics({ namespace: 'SuperNovaTest', serviceName: 'api' })
      const emfHandler = createHandler(depsPromise, { emf: createEmfFlusher({ monitor, metrics }) })
      await emfHandler(functionUrlEvent('GET', '/v1/symbols/AAPL') as never, ctx as never)
      await emfHandler(functionUrlEvent('GET', '/v1/symbols/NOPE') as never, ctx as never)
    } finally {
      spy.mockRestore()
      delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE
    }
    const docs = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('_aws'))
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & {
            _aws: {
              CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[]
            }
          },
      )
    const requests = docs.filter((d) => 'http_requests' in d)
    expect(requests).toHaveLength(2)
    expect(requests[0]).toMatchObject({
      route: '/v1/symbols/:symbol',
      method: 'GET',
      service: 'api',
      http_requests: 1,
      http_client_errors: 0,
    })
    expect(requests[1]).toMatchObject({ route: '/v1/symbols/:symbol', http_client_errors: 1 })
    expect(requests[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('SuperNovaTest')
    expect(requests[0]!._aws.CloudWatchMetrics[0]!.Dimensions[0]).toEqual(
      expect.arrayContaining(['service', 'route', 'method']),
    )
    expect(docs.filter((d) => 'ColdStart' in d)).toHaveLength(1)
  })
})
