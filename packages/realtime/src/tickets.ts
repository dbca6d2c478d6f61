import { createHmac, timingSafeEqual } from 'node:crypto'

/** What a ticket lets its holder do: channel patterns it may subscribe to (`ticks:*`, `tasks:task_…`, `performance`). */
export interface Capability {
  subscribe: string[]
}

/** A verified ticket's claims. */
export interface TicketClaims extends Capability {
  /** Expiry, epoch milliseconds. */
  exp: number
  /** Who holds it (API key id or owner): the hub limits connections per key. */
  key?: string
}

/** Why a ticket was refused: forged/garbled, or past its expiry. */
export type TicketProblem = 'invalid' | 'expired'

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url')

/** Signs and verifies hub tickets: base64url(JSON claims) + '.' + base64url(HMAC-SHA256), so any instance with the secret can check them. */
export function ticketSigner(secret: string, now: () => number = Date.now) {
  const mac = (body: string) => createHmac('sha256', secret).update(body).digest()
  return {
    /** A ticket carrying `capability`, valid for `ttlMs`. */
    issue(capability: Capability & { key?: string }, ttlMs: number): { ticket: string; expiresAt: number } {
      const exp = now() + ttlMs
      const { subscribe, key } = capability
      const body = b64(JSON.stringify(key === undefined ? { subscribe, exp } : { subscribe, exp, key }))
      return { ticket: `${body}.${b64(mac(body))}`, expiresAt: exp }
    },
    /** The claims of a genuine, unexpired ticket, or the problem with it. */
    verify(ticket: string): { ok: true; claims: TicketClaims } | { ok: false; problem: TicketProblem } {
      const dot = ticket.indexOf('.')
      if (dot <= 0) return { ok: false, problem: 'invalid' }
      const body = ticket.slice(0, dot)
      const sig = Buffer.from(ticket.slice(dot + 1), 'base64url')
      const want = mac(body)
      if (sig.length !== want.length || !timingSafeEqual(sig, want)) return { ok: false, problem: 'invalid' }
      let claims: TicketClaims
      try {
        claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketClaims
      } catch {
        return { ok: false, problem: 'invalid' }
      }
      if (
        typeof claims.exp !== 'number' ||
        !Array.isArray(claims.subscribe) ||
        (claims.key !== undefined && typeof claims.key !== 'string')
      )
        return { ok: false, problem: 'invalid' }
      if (claims.exp <= now()) return { ok: false, problem: 'expired' }
      return { ok: true, claims }
    },
  }
}

/** A ticket signer (see ticketSigner). */
export type TicketSigner = ReturnType<typeof ticketSigner>

/** Whether `channel` is matched by one of the capability's patterns (exact, or a prefix ending in `*`). */
export function capabilityAllows(patterns: readonly string[], channel: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? channel.startsWith(p.slice(0, -1)) : p === channel))
}
