/** The channel namespaces the hub serves; anything else is an unknown channel. */
export const CHANNEL_KINDS = ['ticks', 'tasks', 'alerts', 'performance'] as const

import { createHash } from 'node:crypto'

const NAME = /^(?:(ticks|tasks|alerts):([A-Za-z0-9_.-]{1,64})|alerts:~[A-Za-z0-9_-]{22}|performance)$/
const PATTERN =
  /^(?:(ticks|tasks|alerts):(?:[A-Za-z0-9_.-]{1,64}|\*)|alerts:~[A-Za-z0-9_-]{22}|performance|\*)$/

/** Whether `name` is a channel the hub knows (`ticks:AAPL`, `tasks:task_…`, `alerts:owner`, `performance`). */
export function isKnownChannel(name: string): boolean {
  return NAME.test(name)
}

/** Whether `pattern` is a valid capability pattern (a known channel, `kind:*`, or `*`). */
export function isChannelPattern(pattern: string): boolean {
  return PATTERN.test(pattern)
}

const SAFE_OWNER = /^[A-Za-z0-9_.-]{1,64}$/

/**
 * An owner as a channel name part: itself when it is short and plain, else `~` and 22 base64url characters of its
 * SHA-256 (JWT subjects such as `auth0|123` or e-mail addresses). A plain owner never starts with `~`, so the two
 * forms cannot collide.
 */
function ownerPart(owner: string): string {
  if (SAFE_OWNER.test(owner)) return owner
  return `~${createHash('sha256').update(owner).digest('base64url').slice(0, 22)}`
}

/** Channel names, built in one place. */
export const channels = {
  ticks: (symbol: string) => `ticks:${symbol}`,
  task: (id: string) => `tasks:${id}`,
  alerts: (owner: string) => `alerts:${ownerPart(owner)}`,
  performance: 'performance',
} as const
