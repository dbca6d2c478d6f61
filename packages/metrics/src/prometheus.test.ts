import { describe, expect, it } from 'vitest'
import { HttpRecorder } from './http-metrics.ts'
import { toPrometheus } from './prometheus.ts'
import { Registry } from './registry.ts'

/** Minimal parser for the text format: name{labels} value lines, with HELP/TYPE. */
function parse(text: string) {
  const types = new Map<string, string>()
  const samples: { name: string; labels: Record<string, string>; value: number }[] = []
  for (const line of text.trim().split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , n, t] = line.split(' ')
      types.set(n!, t!)
      continue
    }
    if (line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m) throw new Error(`bad line: ${line}`)
    const labels: Record<string, string> = {}
    for (const lm of (m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g))
      labels[lm[1]!] = lm[2]!.replace(/\\(.)/g, '$1')
    samples.push({ name: m[1]!, labels, value: Number(m[3]) })
  }
  return { types, samples }
}

describe('Prometheus text format', () => {
  it('renders counters, gauges and summaries with escaped labels', () => {
    const reg = new Registry({ clock: () => 1_000_000 })
    reg.counter({ name: 'jobs_total', help: 'Jobs\nrun.', labelNames: ['kind'] }).inc({ kind: 'a"b\\c' }, 3)
    reg.gauge({ name: 'depth', help: 'Queue depth.' }).set({}, 7)
    const h = reg.histogram({ name: 'op_duration_seconds', help: 'Op time.', labelNames: ['op'] })
    for (let i = 1; i <= 100; i++) h.observe({ op: 'x' }, i)
    const text = toPrometheus(reg.collect())
    expect(text).toContain('# HELP jobs_total Jobs\\nrun.')
    const { types, samples } = parse(text)
    expect(types.get('jobs_total')).toBe('counter')
    expect(types.get('depth')).toBe('gauge')
    expect(types.get('op_duration_seconds')).toBe('summary')
    expect(samples.find((s) => s.name === 'jobs_total')).toEqual({
      name: 'jobs_total',
      labels: { kind: 'a"b\\c' },
      value: 3,
    })
    expect(samples.find((s) => s.name === 'depth')?.value).toBe(7)
    const p99 = samples.find((s) => s.name === 'op_duration_seconds' && s.labels.quantile === '0.99')!
    expect(p99.value).toBeCloseTo(0.099, 3)
    expect(samples.find((s) => s.name === 'op_duration_seconds_count')?.value).toBe(100)
    expect(samples.find((s) => s.name === 'op_duration_seconds_sum')?.value).toBeCloseTo(5.05, 6)
  })

  it('exports HTTP requests by route template and status class', () => {
    const reg = new Registry({ clock: () => 1_000_000 })
    const http = new HttpRecorder(reg)
    http.record('GET', '/v1/symbols/:symbol', 200, 4, 0, 512)
    http.record('GET', '/v1/symbols/:symbol', 404, 2, 0, 80)
    http.record('POST', '/v1/batch', 500, 9, 300, 50)
    const { samples } = parse(toPrometheus(reg.collect()))
    const req = samples.filter((s) => s.name === 'http_requests_total')
    expect(req).toContainEqual({
      name: 'http_requests_total',
      labels: { method: 'GET', route: '/v1/symbols/:symbol', status_class: '2xx' },
      value: 1,
    })
    expect(req).toContainEqual({
      name: 'http_requests_total',
      labels: { method: 'POST', route: '/v1/batch', status_class: '5xx' },
      value: 1,
    })
    expect(
      samples.find(
        (s) =>
          s.name === 'http_bytes_total' &&
          s.labels.route === '/v1/symbols/:symbol' &&
          s.labels.direction === 'out',
      )?.value,
    ).toBe(592)
    expect(
      samples.find((s) => s.name === 'http_request_duration_seconds_count' && s.labels.method === 'GET')
        ?.value,
    ).toBe(2)
  })
})
