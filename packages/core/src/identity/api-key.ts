import { ValidationError } from '../errors.ts'
import type { Scope } from './principal.ts'

/** Every scope, in the order they imply each other (admin > write > read). */
export const SCOPES = ['read', 'write', 'admin'] as const satisfies readonly Scope[]

/** What every API key starts with, so leaked keys are recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'snk_'
/** Length of the public id inside a key (`snk_<id>_<secret>`). */
export const API_KEY_ID_LENGTH = 12

const ID = /^[a-z0-9]{12}$/
const SECRET = /^[A-Za-z0-9]{32,128}$/
/** Owner ids an administrator may create keys for: the characters realtime channel names allow (`alerts:{owner}`). */
export const OWNER_ID = /^[A-Za-z0-9_.-]{1,64}$/

/** The one builder of the key text; parseApiKey is its inverse. */
export function formatApiKey(id: string, secret: string): string {
  return `${API_KEY_PREFIX}${id}_${secret}`
}

/** Splits `snk_<id>_<secret>` into its parts, or undefined for anything that is not shaped like a key. */
export function parseApiKey(text: string): { id: string; secret: string } | undefined {
  if (!text.startsWith(API_KEY_PREFIX)) return undefined
  const id = text.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + API_KEY_ID_LENGTH)
  const sep = text[API_KEY_PREFIX.length + API_KEY_ID_LENGTH]
  const secret = text.slice(API_KEY_PREFIX.length + API_KEY_ID_LENGTH + 1)
  if (sep !== '_' || !ID.test(id) || !SECRET.test(secret)) return undefined
  return { id, secret }
}

/** Whether `text` is a public key id (`abc123def456`). */
export const isApiKeyId = (text: string): boolean => ID.test(text)

/** Parses `read,write` (commas or spaces) into scopes; an unknown or empty list is a ValidationError. */
export function parseScopes(text: string): Scope[] {
  const parts = text.split(/[\s,]+/).filter(Boolean)
  const bad = parts.filter((p) => !(SCOPES as readonly string[]).includes(p))
  if (parts.length === 0 || bad.length > 0)
    throw new ValidationError(
      `Scopes must be a list of ${SCOPES.join(', ')}${bad.length ? ` (got '${bad.join("', '")}')` : ''}.`,
      { details: [{ field: 'scopes', message: `one or more of ${SCOPES.join(', ')}` }] },
    )
  return SCOPES.filter((s) => parts.includes(s))
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 }

/** Parses a lifetime such as `90s`, `15m`, `12h`, `30d`, `8w`, `1y` into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d{1,6})([smhdwy])$/.exec(text.trim())
  if (!m || Number(m[1]) === 0)
    throw new ValidationError(
      `Invalid duration '${text}': expected a number and a unit, such as 30d or 12h.`,
      {
        details: [{ field: 'expires', message: 'a positive number followed by s, m, h, d, w or y' }],
      },
    )
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]
}
