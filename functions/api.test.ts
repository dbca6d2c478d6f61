import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const entry = new URL('./api.ts', import.meta.url).href
const dir = mkdtempSync(join(tmpdir(), 'sn-lambda-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// What the child runs: import the deployed entry (its module scope builds the deps), answer one Function URL
// event, print the status. The process must then exit by itself: nothing may outlive an invocation.
const script = `
const { handler } = await import(${JSON.stringify(entry)})
const http = { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }
const event = { version: '2.0', routeKey: '$default', rawPath: '/health', rawQueryString: '', headers: { host: 'x' },
  requestContext: { accountId: 'a', apiId: 'a', domainName: 'x', domainPrefix: 'x', http, requestId: 'r',
    routeKey: '$default', stage: '$default', time: '', timeEpoch: 0 }, isBase64Encoded: false }
const res = await handler(event, { awsRequestId: 'r', functionName: 'api' })
console.log(JSON.stringify({ statusCode: res.statusCode }))
`

describe('functions/api.ts (the deployed entry)', () => {
  it('builds its deps from the environment at module scope, answers, flushes EMF and leaves nothing running', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        timeout: 110_000,
        env: {
          ...process.env,
          AWS_LAMBDA_FUNCTION_NAME: 'supernova-api-test',
          JWT_SECRET: 'j'.repeat(32), // Lambda refuses to start with no way to authenticate callers
          SUPERNOVA_DATA_DIR: dir,
          SEED_SAMPLE_DATA: 'false',
          LOG_LEVEL: 'silent',
          POWERTOOLS_METRICS_NAMESPACE: 'SuperNovaEntryTest',
        },
      },
    )
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.at(-1)).toEqual({ statusCode: 200 })
    const emf = lines.find((l) => 'http_requests' in l) as
      | { _aws: { CloudWatchMetrics: { Namespace: string }[] }; route: string }
      | undefined
    expect(emf).toMatchObject({ route: '/health', http_requests: 1 })
    expect(emf!._aws.CloudWatchMetrics[0]!.Namespace).toBe('SuperNovaEntryTest')
  }, 120_000)
})
