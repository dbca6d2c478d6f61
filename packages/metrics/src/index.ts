export type { AlertEvent, AlertRule, AlertState, AlertStatus } from './alerts.ts'
export { Alerts, DEFAULT_ALERT_RULES } from './alerts.ts'
export type { DbRecorderOptions, PoolStats, QueryEvent, SlowQuery, StatementStats } from './db-metrics.ts'
export { DbRecorder } from './db-metrics.ts'
export type { EmfFlusher } from './emf.ts'
export { createEmfFlusher } from './emf.ts'
export type { DelayHistogram, EventLoopDelay } from './event-loop.ts'
export {
  delayBeyondTickMs,
  EVENT_LOOP_RESOLUTION_MS,
  readEventLoopDelay,
  startEventLoopMonitor,
} from './event-loop.ts'
export type { HealthIssue, HealthReport, HealthRule, Measures } from './health.ts'
export { DEFAULT_HEALTH_RULES, evaluateHealth } from './health.ts'
export type { CacheStatsProvider, CacheTierStats, CacheTierWindow, InferenceEvent } from './hooks.ts'
export { CacheHooks, MlHooks, TaskHooks } from './hooks.ts'
export type { HttpRecorderOptions, RequestTap, RouteStats } from './http-metrics.ts'
export { HttpRecorder, OTHER_ROUTE } from './http-metrics.ts'
export type { LatencySnapshot } from './latency.ts'
export { LatencyHistogram } from './latency.ts'
export type { HistoryPoint, MonitorEvent, MonitorOptions, Regression, Trend } from './monitor.ts'
export { Monitor, REPORT_WINDOWS } from './monitor.ts'
export type { ResourceSample } from './process.ts'
export { ProcessCollector } from './process.ts'
export { PROMETHEUS_CONTENT_TYPE, toPrometheus } from './prometheus.ts'
export type { ProbeResult, ReadinessProbe } from './readiness.ts'
export { probeReadiness } from './readiness.ts'
export type { RealtimePoint, RealtimeSource } from './realtime.ts'
export { RealtimeHooks } from './realtime.ts'
export type {
  Collectable,
  GaugeOptions,
  Labels,
  MetricFamily,
  MetricOptions,
  MetricSample,
  RegistryOptions,
} from './registry.ts'
export { Counter, Gauge, Histogram, OVERFLOW, Registry } from './registry.ts'
export type { Clock, LatencySummary, WindowName } from './windows.ts'
export { Series, summarize, Timebase, WINDOWS } from './windows.ts'

import { Monitor, type MonitorOptions } from './monitor.ts'

/** Builds the monitoring layer (not started: call `.start()` where a timer may run). */
export function createMonitor(opts: MonitorOptions = {}): Monitor {
  return new Monitor(opts)
}
