/**
 * The CloudWatch dashboard and alarms as plain data (stacks/observability.ts creates them). Custom metrics are
 * the names the code emits as EMF (packages/metrics/src/emf.ts, functions/worker.ts), under the service
 * dimension each function sets; infra/observability.test.ts parses that EMF output and checks every name here.
 * Generic in V so the stack can pass deploy-time names (Output<string>) and tests plain strings.
 */
import { isProduction, type Priority, type Stage } from './settings'

/** The EMF namespace every function sets (POWERTOOLS_METRICS_NAMESPACE). */
export const NAMESPACE = 'SuperNova'

/** The `service` dimension of each function (POWERTOOLS_SERVICE_NAME). */
export const SERVICES = { api: 'supernova-api', worker: 'supernova-worker' } as const

/** The custom metrics read here, by what they mean. */
export const METRICS = {
  httpLatency: 'http_latency',
  httpRequests: 'http_requests',
  httpServerErrors: 'http_server_errors',
  cacheHits: 'cache_hits',
  cacheMisses: 'cache_misses',
  taskWait: 'task_wait_ms',
  tasksFailed: 'tasks_failed',
  tasksDead: 'tasks_dead',
} as const

/** One metric series with its statistic (pNN, Sum, Maximum, Average). */
export interface MetricRef<V = string> {
  namespace: string
  name: string
  dimensions: Record<string, V>
  stat: string
  label?: string
}

/** One alarm: a single metric or a metric-math expression over named metrics. */
export interface AlarmSpec<V = string> {
  name: string
  description: string
  threshold: number
  comparison: 'GreaterThanThreshold'
  periodSeconds: number
  evaluationPeriods: number
  datapointsToAlarm: number
  metric?: MetricRef<V>
  math?: { expression: string; label: string; metrics: Record<string, MetricRef<V>> }
}

/** What the stack names at deploy time. */
export interface ObservedResources<V = string> {
  queues: { priority: Priority; queue: V; dlq: V }[]
  functions: { label: string; name: V }[]
  endpoint?: { name: V; variant: string }
}

/** Alarm thresholds of a stage. */
export function alarmThresholds(stage: Stage) {
  const prod = isProduction(stage)
  return {
    // The product's target is sub-200 ms answers; p99 over it for 3 of 5 minutes pages.
    apiP99Ms: prod ? 200 : 500,
    api5xxPercent: 1,
    // Age of the oldest queued message: high-priority tasks should start within a minute.
    taskLagSeconds: { high: 60, normal: 300, low: 1800 } satisfies Record<Priority, number>,
    // TEI answers a headline batch in ~5-15 ms on a GPU; the client times out at 2 s.
    modelP99Ms: 250,
    periodSeconds: 60,
  }
}

/** The alarm thresholds' type. */
export type AlarmThresholds = ReturnType<typeof alarmThresholds>

const api = (name: string, stat: string, label?: string): MetricRef =>
  ({ namespace: NAMESPACE, name, dimensions: { service: SERVICES.api }, stat, label }) as MetricRef
const worker = (name: string, stat: string, label?: string): MetricRef =>
  ({ namespace: NAMESPACE, name, dimensions: { service: SERVICES.worker }, stat, label }) as MetricRef
const sqs = <V>(name: string, queue: V, stat: string, label?: string): MetricRef<V> => ({
  namespace: 'AWS/SQS',
  name,
  dimensions: { QueueName: queue },
  stat,
  label,
})
const sagemaker = <V>(name: string, e: { name: V; variant: string }, stat: string): MetricRef<V> => ({
  namespace: 'AWS/SageMaker',
  name,
  dimensions: { EndpointName: e.name, VariantName: e.variant as V },
  stat,
})

/** The 5xx share of API requests, in percent (no requests: no datapoint, which alarms treat as not breaching). */
function errorRate(): { expression: string; label: string; metrics: Record<string, MetricRef> } {
  return {
    expression: '100 * errors / requests',
    label: '5xx %',
    metrics: { errors: api(METRICS.httpServerErrors, 'Sum'), requests: api(METRICS.httpRequests, 'Sum') },
  }
}

