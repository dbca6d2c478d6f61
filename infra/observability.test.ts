import { Metrics } from '@aws-lambda-powertools/metrics'
import { createEmfFlusher, Monitor } from '@supernova/metrics'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { taskMetrics } from '../functions/worker.ts'
import {
  type AlarmSpec,
  alarmSpecs,
  alarmThresholds,
  dashboardBody,
  dashboardWidgets,
  type MetricRef,
  metricAlarmArgs,
  NAMESPACE,
  type ObservedResources,
  SERVICES,
} from './observability.ts'
import { apiFunctionSettings, PRIORITIES, workerFunctionSettings } from './settings.ts'

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
  [k: string]: unknown
}

const resources: ObservedResources = {
  queues: PRIORITIES.map((p) => ({ priority: p, queue: `tasks-${p}`, dlq: `tasks-${p}-dlq` })),
  functions: [
    { label: 'Api', name: 'api-fn' },
    { label: 'WorkerHigh', name: 'worker-high-fn' },
  ],
  endpoint: { name: 'sentiment', variant: 'primary' },
}

/** Runs the code that emits EMF on Lambda (the API's flusher, the worker's task metrics) and parses its output. */
function emitted(): Set<string> {
  vi.stubEnv('POWERTOOLS_DEV', 'true')
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
  const lines: string[] = []
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)))
  const api = apiFunctionSettings('production').environment
  const monitor = new Monitor()
  let stats = { l1: { hits: 0, misses: 0 } }
  monitor.cache.register('cache', () => stats)
  const metrics = new Metrics({
    namespace: api.POWERTOOLS_METRICS_NAMESPACE,
    serviceName: api.POWERTOOLS_SERVICE_NAME,
  })
  const emf = createEmfFlusher({ monitor, metrics })
  monitor.http.record('GET', '/v1/symbols/:symbol', 200, 12, 0, 100)
  monitor.http.record('GET', '/v1/symbols/:symbol', 503, 40, 0, 100)
  stats = { l1: { hits: 3, misses: 1 } }
  emf.flush()
  emf.close()
  const w = workerFunctionSettings('production', 'normal').environment
  const wm = new Metrics({
    namespace: w.POWERTOOLS_METRICS_NAMESPACE,
    serviceName: w.POWERTOOLS_SERVICE_NAME,
  })
  const events = taskMetrics(wm)
  events.started?.('optimization', 120)
  events.completed?.('optimization', 900)
  events.failed?.('optimization', 10)
  events.retried?.('optimization')
  events.dead?.('optimization')
  wm.publishStoredMetrics()
  // Every (namespace, metric, dimension names, service) the EMF documents declare.
  const out = new Set<string>()
  for (const doc of lines.map((l) => JSON.parse(l) as Emf))
    for (const d of doc._aws.CloudWatchMetrics)
      for (const m of d.Metrics)
        for (const dims of d.Dimensions) out.add(key(d.Namespace, m.Name, dims, String(doc.service)))
  return out
}
const key = (ns: string, name: string, dims: string[], service: string) =>
  `${ns}|${name}|${[...dims].sort().join(',')}|${service}`
const refKey = (m: MetricRef) =>
  key(m.namespace, m.name, Object.keys(m.dimensions), m.dimensions.service ?? '')

/** Every metric an alarm or a dashboard graph reads. */
function referenced(alarms: AlarmSpec[]): MetricRef[] {
  return [
    ...alarms.flatMap((a) => (a.metric ? [a.metric] : Object.values(a.math?.metrics ?? {}))),
    ...dashboardWidgets(resources, alarmThresholds('production')).flatMap((w) => w.metrics),
  ]
}

