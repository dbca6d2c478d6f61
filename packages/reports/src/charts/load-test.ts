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
