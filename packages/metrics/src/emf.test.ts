import { Metrics } from '@aws-lambda-powertools/metrics'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEmfFlusher } from './emf.ts'
import { Monitor } from './monitor.ts'

interface Emf {
  _aws: {
    Timestamp: number
    CloudWatchMetrics: {
      Namespace: string
      Dimensions: string[][]
      Metrics: { Name: string; Unit: string }[]
    }[]
  }
  [k: string]: unknown
}

describe('CloudWatch EMF exporter', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('flushes one document per route with the right dimensions, and counts the cold start once', () => {
    // Powertools writes EMF to stdout; in dev mode it uses the global console, which the test can capture.
    vi.stubEnv('POWERTOOLS_DEV', 'true')
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand') // what the Lambda runtime sets; cold starts count only then
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)))
    const metrics = new Metrics({ namespace: 'supernova', serviceName: 'api' })
    const monitor = new Monitor()
    const emf = createEmfFlusher({ monitor, metrics })
    monitor.http.record('GET', '/v1/symbols/:symbol', 200, 12.5, 0, 100)
    monitor.http.record('GET', '/v1/symbols/:symbol', 503, 30, 0, 100)
    monitor.http.record('POST', '/v1/batch', 201, 7, 10, 10)
    emf.flush()
    const docs = lines.map((l) => JSON.parse(l) as Emf)
    const cold = docs.filter((d) => d.ColdStart !== undefined)
    expect(cold).toHaveLength(1)
    expect(cold[0]!._aws.CloudWatchMetrics[0]!.Dimensions[0]).toContain('service')
    const symbols = docs.find((d) => d.route === '/v1/symbols/:symbol')!
    const cw = symbols._aws.CloudWatchMetrics[0]!
    expect(cw.Namespace).toBe('supernova')
    expect([...cw.Dimensions[0]!].sort()).toEqual(['method', 'route', 'service'])
    // The same values under `service` alone: API-wide percentiles and error counts for alarms.
    expect(cw.Dimensions[1]).toEqual(['service'])
    expect(symbols.service).toBe('api')
    expect(symbols.method).toBe('GET')
    expect(symbols.http_requests).toBe(2)
    expect(symbols.http_server_errors).toBe(1)
    expect(symbols.http_latency).toEqual([12.5, 30])
    expect(cw.Metrics.find((m) => m.Name === 'http_latency')?.Unit).toBe('Milliseconds')
    const batch = docs.find((d) => d.route === '/v1/batch')!
    expect(batch.http_requests).toBe(1)
    expect(batch.http_latency).toBe(7)

    lines.length = 0
    monitor.http.record('POST', '/v1/batch', 200, 3, 0, 0)
    emf.flush()
    const again = lines.map((l) => JSON.parse(l) as Emf)
    expect(again.filter((d) => d.ColdStart !== undefined)).toHaveLength(0)
    expect(again).toHaveLength(1)
    expect(again[0]!.route).toBe('/v1/batch')
    emf.close()
  })

  it('emits the cache lookups since the last flush (hits on any tier, misses on the last tier)', () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true')
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)))
    const monitor = new Monitor()
    let stats = { l1: { hits: 5, misses: 10 }, l2: { hits: 2, misses: 8 } }
    monitor.cache.register('cache', () => stats)
    const emf = createEmfFlusher({
      monitor,
      metrics: new Metrics({ namespace: 'supernova', serviceName: 'api' }),
    })
    stats = { l1: { hits: 9, misses: 16 }, l2: { hits: 3, misses: 13 } }
    emf.flush()
    const doc = lines.map((l) => JSON.parse(l) as Emf).find((d) => d.cache_hits !== undefined)!
    // 4 L1 hits + 1 L2 hit; 5 lookups missed both tiers.
    expect(doc.cache_hits).toBe(5)
    expect(doc.cache_misses).toBe(5)
    expect(doc._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']])
    lines.length = 0
    emf.flush()
    expect(lines.map((l) => JSON.parse(l) as Emf).filter((d) => d.cache_hits !== undefined)).toHaveLength(0)
    emf.close()
  })
})
