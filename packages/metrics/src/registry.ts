import { type Aggregate, type Clock, type LatencySummary, Series, summarize, Timebase } from './windows.ts'

/** Label values by label name. */
export type Labels = Readonly<Record<string, string>>

/** One exposition sample; `suffix` is appended to the family name (`_sum`, `_count`). */
export interface MetricSample {
  labels: Labels
  value: number
  suffix?: string
}

/** A metric family as exporters see it (Prometheus text, EMF). */
export interface MetricFamily {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'summary'
  samples: MetricSample[]
}

/** Anything that can list its families at export time. */
export interface Collectable {
  collect(): MetricFamily[]
}

/** Options shared by every metric family. */
export interface MetricOptions {
  name: string
  help: string
  labelNames?: readonly string[]
  /** Distinct label sets kept before new ones collapse into one `__overflow__` series (bounded memory). */
  maxSeries?: number
}

/** Label value that absorbs label sets beyond `maxSeries`. */
export const OVERFLOW = '__overflow__'

const SEP = '\u0001'

abstract class Family<C> implements Collectable {
  readonly name: string
  readonly help: string
  readonly labelNames: readonly string[]
  protected readonly maxSeries: number
  protected readonly children = new Map<string, { labels: Labels; child: C }>()
  constructor(
    protected readonly tb: Timebase,
    opts: MetricOptions,
  ) {
    this.name = opts.name
    this.help = opts.help
    this.labelNames = opts.labelNames ?? []
    this.maxSeries = opts.maxSeries ?? 2000
  }
  protected abstract make(): C
  /** The series for a label set, created on first use; bind it once on hot paths. */
  child(labels: Labels = {}): C {
    let key = ''
    for (let i = 0; i < this.labelNames.length; i++) {
      if (i) key += SEP
      key += labels[this.labelNames[i]!] ?? ''
    }
    let entry = this.children.get(key)
    if (!entry) {
      if (this.children.size >= this.maxSeries && labels[this.labelNames[0] ?? ''] !== OVERFLOW)
        return this.child(this.overflowLabels())
      const clean: Record<string, string> = {}
      for (const n of this.labelNames) clean[n] = labels[n] ?? ''
      entry = { labels: clean, child: this.make() }
      this.children.set(key, entry)
    }
    return entry.child
  }
  private overflowLabels(): Labels {
    const l: Record<string, string> = {}
    for (const n of this.labelNames) l[n] = OVERFLOW
    return l
  }
  /** Every label set with its series. */
  entries(): { labels: Labels; child: C }[] {
    return [...this.children.values()]
  }
  abstract collect(): MetricFamily[]
  abstract footprint(): number
}

/** Monotonic count, with windowed totals and rates. */
export class CounterChild {
  constructor(readonly series: Series) {}
  inc(n = 1) {
    this.series.add(0, n)
  }
  get value(): number {
    return this.series.total[0]!
  }
  /** Total and per-second rate over a window ending now. */
  window(windowMs: number, offset = 0): { total: number; rate: number } {
    const a = this.series.window(windowMs, offset)
    return { total: a.v[0]!, rate: (a.v[0]! * 1000) / a.durationMs }
  }
}

/** A counter family: `inc(labels, n)` or `child(labels).inc(n)`. */
export class Counter extends Family<CounterChild> {
  protected make() {
    return new CounterChild(new Series(this.tb, ['sum'], false))
  }
  inc(labels: Labels = {}, n = 1) {
    this.child(labels).inc(n)
  }
  /** Sum of a window's totals over label sets matching `filter`. */
  windowTotal(windowMs: number, filter: Labels = {}, offset = 0): number {
    let t = 0
    for (const { labels, child } of this.children.values())
      if (matches(labels, filter)) t += child.window(windowMs, offset).total
    return t
  }
  collect(): MetricFamily[] {
    return [
      {
        name: this.name,
        help: this.help,
        type: 'counter',
        samples: this.entries().map(({ labels, child }) => ({ labels, value: child.value })),
      },
    ]
  }
  footprint() {
    let b = 0
    for (const { child } of this.children.values()) b += child.series.footprint()
    return b
  }
}

/** Point-in-time value; sampled every interval so windows report its average and peak. */
export class GaugeChild {
  value = 0
  constructor(readonly series: Series) {}
  set(v: number) {
    this.value = v
  }
  inc(n = 1) {
    this.value += n
  }
  dec(n = 1) {
    this.value -= n
  }
  /** Called by the registry's sampler. */
  sample() {
    this.series.add(0, this.value)
    this.series.add(1, 1)
    this.series.max(2, this.value)
  }
  /** Average and peak of the samples in a window (the current value when none were taken yet). */
  window(windowMs: number): { avg: number; max: number; samples: number } {
    const a = this.series.window(windowMs)
    const n = a.v[1]!
    return n
      ? { avg: a.v[0]! / n, max: a.v[2]!, samples: n }
      : { avg: this.value, max: this.value, samples: 0 }
  }
}

/** Options for a gauge; `refresh` pulls the value from elsewhere before each read. */
export interface GaugeOptions extends MetricOptions {
  refresh?: (gauge: Gauge) => void
}

