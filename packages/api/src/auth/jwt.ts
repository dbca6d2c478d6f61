import { type Principal, SCOPES, type Scope, UnavailableError } from '@supernova/core'

/** Where JWT bearer tokens come from: a shared HS256 secret (self-hosted) and/or a production issuer's JWKS. */
export interface JwtOptions {
  /** HS256 shared secret (JWT_SECRET). */
  secret?: string
  /** The issuer's JSON Web Key Set (JWT_JWKS_URL); asymmetric algorithms only. */
  jwksUrl?: string
  /** Required `iss` (JWT_ISSUER). */
  issuer?: string
  /** Required `aud` (JWT_AUDIENCE). */
  audience?: string
  /** Scopes of a token that carries no `scope`/`scp` claim at all. */
  defaultScopes?: readonly Scope[]
}

/** The outcome of one token. */
export type JwtCheck =
  | { ok: true; principal: Principal; expiresAt?: number }
  | { ok: false; reason: 'invalid' | 'expired'; message: string }

/** Verifies bearer JWTs into principals. */
export interface JwtVerifier {
  verify(token: string): Promise<JwtCheck>
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']

/** `scope: "read write"` (RFC 8693) or `scp: ["read"]` / `scp: "read write"` (Azure AD, Okta). */
function scopesOf(claims: Record<string, unknown>, fallback: readonly Scope[]): Scope[] {
  const raw = claims.scope ?? claims.scp
  if (raw === undefined) return [...fallback]
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw).split(/\s+/)
  return SCOPES.filter((s) => parts.includes(s))
}

/**
 * Builds the verifier; `jose` loads only here, so deployments without JWT configuration never load it. The JWKS is
 * fetched on first use and cached by jose (10 min, refetched at most every 30 s for an unknown `kid`).
 */
export async function createJwtVerifier(o: JwtOptions): Promise<JwtVerifier> {
  const jose = await import('jose')
  const secret = o.secret ? new TextEncoder().encode(o.secret) : undefined
  const jwks = o.jwksUrl ? jose.createRemoteJWKSet(new URL(o.jwksUrl), { timeoutDuration: 3000 }) : undefined
  const claims = { issuer: o.issuer, audience: o.audience, requiredClaims: ['sub', 'exp'] }
  return {
    async verify(token) {
      try {
        let alg: string | undefined
        try {
          alg = jose.decodeProtectedHeader(token).alg
        } catch {
          return { ok: false, reason: 'invalid', message: 'the token is not a JWT' }
        }
        // The header only picks which key to try; jose still enforces the allowed algorithms of that key.
        let payload: import('jose').JWTPayload
        if (alg === 'HS256' && secret)
          payload = (await jose.jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] })).payload
        else if (alg !== 'HS256' && jwks)
          payload = (await jose.jwtVerify(token, jwks, { ...claims, algorithms: ASYMMETRIC })).payload
        else
          return {
            ok: false,
            reason: 'invalid',
            message: `tokens signed with ${alg ?? 'no algorithm'} are not accepted here`,
          }
        const sub = payload.sub
        if (!sub || sub.length > 255)
          return { ok: false, reason: 'invalid', message: 'the token has no usable sub' }
        const principal: Principal = {
          owner: sub,
          scopes: scopesOf(payload as Record<string, unknown>, o.defaultScopes ?? ['read', 'write']),
          kind: 'jwt',
          ...(payload.jti ? { keyId: payload.jti } : {}),
        }
        return { ok: true, principal, expiresAt: payload.exp ? payload.exp * 1000 : undefined }
      } catch (e) {
        const code = (e as { code?: string }).code
        if (code === 'ERR_JWT_EXPIRED')
          return { ok: false, reason: 'expired', message: 'the token has expired' }
        // The issuer's key set could not be fetched: that is our outage, not a bad token.
        if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC' || code === undefined)
          throw new UnavailableError(
            'The token issuer’s signing keys cannot be fetched right now; try again shortly.',
            {
              cause: e,
            },
          )
        return { ok: false, reason: 'invalid', message: (e as Error).message }
      }
    },
  }
}
