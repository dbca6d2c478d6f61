import {
  type ArtilleryReport,
  cpuTrendChart,
  type LoadTrend,
  latencyChart,
  loadTestEndpoints,
  memoryTrendChart,
  overallLatencyChart,
} from './charts/load-test.ts'
import { renderPage } from './page.ts'

type Summary = { p50?: number; median?: number; p95: number; p99: number; count?: number }

/**
 * The HTML report of one Artillery run (`npm run load` writes it beside the JSON): figures, p95 and p99 over time
 * per endpoint and, with a resource trend, overall latency, memory and CPU over the run.
 */
export async function loadTestReportHtml(
  report: ArtilleryReport & { aggregate: { counters?: Record<string, number> } },
  name: string,
  trend?: LoadTrend,
): Promise<string> {
  const a = report.aggregate
  const all = a.summaries['http.response_time'] as Summary | undefined
  const counters = a.counters ?? {}
  const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${v} ms`)
  return renderPage(
    {
      title: `Load test: ${name}`,
      subtitle: `${report.intermediate.length} reporting periods, ${loadTestEndpoints(report).length} endpoints`,
      figures: [
        { label: 'Requests', value: String(counters['http.requests'] ?? all?.count ?? 'n/a') },
        { label: 'p50', value: ms(all?.median ?? all?.p50) },
        { label: 'p95', value: ms(all?.p95) },
        { label: 'p99', value: ms(all?.p99) },
        { label: '5xx', value: String(counters['supernova.http_5xx'] ?? 0) },
        { label: 'Failed users', value: String(counters['vusers.failed'] ?? 0) },
      ],
      inputs: { report: name },
    },
    [
      ...(trend?.points.length
        ? [overallLatencyChart(report), memoryTrendChart(trend), cpuTrendChart(trend)]
        : []),
      latencyChart(report, 'p95'),
      { ...latencyChart(report, 'p99'), name: 'latency-p99' },
    ],
  )
}
