/** What a caller may do: read resources, write its own, or administer keys and accounts. */
export type Scope = 'read' | 'write' | 'admin'

/** How the caller proved who it is. `local` is the no-setup quick start on a loopback address. */
export type PrincipalKind = 'local' | 'api-key' | 'jwt' | 'operator'

/**
 * Who is calling. Every user-owned resource (profiles, watchlists, alert rules, tasks, realtime capabilities)
 * stores `owner`; another owner's id answers 404, never 403, so ids do not leak.
 */
export interface Principal {
  owner: string
  scopes: readonly Scope[]
  kind: PrincipalKind
  /** The API key's public id (its prefix), or the JWT's `jti`, when there is one: rate limits key on it. */
  keyId?: string
}

/** The owner every request acts as when no keys are configured and the server listens on loopback only. */
export const LOCAL_OWNER = 'local'

/** The quick start's principal: one local owner with every scope. */
export const LOCAL_PRINCIPAL: Principal = Object.freeze({
  owner: LOCAL_OWNER,
  scopes: Object.freeze(['read', 'write', 'admin'] as const),
  kind: 'local',
})

/** True when the principal holds `scope` (admin implies write, write implies read). */
export function hasScope(p: Principal, scope: Scope): boolean {
  if (p.scopes.includes('admin')) return true
  if (scope === 'read') return p.scopes.includes('read') || p.scopes.includes('write')
  return p.scopes.includes(scope)
}
