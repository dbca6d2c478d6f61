import { createHash, randomBytes } from 'node:crypto'
import {
  API_KEY_ID_LENGTH,
  formatApiKey,
  NotFoundError,
  OWNER_ID,
  parseApiKey,
  type Scope,
  ValidationError,
} from '@supernova/core'
import type { SqlDatabase } from '../port.ts'

/** A stored key as admins see it: never the secret, which is shown once at creation. */
export interface ApiKeyRecord {
  id: string
  owner: string
  name: string | null
  scopes: Scope[]
  createdAt: Date
  expiresAt: Date | null
  revokedAt: Date | null
  lastUsedAt: Date | null
  rotatedFrom: string | null
}

/** What a presented key turned out to be; `key` is set when the id and secret matched a stored key. */
export type ApiKeyCheck =
  | { ok: true; key: ApiKeyRecord }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired' | 'revoked'; key: ApiKeyRecord }

/** A new key: the text to hand over once, and its record. */
export interface IssuedApiKey {
  key: string
  record: ApiKeyRecord
}

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** Uniform characters from the CSPRNG (rejection sampling, no modulo bias). */
function randomText(length: number, alphabet: string): string {
  let out = ''
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b >= 256 - (256 % alphabet.length)) continue
      out += alphabet[b % alphabet.length]
      if (out.length === length) break
    }
  }
  return out
}

/**
 * SHA-256 of the whole key. API keys carry 43 random base-62 characters (about 256 bits), so nobody can guess or
 * brute-force one from its hash: the slow, salted hashes passwords need (bcrypt, scrypt, argon2) protect
 * low-entropy secrets and would add tens of milliseconds to every request for nothing here. This is what GitHub,
 * Stripe and others do for tokens: a fast hash, compared by equality in the database.
 */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex')

const COLUMNS = `id, owner, name, scopes, created_at as "createdAt", expires_at as "expiresAt",
  revoked_at as "revokedAt", last_used_at as "lastUsedAt", rotated_from as "rotatedFrom"`

function requireOwner(owner: string) {
  if (!OWNER_ID.test(owner))
    throw new ValidationError(`Invalid owner '${owner}': use 1-64 letters, digits, '_', '.' or '-'.`, {
      details: [{ field: 'owner', message: 'letters, digits, _ . - (1-64)' }],
    })
}

