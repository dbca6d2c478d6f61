import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks'

/** Tick of the event-loop delay monitor (ms): each sample is the time between ticks, so it includes this. */
export const EVENT_LOOP_RESOLUTION_MS = 10

/** Event-loop delay statistics over one window, in ms beyond the sampling tick. */
export interface EventLoopDelay {
  mean: number
  p50: number
  p99: number
  max: number
}

/** The part of a histogram that delay statistics are read from (values in ns, as perf_hooks records them). */
export type DelayHistogram = Pick<IntervalHistogram, 'count' | 'mean' | 'max' | 'percentile'>

/**
 * Delay beyond the sampling tick in ms, clamped at 0. An idle loop's samples sit at the tick itself (about 10 ms),
 * which read raw looks like load; what matters is how late the tick fired.
 */
export function delayBeyondTickMs(ns: number, resolutionMs = EVENT_LOOP_RESOLUTION_MS): number {
  if (!Number.isFinite(ns)) return 0
  return Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 1000) / 1000)
}

/** Reads mean, p50, p99 and max beyond the tick from a histogram; all 0 when it holds no sample. */
export function readEventLoopDelay(
  h: DelayHistogram,
  resolutionMs = EVENT_LOOP_RESOLUTION_MS,
): EventLoopDelay {
  if (h.count === 0) return { mean: 0, p50: 0, p99: 0, max: 0 }
  return {
    mean: delayBeyondTickMs(h.mean, resolutionMs),
    p50: delayBeyondTickMs(h.percentile(50), resolutionMs),
    p99: delayBeyondTickMs(h.percentile(99), resolutionMs),
    max: delayBeyondTickMs(h.max, resolutionMs),
  }
}

/** Starts a perf_hooks delay monitor at the shared resolution; read it with readEventLoopDelay(). */
export function startEventLoopMonitor(): IntervalHistogram {
  const h = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS })
  h.enable()
  return h
}
