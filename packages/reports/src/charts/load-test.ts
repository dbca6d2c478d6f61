import { axisStyle, baseOption, type ChartSpec } from '../render.ts'
import { legend } from './common.ts'

/** The part of Artillery's JSON report (`--output`) the latency chart reads. */
export interface ArtilleryReport {
  aggregate: {
    summaries: Record<string, { p50?: number; median?: number; p95: number; p99: number; count?: number }>
  }
  intermediate: {
    period?: number | string
    firstMetricAt?: number
    summaries: Record<string, { p50?: number; median?: number; p95: number; p99: number; count?: number }>
  }[]
}

const PREFIX = 'plugins.metrics-by-endpoint.response_time.'

/** Endpoints of the report (`GET /v1/symbols`...), in name order. */
export function loadTestEndpoints(r: ArtilleryReport): string[] {
  return Object.keys(r.aggregate.summaries)
    .filter((k) => k.startsWith(PREFIX))
    .map((k) => k.slice(PREFIX.length))
    .sort()
}

/** p95 latency over time per endpoint, one line each, one point per Artillery reporting period (10 s). */
export function latencyChart(r: ArtilleryReport, quantile: 'p50' | 'p95' | 'p99' = 'p95'): ChartSpec {
  const endpoints = loadTestEndpoints(r)
  const periods = r.intermediate
    .map((p) => ({ at: Number(p.period ?? p.firstMetricAt), s: p.summaries }))
    .sort((a, b) => a.at - b.at)
  const value = (s: { p50?: number; median?: number; p95: number; p99: number }) =>
    quantile === 'p50' ? (s.median ?? s.p50 ?? Number.NaN) : s[quantile]
  return {
    name: 'latency',
    title: `Load test: ${quantile} latency per endpoint`,
    height: 460,
    option: {
      ...baseOption(`${quantile} latency per endpoint over time`),
      legend: { ...legend(endpoints), type: 'plain', top: 28, left: 8, right: 8 },
      grid: { left: 72, right: 24, top: 40 + Math.ceil(endpoints.length / 3) * 22, bottom: 56 },
      xAxis: { ...axisStyle('Time (UTC)'), type: 'time', nameGap: 30, splitLine: { show: false } },
      yAxis: { ...axisStyle(`${quantile} latency (ms)`), type: 'value', nameGap: 48 },
      series: endpoints.map((e) => ({
        name: e,
        type: 'line' as const,
        showSymbol: periods.length <= 30,
        symbolSize: 5,
        connectNulls: false,
        data: periods.map((p) => {
          const s = p.s[PREFIX + e]
          return [p.at, s ? value(s) : null]
        }),
      })),
    },
  }
}

/** Resources sampled during a load run (`npm run load` reads /proc and /performance/* every few seconds). */
export interface LoadTrend {
  points: {
    t: number
    /** Memory per process group (server, postgres, redis, generator): proportional set size, in bytes. */
    memoryBytes: Record<string, number>
    /** V8 heap used of the server process that answered /performance (one of the workers in a cluster). */
    heapUsedBytes?: number
    /** CPU per process group over the interval before `t`, in cores. */
    cores?: Record<string, number>
  }[]
}

const MB = 1024 * 1024

function trendSeries(
  trend: LoadTrend,
  pick: (p: LoadTrend['points'][number]) => Record<string, number | undefined>,
) {
  const names = [...new Set(trend.points.flatMap((p) => Object.keys(pick(p))))]
  return names.map((name) => ({
    name,
    type: 'line' as const,
    showSymbol: trend.points.length <= 30,
    symbolSize: 5,
    data: trend.points.map((p) => [p.t, pick(p)[name] ?? null]),
  }))
}

/** Memory over the run: each process group's proportional set size and the server's V8 heap used, in MB. */
export function memoryTrendChart(trend: LoadTrend): ChartSpec {
  const series = trendSeries(trend, (p) => ({
    ...Object.fromEntries(Object.entries(p.memoryBytes).map(([k, v]) => [`${k} PSS`, v / MB])),
    ...(p.heapUsedBytes === undefined ? {} : { 'server heap used': p.heapUsedBytes / MB }),
  }))
  return {
    name: 'memory',
    title: 'Load test: memory over the run',
    height: 420,
    option: {
      ...baseOption('Memory over the run (PSS per process group, server heap used)'),
      legend: { ...legend(series.map((s) => s.name)), type: 'plain', top: 28, left: 8, right: 8 },
      grid: { left: 72, right: 24, top: 40 + Math.ceil(series.length / 3) * 22, bottom: 56 },
      xAxis: { ...axisStyle('Time (UTC)'), type: 'time', nameGap: 30, splitLine: { show: false } },
      yAxis: { ...axisStyle('Memory (MB)'), type: 'value', nameGap: 48 },
      series,
    },
  }
}

/** CPU over the run per process group, in cores (1 = one core busy). */
export function cpuTrendChart(trend: LoadTrend): ChartSpec {
  const series = trendSeries(trend, (p) => p.cores ?? {})
  return {
    name: 'cpu',
    title: 'Load test: CPU over the run',
    height: 380,
    option: {
      ...baseOption('CPU per process group over the run'),
      legend: { ...legend(series.map((s) => s.name)), type: 'plain', top: 28, left: 8, right: 8 },
      grid: { left: 72, right: 24, top: 40 + Math.ceil(series.length / 3) * 22, bottom: 56 },
      xAxis: { ...axisStyle('Time (UTC)'), type: 'time', nameGap: 30, splitLine: { show: false } },
      yAxis: { ...axisStyle('CPU (cores)'), type: 'value', nameGap: 48 },
      series,
    },
  }
}

/** Overall p50, p95 and p99 (every endpoint together) per Artillery reporting period: the run's latency trend. */
export function overallLatencyChart(r: ArtilleryReport): ChartSpec {
  const periods = r.intermediate
    .map((p) => ({ at: Number(p.period ?? p.firstMetricAt), s: p.summaries['http.response_time'] }))
    .sort((a, b) => a.at - b.at)
  const quantiles = ['p50', 'p95', 'p99'] as const
  return {
    name: 'latency-trend',
    title: 'Load test: overall latency over the run',
    height: 380,
    option: {
      ...baseOption('Overall latency over the run (all endpoints)'),
      legend: { ...legend([...quantiles]), type: 'plain', top: 28, left: 8, right: 8 },
      grid: { left: 72, right: 24, top: 62, bottom: 56 },
      xAxis: { ...axisStyle('Time (UTC)'), type: 'time', nameGap: 30, splitLine: { show: false } },
      yAxis: { ...axisStyle('Latency (ms)'), type: 'value', nameGap: 48 },
      series: quantiles.map((q) => ({
        name: q,
        type: 'line' as const,
        showSymbol: periods.length <= 30,
        symbolSize: 5,
        data: periods.map((p) => [
          p.at,
          p.s ? (q === 'p50' ? (p.s.median ?? p.s.p50 ?? null) : p.s[q]) : null,
        ]),
      })),
    },
  }
}