/** Accounts and their API keys: issue (shown once), verify, list, revoke and rotate with an overlap. */
export function apiKeyRepository(db: SqlDatabase) {
  const newKey = () => {
    const id = randomText(API_KEY_ID_LENGTH, ALPHANUM.slice(0, 26) + ALPHANUM.slice(52))
    const key = formatApiKey(id, randomText(43, ALPHANUM))
    return { id, key, hash: hashApiKey(key) }
  }
  const insert = (
    k: { id: string; hash: string },
    o: { owner: string; scopes: readonly Scope[]; name?: string | null; expiresAt?: Date | null },
    rotatedFrom: string | null,
  ) => ({
    text: `insert into api_keys (id, owner, name, secret_hash, scopes, expires_at, rotated_from)
           values ($1, $2, $3, $4, $5::text[], $6, $7)`,
    params: [k.id, o.owner, o.name ?? null, k.hash, [...o.scopes], o.expiresAt ?? null, rotatedFrom],
    name: 'api_keys.insert',
  })
  const repo = {
    /** Creates the owner's account if needed, then a key; the returned text is the only copy of the secret. */
    async create(o: {
      owner: string
      scopes: readonly Scope[]
      name?: string | null
      expiresAt?: Date | null
    }): Promise<IssuedApiKey> {
      requireOwner(o.owner)
      if (o.scopes.length === 0)
        throw new ValidationError('A key needs at least one scope (read, write or admin).', {
          details: [{ field: 'scopes', message: 'at least one of read, write, admin' }],
        })
      const k = newKey()
      await db.batch([
        {
          text: 'insert into accounts (id) values ($1) on conflict (id) do nothing',
          params: [o.owner],
          name: 'accounts.ensure',
        },
        insert(k, o, null),
      ])
      return { key: k.key, record: (await repo.get(k.id))! }
    },

    async get(id: string): Promise<ApiKeyRecord | undefined> {
      const r = await db.query<ApiKeyRecord>(`select ${COLUMNS} from api_keys where id = $1`, [id], {
        name: 'api_keys.get',
      })
      return r.rows[0]
    },

    /**
     * Checks a presented key. The happy path is one statement that also stamps last_used_at; the reason for a
     * refusal (expired, revoked) is read only when that finds nothing. Times come from the database's clock,
     * so every instance agrees on expiry.
     */
    async verify(text: string): Promise<ApiKeyCheck> {
      const parts = parseApiKey(text)
      if (!parts) return { ok: false, reason: 'invalid' }
      const hash = hashApiKey(text)
      const hit = await db.query<ApiKeyRecord>(
        `update api_keys set last_used_at = now()
         where id = $1 and secret_hash = $2 and revoked_at is null and (expires_at is null or expires_at > now())
         returning ${COLUMNS}`,
        [parts.id, hash],
        { name: 'api_keys.verify' },
      )
      if (hit.rows[0]) return { ok: true, key: hit.rows[0] }
      const miss = await db.query<ApiKeyRecord & { revoked: boolean }>(
        `select ${COLUMNS}, revoked_at is not null as revoked from api_keys where id = $1 and secret_hash = $2`,
        [parts.id, hash],
        { name: 'api_keys.verify_reason' },
      )
      const row = miss.rows[0]
      if (!row) return { ok: false, reason: 'invalid' }
      const { revoked, ...key } = row
      return { ok: false, reason: revoked ? 'revoked' : 'expired', key }
    },

    /** Keys, newest first, optionally of one owner; revoked and expired ones included (they say so). */
    async list(q: { owner?: string; limit?: number } = {}): Promise<ApiKeyRecord[]> {
      const r = await db.query<ApiKeyRecord>(
        `select ${COLUMNS} from api_keys where ($1::text is null or owner = $1)
         order by created_at desc, id desc limit $2`,
        [q.owner ?? null, q.limit ?? 1000],
        { name: 'api_keys.list' },
      )
      return r.rows
    },

    /** Whether any key can still authenticate: local mode ends once one does. */
    async hasActive(): Promise<boolean> {
      const r = await db.query<{ active: boolean }>(
        `select exists (select 1 from api_keys where revoked_at is null and (expires_at is null or expires_at > now()))
           as active`,
        [],
        { name: 'api_keys.any_active' },
      )
      return r.rows[0]?.active === true
    },

    /** Revokes a key at once (a second revoke keeps the first time); unknown ids are a 404. */
    async revoke(id: string): Promise<ApiKeyRecord> {
      const r = await db.query<ApiKeyRecord>(
        `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning ${COLUMNS}`,
        [id],
        { name: 'api_keys.revoke' },
      )
      if (!r.rows[0]) throw new NotFoundError(`API key '${id}' does not exist.`)
      return r.rows[0]
    },

    /**
     * Issues a successor with the same owner, scopes and name, and cuts the old key's expiry to now + overlap
     * (never later than it already was), so clients can switch over without an outage. Both in one atomic batch.
     * The successor lives as long as the old key was meant to (from creation to expiry), unless `expiresAt` says.
     */
    async rotate(id: string, o: { overlapMs: number; expiresAt?: Date | null }): Promise<IssuedApiKey> {
      const old = await repo.get(id)
      if (!old) throw new NotFoundError(`API key '${id}' does not exist.`)
      if (old.revokedAt) throw new ValidationError(`API key '${id}' is revoked; create a new key instead.`)
      const lifetime = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : undefined
      const expiresAt =
        o.expiresAt !== undefined
          ? o.expiresAt
          : lifetime !== undefined
            ? new Date(Date.now() + lifetime)
            : null
      const k = newKey()
      await db.batch([
        insert(k, { owner: old.owner, scopes: old.scopes, name: old.name, expiresAt }, id),
        {
          text: `update api_keys set expires_at = least(coalesce(expires_at, 'infinity'), now() + $2 * interval '1 millisecond')
                 where id = $1`,
          params: [id, Math.max(0, Math.round(o.overlapMs))],
          name: 'api_keys.rotate_old',
        },
      ])
      return { key: k.key, record: (await repo.get(k.id))! }
    },
  }
  return repo
}

export type ApiKeyRepository = ReturnType<typeof apiKeyRepository>
