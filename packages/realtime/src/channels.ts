/** The channel namespaces the hub serves; anything else is an unknown channel. */
export const CHANNEL_KINDS = ['ticks', 'tasks', 'alerts', 'performance'] as const

const NAME = /^(?:(ticks|tasks|alerts):([A-Za-z0-9_.-]{1,64})|performance)$/
const PATTERN =
  /^(?:(ticks|tasks|alerts):(?:[A-Za-z0-9_.-]{1,64}|\*)|(?:ticks|tasks|alerts):\*|performance|\*)$/

/** Whether `name` is a channel the hub knows (`ticks:AAPL`, `tasks:task_…`, `alerts:owner`, `performance`). */
export function isKnownChannel(name: string): boolean {
  return NAME.test(name)
}

/** Whether `pattern` is a valid capability pattern (a known channel, `kind:*`, or `*`). */
export function isChannelPattern(pattern: string): boolean {
  return PATTERN.test(pattern)
}

/** Channel names, built in one place. */
export const channels = {
  ticks: (symbol: string) => `ticks:${symbol}`,
  task: (id: string) => `tasks:${id}`,
  alerts: (owner: string) => `alerts:${owner}`,
  performance: 'performance',
} as const