/** A gauge family. */
export class Gauge extends Family<GaugeChild> {
  private readonly refreshFn?: (gauge: Gauge) => void
  constructor(tb: Timebase, opts: GaugeOptions) {
    super(tb, opts)
    this.refreshFn = opts.refresh
  }
  protected make() {
    return new GaugeChild(new Series(this.tb, ['sum', 'sum', 'max'], false))
  }
  set(labels: Labels, v: number) {
    this.child(labels).set(v)
  }
  refresh() {
    this.refreshFn?.(this)
  }
  sample() {
    this.refresh()
    for (const { child } of this.children.values()) child.sample()
  }
  collect(): MetricFamily[] {
    this.refresh()
    return [
      {
        name: this.name,
        help: this.help,
        type: 'gauge',
        samples: this.entries().map(({ labels, child }) => ({ labels, value: child.value })),
      },
    ]
  }
  footprint() {
    let b = 0
    for (const { child } of this.children.values()) b += child.series.footprint()
    return b
  }
}

/** Latency distribution (recorded in ms, exported in seconds), exact to the histogram's precision. */
export class HistogramChild {
  constructor(readonly series: Series) {}
  observe(ms: number) {
    this.series.add(0, 1)
    this.series.add(1, ms)
    this.series.observe(ms)
  }
  get count(): number {
    return this.series.total[0]!
  }
  get sumMs(): number {
    return this.series.total[1]!
  }
  window(windowMs: number, offset = 0): LatencySummary & { rate: number } {
    const a = this.series.window(windowMs, offset)
    return { ...summarize(a.hist), rate: (a.v[0]! * 1000) / a.durationMs }
  }
}

/** A latency histogram family; its name should end in `_seconds` (Prometheus convention). */
export class Histogram extends Family<HistogramChild> {
  protected make() {
    return new HistogramChild(new Series(this.tb, ['sum', 'sum'], true))
  }
  observe(labels: Labels, ms: number) {
    this.child(labels).observe(ms)
  }
  collect(): MetricFamily[] {
    const samples: MetricSample[] = []
    for (const { labels, child } of this.children.values()) {
      const w = child.window(300_000)
      for (const [q, v] of [
        ['0.5', w.p50],
        ['0.95', w.p95],
        ['0.99', w.p99],
        ['0.999', w.p999],
      ] as const)
        samples.push({ labels: { ...labels, quantile: q }, value: v / 1000 })
      samples.push({ labels, value: child.sumMs / 1000, suffix: '_sum' })
      samples.push({ labels, value: child.count, suffix: '_count' })
    }
    return [{ name: this.name, help: this.help, type: 'summary', samples }]
  }
  footprint() {
    let b = 0
    for (const { child } of this.children.values()) b += child.series.footprint()
    return b
  }
}

function matches(labels: Labels, filter: Labels): boolean {
  for (const k in filter) if (labels[k] !== filter[k]) return false
  return true
}

/** Options for a registry. */
export interface RegistryOptions {
  clock?: Clock
  /** Slot length; the history is sampled at this period too. */
  intervalMs?: number
  /** HdrHistogram precision: 2 digits keeps every percentile within 1% at a few KB per live series. */
  significantDigits?: 1 | 2 | 3
}

/** Owns the time base and every metric family; exporters read it through `collect()`. */
export class Registry implements Collectable {
  readonly tb: Timebase
  private readonly families = new Map<string, Family<unknown>>()
  private readonly collectors: Collectable[] = []
  private readonly gauges: Gauge[] = []
  constructor(opts: RegistryOptions = {}) {
    this.tb = new Timebase(opts.clock ?? Date.now, opts.intervalMs ?? 10_000, opts.significantDigits ?? 2)
  }
  get clock(): Clock {
    return this.tb.clock
  }
  private get<T extends Family<unknown>>(name: string, make: () => T): T {
    const existing = this.families.get(name)
    if (existing) return existing as T
    const f = make()
    this.families.set(name, f)
    return f
  }
  /** Gets or creates a counter family. */
  counter(opts: MetricOptions): Counter {
    return this.get(opts.name, () => new Counter(this.tb, opts))
  }
  /** Gets or creates a gauge family. */
  gauge(opts: GaugeOptions): Gauge {
    return this.get(opts.name, () => {
      const g = new Gauge(this.tb, opts)
      this.gauges.push(g)
      return g
    })
  }
  /** Gets or creates a latency histogram family. */
  histogram(opts: MetricOptions): Histogram {
    return this.get(opts.name, () => new Histogram(this.tb, opts))
  }
  /** Adds a source of families that lives outside the registry (the HTTP recorder, for one). */
  register(c: Collectable) {
    this.collectors.push(c)
  }
  /** Advances the slot clock and samples every gauge; the monitor calls it each interval. */
  tick() {
    this.tb.sync()
    for (const g of this.gauges) g.sample()
  }
  collect(): MetricFamily[] {
    this.tb.sync()
    const out: MetricFamily[] = []
    for (const f of this.families.values()) out.push(...f.collect())
    for (const c of this.collectors) out.push(...c.collect())
    return out
  }
  /** Approximate bytes held by all families' series. */
  footprint(): number {
    let b = 0
    for (const f of this.families.values()) b += f.footprint()
    for (const c of this.collectors) b += (c as { footprint?: () => number }).footprint?.() ?? 0
    return b
  }
}

export type { Aggregate }