describe('dashboard and alarms', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('read only custom metrics the code emits, under the dimensions it emits them with', () => {
    const out = emitted()
    const custom = referenced(alarmSpecs(resources, alarmThresholds('production'))).filter(
      (m) => m.namespace === NAMESPACE,
    )
    expect(custom.length).toBeGreaterThan(5)
    const missing = custom.map(refKey).filter((k) => !out.has(k))
    expect(missing).toEqual([])
    // The functions set the service names the metrics are read under.
    expect(apiFunctionSettings('dev').environment.POWERTOOLS_SERVICE_NAME).toBe(SERVICES.api)
    expect(workerFunctionSettings('dev', 'low').environment.POWERTOOLS_SERVICE_NAME).toBe(SERVICES.worker)
  })

  it('alarm on 5xx rate, p99 over target, any DLQ message, task lag, the model and throttles', () => {
    const t = alarmThresholds('production')
    const alarms = alarmSpecs(resources, t)
    const byName = new Map(alarms.map((a) => [a.name, a]))
    expect(byName.get('Api5xxRate')).toMatchObject({ threshold: t.api5xxPercent })
    expect(byName.get('ApiP99Latency')).toMatchObject({ threshold: t.apiP99Ms, metric: { stat: 'p99' } })
    for (const p of PRIORITIES) {
      const P = p[0]!.toUpperCase() + p.slice(1)
      expect(byName.get(`Dlq${P}NotEmpty`)).toMatchObject({
        threshold: 0,
        metric: { dimensions: { QueueName: `tasks-${p}-dlq` } },
      })
      expect(byName.get(`TaskLag${P}`)?.threshold).toBe(t.taskLagSeconds[p])
    }
    expect(t.taskLagSeconds.high).toBeLessThan(t.taskLagSeconds.low)
    // SageMaker reports ModelLatency in microseconds.
    expect(byName.get('ModelP99Latency')?.threshold).toBe(t.modelP99Ms * 1000)
    expect(byName.has('ApiThrottles')).toBe(true)
    expect(alarmSpecs({ ...resources, endpoint: undefined }, t).some((a) => a.name.startsWith('Model'))).toBe(
      false,
    )
    expect(new Set(alarms.map((a) => a.name)).size).toBe(alarms.length)
    // Production pages on the product's target; other stages are looser.
    expect(t.apiP99Ms).toBe(200)
    expect(alarmThresholds('dev').apiP99Ms).toBeGreaterThan(t.apiP99Ms)
  })

  it('turns alarms into PutMetricAlarm fields: percentiles as extended statistics, math for the rate', () => {
    const alarms = alarmSpecs(resources, alarmThresholds('production'))
    const p99 = metricAlarmArgs(alarms.find((a) => a.name === 'ApiP99Latency')!)
    expect(p99).toMatchObject({ extendedStatistic: 'p99', metricName: 'http_latency', namespace: NAMESPACE })
    expect(p99).not.toHaveProperty('statistic')
    const dlq = metricAlarmArgs(alarms.find((a) => a.name === 'DlqHighNotEmpty')!)
    expect(dlq).toMatchObject({
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
    })
    const rate = metricAlarmArgs(alarms.find((a) => a.name === 'Api5xxRate')!)
    if (!('metricQueries' in rate)) throw new Error('the 5xx rate is an expression')
    expect(rate.metricQueries.filter((q) => q.returnData)).toHaveLength(1)
    const ids = rate.metricQueries.filter((q) => !q.returnData).map((q) => q.id)
    const expression = rate.metricQueries.find((q) => 'expression' in q) as { expression: string }
    for (const id of ids) expect(expression.expression).toContain(id)
    expect(rate.treatMissingData).toBe('notBreaching')
  })

  it('lays out a dashboard with the graphs the operators asked for', () => {
    const body = dashboardBody(resources, alarmThresholds('production'), 'eu-west-1')
    const titles = body.widgets.map((w) => w.properties.title)
    expect(titles).toEqual([
      'API latency (ms)',
      'API 5xx rate (%)',
      'Task lag',
      'DLQ depth and task failures',
      'Cache hit rate (%)',
      'Sentiment endpoint latency (µs)',
    ])
    for (const w of body.widgets) expect(w.properties.region).toBe('eu-west-1')
    const cache = body.widgets[4]!.properties.metrics as unknown[][]
    expect(cache[0]).toEqual([
      { expression: '100 * hits / (hits + misses)', label: 'Cache hit rate (%)', id: 'e0' },
    ])
    expect(cache.slice(1).map((r) => (r.at(-1) as { id: string }).id)).toEqual(['hits', 'misses'])
    // Two graphs a row, no overlap.
    const cells = new Set(body.widgets.map((w) => `${w.x},${w.y}`))
    expect(cells.size).toBe(body.widgets.length)
    expect(JSON.parse(JSON.stringify(body))).toEqual(body)
  })
})