/** Every alarm of a stage over the deployed resources. */
export function alarmSpecs<V>(r: ObservedResources<V>, t: AlarmThresholds): AlarmSpec<V>[] {
  const period = t.periodSeconds
  const alarms: AlarmSpec<V>[] = [
    {
      name: 'Api5xxRate',
      description: `API 5xx responses above ${t.api5xxPercent}% of requests`,
      threshold: t.api5xxPercent,
      comparison: 'GreaterThanThreshold',
      periodSeconds: period,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      math: errorRate() as AlarmSpec<V>['math'],
    },
    {
      name: 'ApiP99Latency',
      description: `API p99 latency above ${t.apiP99Ms} ms`,
      threshold: t.apiP99Ms,
      comparison: 'GreaterThanThreshold',
      periodSeconds: period,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      metric: api(METRICS.httpLatency, 'p99') as MetricRef<V>,
    },
  ]
  for (const q of r.queues) {
    const P = q.priority[0]!.toUpperCase() + q.priority.slice(1)
    alarms.push(
      {
        name: `Dlq${P}NotEmpty`,
        description: `Dead-letter queue of ${q.priority}-priority tasks holds messages`,
        threshold: 0,
        comparison: 'GreaterThanThreshold',
        periodSeconds: period,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        metric: sqs('ApproximateNumberOfMessagesVisible', q.dlq, 'Maximum'),
      },
      {
        name: `TaskLag${P}`,
        description: `Oldest ${q.priority}-priority task waited over ${t.taskLagSeconds[q.priority]} s`,
        threshold: t.taskLagSeconds[q.priority],
        comparison: 'GreaterThanThreshold',
        periodSeconds: period,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        metric: sqs('ApproximateAgeOfOldestMessage', q.queue, 'Maximum'),
      },
    )
  }
  if (r.endpoint)
    alarms.push(
      {
        name: 'ModelP99Latency',
        description: `Sentiment endpoint p99 model latency above ${t.modelP99Ms} ms`,
        // ModelLatency is in microseconds.
        threshold: t.modelP99Ms * 1000,
        comparison: 'GreaterThanThreshold',
        periodSeconds: period,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        metric: sagemaker('ModelLatency', r.endpoint, 'p99'),
      },
      {
        name: 'ModelErrors',
        description: 'Sentiment endpoint answered 5xx (the API falls back to the CPU model)',
        threshold: 0,
        comparison: 'GreaterThanThreshold',
        periodSeconds: period,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        metric: sagemaker('Invocation5XXErrors', r.endpoint, 'Sum'),
      },
    )
  for (const f of r.functions)
    alarms.push({
      name: `${f.label}Throttles`,
      description: `Lambda ${f.label} throttled`,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      periodSeconds: period,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      metric: {
        namespace: 'AWS/Lambda',
        name: 'Throttles',
        dimensions: { FunctionName: f.name },
        stat: 'Sum',
      },
    })
  return alarms
}

/** One dashboard widget's metric rows in CloudWatch's array form; with ids, inputs of an expression (hidden). */
function rows<V>(refs: MetricRef<V>[], ids?: string[]): unknown[] {
  return refs.map((m, i) => [
    m.namespace,
    m.name,
    ...Object.entries(m.dimensions).flat(),
    { stat: m.stat, label: m.label ?? `${m.name} ${m.stat}`, ...(ids ? { id: ids[i], visible: false } : {}) },
  ])
}

/** A dashboard graph: metrics, or an expression over them (by id), and a horizontal line. */
export interface Widget<V> {
  title: string
  metrics: MetricRef<V>[]
  expression?: { expression: string; ids: string[] }
  annotation?: { label: string; value: number }
}

