import type { Counter, Registry } from './registry.ts'

interface Source {
  name: string
  counter: Counter
  label: string
  read: () => Record<string, number>
  last: Map<string, number>
}

/**
 * Cumulative counts kept elsewhere (process-wide compression or ETag counters, a memo's hits) as counter families
 * labelled by key: each poll adds what grew since the last one; counts before registration are the baseline.
 */
export class CounterSources {
  private readonly sources: Source[] = []
  constructor(private readonly registry: Registry) {}

  add(opts: { name: string; help: string; label: string; read: () => Record<string, number> }): Counter {
    const counter = this.registry.counter({ name: opts.name, help: opts.help, labelNames: [opts.label] })
    const last = new Map<string, number>()
    for (const [k, v] of Object.entries(safeRead(opts.read))) last.set(k, v)
    this.sources.push({ name: opts.name, counter, label: opts.label, read: opts.read, last })
    return counter
  }

  /** Counts over the last `windowMs` by label value, or undefined when no source of that name was added. */
  window(name: string, windowMs: number): Record<string, number> | undefined {
    const s = this.sources.find((x) => x.name === name)
    if (!s) return undefined
    const out: Record<string, number> = {}
    for (const { labels, child } of s.counter.entries())
      out[labels[s.label] ?? ''] = child.window(windowMs).total
    return out
  }

  poll(): void {
    for (const s of this.sources) {
      for (const [k, v] of Object.entries(safeRead(s.read))) {
        if (typeof v !== 'number' || !Number.isFinite(v)) continue
        const prev = s.last.get(k) ?? 0
        const delta = v >= prev ? v - prev : v
        s.last.set(k, v)
        if (delta > 0) s.counter.inc({ [s.label]: k }, delta)
      }
    }
  }
}

function safeRead(read: () => Record<string, number>): Record<string, number> {
  try {
    return read()
  } catch {
    return {}
  }
}
