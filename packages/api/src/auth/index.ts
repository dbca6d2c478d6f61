export { adminKeyRoutes, DEFAULT_ROTATION_OVERLAP_MS, keyView } from './admin-routes.ts'
export type {
  ApiKeyVerifier,
  Authenticator,
  AuthenticatorOptions,
  AuthFailure,
  AuthResult,
  Credential,
} from './authenticator.ts'
export { AUTH_CACHE_TTL_MS, createAuthenticator } from './authenticator.ts'
export type { JwtCheck, JwtOptions, JwtVerifier } from './jwt.ts'
export { createJwtVerifier } from './jwt.ts'
export type { AuthOutcome } from './middleware.ts'
export { authenticate, credentialOf, requiredScope } from './middleware.ts'
