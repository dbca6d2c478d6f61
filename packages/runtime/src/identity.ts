import {
  type AppDeps,
  createAuthenticator,
  createJwtVerifier,
  DEFAULT_ROTATION_OVERLAP_MS,
} from '@supernova/api'
import { parseDuration, parseScopes } from '@supernova/core'
import { apiKeyRepository, type SqlDatabase } from '@supernova/db'
import type { Config } from './config.ts'

type Identity = NonNullable<AppDeps['identity']>

/** Loopback addresses: only this machine can reach a server bound to one. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h)
}

/** Raised when the server would accept requests from other machines with no way to authenticate them. */
export class StartupRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StartupRefusedError'
  }
}

/** The identity wiring of test apps and buildAppDeps: API keys in the database, local mode while there are none. */
export function localIdentity(db: SqlDatabase, operatorKey?: string): Identity {
  const keys = apiKeyRepository(db)
  return { keys, auth: createAuthenticator({ keys, allowLocal: true, operatorKey }) }
}

/**
 * The identity createDeps wires: API keys, JWTs when JWT_* are set, and local mode only when the server listens on
 * loopback (never on Lambda, which is reachable from anywhere). Returns the start-up line describing it.
 */
export async function createIdentityFor(
  config: Config,
  db: SqlDatabase,
): Promise<{ identity: Identity; description: string }> {
  const keys = apiKeyRepository(db)
  const jwtMode = [
    config.JWT_SECRET && 'HS256 shared secret',
    config.JWT_JWKS_URL && `JWKS ${config.JWT_JWKS_URL}`,
  ]
    .filter(Boolean)
    .join(' + ')
  const jwt = jwtMode
    ? await createJwtVerifier({
        secret: config.JWT_SECRET,
        jwksUrl: config.JWT_JWKS_URL,
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        defaultScopes: parseScopes(config.JWT_DEFAULT_SCOPES),
      })
    : undefined
  // Behind a trusted proxy other machines' traffic arrives over loopback, so local mode would serve them anonymously.
  const allowLocal = config.shape !== 'lambda' && isLoopbackHost(config.HOST) && !config.TRUST_PROXY
  const auth = createAuthenticator({
    keys,
    jwt,
    allowLocal,
    operatorKey: config.OPERATOR_KEY,
    cacheTtlMs: config.AUTH_CACHE_TTL_MS,
  })
  const identity: Identity = {
    keys,
    auth,
    rotationOverlapMs: config.AUTH_ROTATION_OVERLAP
      ? parseDuration(config.AUTH_ROTATION_OVERLAP)
      : DEFAULT_ROTATION_OVERLAP_MS,
  }
  const description = (await auth.localMode())
    ? `local mode: no API keys or JWT configured, every request acts as owner 'local' (loopback only; ends once a key exists: npm run keys -- create --owner NAME --scopes read,write)`
    : `API keys${jwtMode ? ` + JWT (${jwtMode})` : ''}, verified keys cached ${config.AUTH_CACHE_TTL_MS} ms`
  return { identity, description }
}

/**
 * Refuses to serve other machines anonymously: bound beyond loopback (or on Lambda) with no active API key and no
 * JWT configuration, start-up stops here and says exactly what to set.
 */
export async function requireAuthentication(config: Config, identity: Identity): Promise<void> {
  if (identity.auth.jwt || (await identity.keys.hasActive())) return
  if (config.shape !== 'lambda' && isLoopbackHost(config.HOST) && !config.TRUST_PROXY) return
  const where =
    config.shape === 'lambda'
      ? 'on AWS Lambda'
      : config.TRUST_PROXY
        ? `behind a proxy (TRUST_PROXY=${config.TRUST_PROXY}) that forwards other machines' requests`
        : `on ${config.HOST}, reachable from other machines,`
  throw new StartupRefusedError(
    `SuperNova will not start ${where} with no way to authenticate callers (no API keys, no JWT configuration). Do one of:\n` +
      '  - create an API key first: npm run keys -- create --owner NAME --scopes read,write,admin (same DATABASE_URL or SUPERNOVA_DATA_DIR)\n' +
      '  - set JWT_SECRET (32+ random characters) to accept HS256 tokens from your own sign-in service\n' +
      '  - set JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE to accept tokens from an identity provider' +
      (config.shape === 'lambda' ? '' : '\n') +
      (config.shape === 'lambda'
        ? ''
        : '  - or listen on loopback only (HOST=127.0.0.1), where requests without keys act as the local owner'),
  )
}
