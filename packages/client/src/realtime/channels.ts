// Channel names and payloads as the server publishes them. Kept here (not imported from the server packages) so the
// client bundles for browsers; payload-types.test.ts fails typecheck when the server's shapes drift from these.

/** A channel the server publishes on: prices per symbol, a task's progress, an owner's alert firings, monitoring. */
export type ChannelName = `ticks:${string}` | `tasks:${string}` | `alerts:${string}` | 'performance'

/** A price update on `ticks:{SYMBOL}`: from the simulator (embedded shape) or an import's newest close. */
export interface TickPayload {
  symbol: string
  price: number
  /** Epoch ms. */
  ts: number
  source: 'simulator' | 'import'
  /** The bar's date, for imported closes. */
  date?: string
  /** The simulator's sequence number. */
  seq?: number
}

/** A task's state change on `tasks:{id}`: `progress` while running, `status` otherwise. */
export interface TaskChangePayload {
  id: string
  type: string
  status: string
  attempt: number
  progress?: { value: number; message: string | null }
  error?: string
}

/** A user alert rule firing on `alerts:{owner}`. */
export interface AlertFiringPayload {
  id: string
  ruleId: string
  name: string | null
  symbol: string
  message: string
  value: number
  price: number
  source: 'tick' | 'bar' | 'schedule'
  firedAt: string
}

/** A monitoring alert changing state on `performance`. */
export interface PerformanceAlertPayload {
  type: 'alert'
  id: string
  title: string
  severity: 'warning' | 'critical'
  state: 'ok' | 'firing' | 'resolved'
  previous: 'ok' | 'firing' | 'resolved'
  value: number | null
  threshold: number
  at: string
}

/** Message names and payloads per channel kind. */
export type PayloadOf<C extends string> = C extends `ticks:${string}`
  ? { name: 'tick'; data: TickPayload }
  : C extends `tasks:${string}`
    ? { name: 'progress' | 'status'; data: TaskChangePayload }
    : C extends `alerts:${string}`
      ? { name: 'alert'; data: AlertFiringPayload }
      : C extends 'performance'
        ? { name: 'alert'; data: PerformanceAlertPayload }
        : { name: string; data: unknown }

/** One message as a subscriber receives it, over either transport. */
export type RealtimeMessage<C extends ChannelName = ChannelName> = PayloadOf<C> & {
  channel: C
  /** The publisher's message id (idempotent publishing). */
  id: string
  /** Publish time, epoch ms. */
  ts: number
  /** Per-channel serial on the hub (per server instance); undefined over Ably, which orders and resumes itself. */
  serial?: number
}

/** Channel names, built in one place (the same helpers as the server's). */
export const channels = {
  ticks: (symbol: string) => `ticks:${symbol}` as const,
  task: (id: string) => `tasks:${id}` as const,
  alerts: (owner: string) => `alerts:${owner}` as const,
  performance: 'performance',
} as const

/** Whether a capability pattern (`ticks:*`, `*`, or an exact name) covers `channel`; the server's rule. */
export function patternCovers(pattern: string, channel: string): boolean {
  return pattern.endsWith('*') ? channel.startsWith(pattern.slice(0, -1)) : pattern === channel
}
