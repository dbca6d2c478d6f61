import { createHash, timingSafeEqual } from 'node:crypto'
import { LOCAL_PRINCIPAL, type Principal, parseApiKey } from '@supernova/core'
import type { ApiKeyCheck } from '@supernova/db'
import { LRUCache } from 'lru-cache'
import type { JwtVerifier } from './jwt.ts'

/** How a request presented itself: an API key (X-API-Key) or a bearer token (API key or JWT). */
export interface Credential {
  scheme: 'api-key' | 'bearer'
  text: string
}

/** Why a request was refused; each is a label of the `auth_requests_total` counter with `ok` and `forbidden`. */
export type AuthFailure = 'missing' | 'invalid' | 'expired' | 'revoked'

/** The principal, or why there is none with a message the caller can act on. */
export type AuthResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: AuthFailure; message: string; keyId?: string }

/** The part of the API key repository authentication needs. */
export interface ApiKeyVerifier {
  verify(text: string): Promise<ApiKeyCheck>
  hasActive(): Promise<boolean>
}

/** Resolves credentials to principals and decides local mode. */
export interface Authenticator {
  authenticate(credential: Credential | undefined): Promise<AuthResult>
  /** True while requests without credentials act as the local owner (loopback, no keys, no JWT). */
  localMode(): Promise<boolean>
  /** Keys were created, rotated or revoked: forget cached keys and re-evaluate local mode now. */
  changed(): void
  /** Whether JWT bearer tokens are configured. */
  readonly jwt: boolean
}

/** Default lifetime of a verified key in the cache (and of the local-mode decision). */
export const AUTH_CACHE_TTL_MS = 5000

export interface AuthenticatorOptions {
  keys?: ApiKeyVerifier
  jwt?: JwtVerifier
  /** The server listens on loopback only (not Lambda): without keys or JWT, requests act as the local owner. */
  allowLocal: boolean
  /** OPERATOR_KEY: presented as a user credential it acts as the operator (owner 'operator', every scope). */
  operatorKey?: string
  /**
   * How long a verified key or token stays cached (default 5 s): authentication costs one hash and a map
   * lookup instead of a database round trip, and a revocation made on another instance takes effect within this
   * time (on this instance at once). The local-mode decision is re-read as often.
   */
  cacheTtlMs?: number
  cacheMax?: number
}

const OPERATOR: Principal = Object.freeze({
  owner: 'operator',
  scopes: Object.freeze(['read', 'write', 'admin'] as const),
  kind: 'operator',
})
const digest = (s: string) => createHash('sha256').update(s).digest()
const shown = (id: string) => `snk_${id}_…`
const when = (d: Date | null | undefined) => (d ? ` at ${d.toISOString()}` : '')

/** Builds the authenticator over the API key store and an optional JWT verifier. */
export function createAuthenticator(o: AuthenticatorOptions): Authenticator {
  const ttl = o.cacheTtlMs ?? AUTH_CACHE_TTL_MS
  const cache = new LRUCache<string, { principal: Principal; until: number }>({
    max: o.cacheMax ?? 10_000,
    ttl: Math.max(1, ttl),
  })
  const operator = o.operatorKey ? digest(o.operatorKey) : undefined
  let local: { value: boolean; at: number } | undefined
  let pending: Promise<boolean> | undefined

  async function readLocal(): Promise<boolean> {
    if (!o.allowLocal || o.jwt) return false
    if (local && Date.now() - local.at < ttl) return local.value
    pending ??= (async () => {
      try {
        const value = !(await o.keys?.hasActive())
        local = { value, at: Date.now() }
        return value
      } finally {
        pending = undefined
      }
    })()
    return pending
  }

  // A TTL of 0 turns the cache off (every request verifies against the database).
  const remember = (cacheKey: string, principal: Principal, expiresAt: number | undefined) => {
    if (ttl > 0) cache.set(cacheKey, { principal, until: expiresAt ?? Number.POSITIVE_INFINITY })
  }

  async function apiKey(text: string, cacheKey: string): Promise<AuthResult> {
    if (!o.keys || !parseApiKey(text))
      return {
        ok: false,
        reason: 'invalid',
        message:
          'The API key is not valid: check that it was copied whole (keys look like snk_<12 characters>_<secret>).',
      }
    const r = await o.keys.verify(text)
    if (r.ok) {
      const k = r.key
      const principal: Principal = { owner: k.owner, scopes: k.scopes, kind: 'api-key', keyId: k.id }
      remember(cacheKey, principal, k.expiresAt?.getTime())
      return { ok: true, principal }
    }
    if (r.reason === 'invalid')
      return {
        ok: false,
        reason: 'invalid',
        message: 'The API key is not recognised: check that it was copied whole and that it was not deleted.',
      }
    const k = r.key
    return r.reason === 'revoked'
      ? {
          ok: false,
          reason: 'revoked',
          keyId: k.id,
          message: `The API key ${shown(k.id)} was revoked${when(k.revokedAt)}; ask an administrator for a new key.`,
        }
      : {
          ok: false,
          reason: 'expired',
          keyId: k.id,
          message: `The API key ${shown(k.id)} expired${when(k.expiresAt)}; use the key that replaced it if it was rotated, or ask an administrator for a new one.`,
        }
  }

  async function token(text: string, cacheKey: string): Promise<AuthResult> {
    if (!o.jwt)
      return {
        ok: false,
        reason: 'invalid',
        message:
          'This server does not accept JWT bearer tokens (its operator has set neither JWT_SECRET nor JWT_JWKS_URL); send an API key.',
      }
    const r = await o.jwt.verify(text)
    if (!r.ok)
      return r.reason === 'expired'
        ? {
            ok: false,
            reason: 'expired',
            message: 'The bearer token has expired; sign in again to get a new one.',
          }
        : {
            ok: false,
            reason: 'invalid',
            message: `The bearer token is not valid (${r.message}); sign in again.`,
          }
    remember(cacheKey, r.principal, r.expiresAt)
    return { ok: true, principal: r.principal }
  }

  return {
    jwt: !!o.jwt,
    localMode: readLocal,
    changed() {
      cache.clear()
      local = undefined
    },
    async authenticate(credential) {
      const given = credential && credential.text !== '' ? credential.text : undefined
      const hash = given === undefined ? undefined : digest(given)
      if (hash && operator && timingSafeEqual(hash, operator)) return { ok: true, principal: OPERATOR }
      // Local mode is "every request acts as the local owner": with no key or JWT that could verify, whatever a
      // caller sends (a stale key, a placeholder token) changes nothing.
      if (await readLocal()) return { ok: true, principal: LOCAL_PRINCIPAL }
      if (!given || !hash)
        return {
          ok: false,
          reason: 'missing',
          message:
            'This API needs credentials: send "Authorization: Bearer <API key or token>" or "X-API-Key: <API key>". ' +
            'An administrator creates keys with "npm run keys -- create --owner NAME --scopes read,write".',
        }
      const cacheKey = hash.toString('hex')
      const hit = cache.get(cacheKey)
      // A cached entry never outlives the key's or token's own expiry.
      if (hit && hit.until > Date.now()) return { ok: true, principal: hit.principal }
      if (credential?.scheme === 'api-key' || given.startsWith('snk_')) return apiKey(given, cacheKey)
      return token(given, cacheKey)
    },
  }
}
