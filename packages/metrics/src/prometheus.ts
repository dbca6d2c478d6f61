import type { MetricFamily } from './registry.ts'

/** Content type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

const name = (n: string) => n.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/^([0-9])/, '_$1')
const help = (h: string) => h.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
const num = (v: number) =>
  Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v)

/** Renders families as Prometheus text format 0.0.4 (families with no samples are left out). */
export function toPrometheus(families: readonly MetricFamily[]): string {
  const out: string[] = []
  for (const f of families) {
    if (!f.samples.length) continue
    const n = name(f.name)
    out.push(`# HELP ${n} ${help(f.help)}`, `# TYPE ${n} ${f.type}`)
    for (const s of f.samples) {
      const keys = Object.keys(s.labels)
      const labels = keys.length
        ? `{${keys.map((k) => `${name(k)}="${label(s.labels[k] ?? '')}"`).join(',')}}`
        : ''
      out.push(`${n}${s.suffix ?? ''}${labels} ${num(s.value)}`)
    }
  }
  return `${out.join('\n')}\n`
}
