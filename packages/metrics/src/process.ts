import os from 'node:os'
import { type IntervalHistogram, PerformanceObserver } from 'node:perf_hooks'
import v8 from 'node:v8'
import { type EventLoopDelay, readEventLoopDelay, startEventLoopMonitor } from './event-loop.ts'
import type { Gauge, Histogram, Registry } from './registry.ts'

/** Process and host resources at one sample. */
export interface ResourceSample {
  cpuRatio: number
  rssBytes: number
  heapUsedBytes: number
  heapTotalBytes: number
  heapLimitBytes: number
  heapUsedRatio: number
  externalBytes: number
  /** Delay beyond the monitor's 10 ms tick, so an idle loop reads about 0. */
  eventLoopDelayMs: EventLoopDelay
  gc: { count: number; pauseMs: number }
  loadAverage: number[]
  system: { cpus: number; totalMemBytes: number; freeMemBytes: number }
  uptimeSeconds: number
}

const GC_KINDS: Record<number, string> = {
  1: 'scavenge',
  2: 'mark_sweep_compact',
  4: 'incremental',
  8: 'weakcb',
  15: 'all',
}

/**
 * CPU, memory, heap, event-loop delay (perf_hooks.monitorEventLoopDelay, beyond its tick) and GC pauses (PerformanceObserver).
 * `start()` begins the delay monitor and GC observer; `sample()` reads and resets them once per interval.
 */
export class ProcessCollector {
  readonly gauges: Record<'cpu' | 'rss' | 'heapUsed' | 'heapTotal' | 'heapRatio' | 'external' | 'eld', Gauge>
  readonly gcPause: Histogram
  private eld?: IntervalHistogram
  private gcObserver?: PerformanceObserver
  private lastCpu = process.cpuUsage()
  private lastAt = performance.now()
  private gcCount = 0
  private gcPauseMs = 0
  private last?: ResourceSample
  constructor(registry: Registry) {
    const g = (name: string, help: string, labelNames?: string[]) =>
      registry.gauge({ name, help, labelNames })
    this.gauges = {
      cpu: g('process_cpu_ratio', 'Process CPU time per wall time over the last interval (1 = one core).'),
      rss: g('process_resident_memory_bytes', 'Resident set size.'),
      heapUsed: g('nodejs_heap_used_bytes', 'V8 heap used.'),
      heapTotal: g('nodejs_heap_total_bytes', 'V8 heap allocated.'),
      heapRatio: g('nodejs_heap_used_ratio', 'V8 heap used over the heap size limit.'),
      external: g('nodejs_external_memory_bytes', 'Memory held outside the V8 heap (buffers).'),
      eld: g(
        'nodejs_eventloop_delay_seconds',
        'Event-loop delay beyond the 10 ms sampling tick over the last interval, by statistic.',
        ['stat'],
      ),
    }
    this.gcPause = registry.histogram({
      name: 'nodejs_gc_duration_seconds',
      help: 'Garbage-collection pauses by kind.',
      labelNames: ['kind'],
    })
  }

  start() {
    if (this.eld) return
    this.eld = startEventLoopMonitor()
    try {
      this.gcObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const kind =
            GC_KINDS[((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind ?? 0] ??
            'other'
          this.gcCount++
          this.gcPauseMs += e.duration
          this.gcPause.observe({ kind }, e.duration)
        }
      })
      this.gcObserver.observe({ entryTypes: ['gc'] })
    } catch {
      // Some runtimes lack GC entries; the rest of the collector still works.
      this.gcObserver = undefined
    }
  }

  stop() {
    this.eld?.disable()
    this.eld = undefined
    this.gcObserver?.disconnect()
    this.gcObserver = undefined
  }

  /** Reads every source, updates the gauges and returns the sample. */
  sample(): ResourceSample {
    const now = performance.now()
    const cpu = process.cpuUsage(this.lastCpu)
    const wallUs = Math.max(1, (now - this.lastAt) * 1000)
    this.lastCpu = process.cpuUsage()
    this.lastAt = now
    const mem = process.memoryUsage()
    const heapLimit = v8.getHeapStatistics().heap_size_limit
    const eld = this.eld ? readEventLoopDelay(this.eld) : { mean: 0, p50: 0, p99: 0, max: 0 }
    this.eld?.reset()
    const s: ResourceSample = {
      cpuRatio: round((cpu.user + cpu.system) / wallUs, 4),
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      heapTotalBytes: mem.heapTotal,
      heapLimitBytes: heapLimit,
      heapUsedRatio: round(mem.heapUsed / heapLimit, 4),
      externalBytes: mem.external,
      eventLoopDelayMs: eld,
      gc: { count: this.gcCount, pauseMs: round(this.gcPauseMs) },
      loadAverage: os.loadavg().map((x) => round(x, 2)),
      system: {
        cpus: os.availableParallelism?.() ?? os.cpus().length,
        totalMemBytes: os.totalmem(),
        freeMemBytes: os.freemem(),
      },
      uptimeSeconds: Math.round(process.uptime()),
    }
    const G = this.gauges
    G.cpu.set({}, s.cpuRatio)
    G.rss.set({}, s.rssBytes)
    G.heapUsed.set({}, s.heapUsedBytes)
    G.heapTotal.set({}, s.heapTotalBytes)
    G.heapRatio.set({}, s.heapUsedRatio)
    G.external.set({}, s.externalBytes)
    for (const k of ['mean', 'p50', 'p99', 'max'] as const) G.eld.set({ stat: k }, eld[k] / 1000)
    this.last = s
    return s
  }

  /** The latest sample (taking one if none was taken yet). */
  latest(): ResourceSample {
    return this.last ?? this.sample()
  }
}

function round(x: number, d = 3): number {
  const f = 10 ** d
  return Math.round(x * f) / f
}