/** The dashboard's graphs with the metrics each reads (also what the test checks). */
export function dashboardWidgets<V>(r: ObservedResources<V>, t: AlarmThresholds): Widget<V>[] {
  const rate = errorRate()
  const e = r.endpoint
  return [
    {
      title: 'API latency (ms)',
      metrics: [
        api(METRICS.httpLatency, 'p50', 'p50'),
        api(METRICS.httpLatency, 'p99', 'p99'),
      ] as MetricRef<V>[],
      annotation: { label: 'p99 target', value: t.apiP99Ms },
    },
    {
      title: 'API 5xx rate (%)',
      metrics: Object.values(rate.metrics) as MetricRef<V>[],
      expression: { expression: rate.expression, ids: Object.keys(rate.metrics) },
      annotation: { label: 'alarm', value: t.api5xxPercent },
    },
    {
      title: 'Task lag',
      metrics: [
        worker(METRICS.taskWait, 'p50', 'wait p50 (ms)'),
        worker(METRICS.taskWait, 'p99', 'wait p99 (ms)'),
        ...r.queues.map((q) =>
          sqs('ApproximateAgeOfOldestMessage', q.queue, 'Maximum', `oldest ${q.priority} (s)`),
        ),
      ] as MetricRef<V>[],
    },
    {
      title: 'DLQ depth and task failures',
      metrics: [
        ...r.queues.map((q) =>
          sqs('ApproximateNumberOfMessagesVisible', q.dlq, 'Maximum', `DLQ ${q.priority}`),
        ),
        worker(METRICS.tasksFailed, 'Sum', 'failed'),
        worker(METRICS.tasksDead, 'Sum', 'dead'),
      ] as MetricRef<V>[],
    },
    {
      title: 'Cache hit rate (%)',
      metrics: [api(METRICS.cacheHits, 'Sum'), api(METRICS.cacheMisses, 'Sum')] as MetricRef<V>[],
      expression: { expression: '100 * hits / (hits + misses)', ids: ['hits', 'misses'] },
    },
    ...(e
      ? [
          {
            title: 'Sentiment endpoint latency (µs)',
            metrics: [
              { ...sagemaker('ModelLatency', e, 'p50'), label: 'p50' },
              { ...sagemaker('ModelLatency', e, 'p99'), label: 'p99' },
            ],
            annotation: { label: 'alarm', value: t.modelP99Ms * 1000 },
          },
        ]
      : []),
  ]
}

/** The dashboard body CloudWatch takes (JSON.stringify it), two graphs a row. */
export function dashboardBody<V>(r: ObservedResources<V>, t: AlarmThresholds, region: string) {
  const widgets = dashboardWidgets(r, t).map((w, i) => {
    const x = w.expression
    const metrics = x
      ? [[{ expression: x.expression, label: w.title, id: 'e0' }], ...rows(w.metrics, x.ids)]
      : rows(w.metrics)
    const annotation = w.annotation
    return {
      type: 'metric',
      x: (i % 2) * 12,
      y: Math.floor(i / 2) * 6,
      width: 12,
      height: 6,
      properties: {
        title: w.title,
        region,
        view: 'timeSeries',
        period: t.periodSeconds,
        metrics,
        ...(annotation ? { annotations: { horizontal: [annotation] } } : {}),
      },
    }
  })
  return { widgets }
}

/**
 * An alarm as CloudWatch's PutMetricAlarm fields (the MetricAlarm resource's args, less the actions).
 * Percentiles go in extendedStatistic; no data (no traffic, an empty queue) is not breaching.
 */
export function metricAlarmArgs<V>(a: AlarmSpec<V>) {
  const base = {
    alarmDescription: a.description,
    comparisonOperator: a.comparison,
    threshold: a.threshold,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    treatMissingData: 'notBreaching',
  }
  if (a.math)
    return {
      ...base,
      metricQueries: [
        { id: 'e0', expression: a.math.expression, label: a.math.label, returnData: true },
        ...Object.entries(a.math.metrics).map(([id, m]) => ({
          id,
          returnData: false,
          metric: {
            namespace: m.namespace,
            metricName: m.name,
            dimensions: m.dimensions,
            period: a.periodSeconds,
            stat: m.stat,
          },
        })),
      ],
    }
  const m = a.metric
  if (!m) throw new Error(`alarm ${a.name} has neither a metric nor an expression`)
  return {
    ...base,
    namespace: m.namespace,
    metricName: m.name,
    dimensions: m.dimensions,
    period: a.periodSeconds,
    ...(/^p\d/.test(m.stat) ? { extendedStatistic: m.stat } : { statistic: m.stat }),
  }
}
