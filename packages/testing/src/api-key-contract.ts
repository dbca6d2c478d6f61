import { apiKeyRepository, hashApiKey, migrate, type SqlDatabase } from '@supernova/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The API key repository against one database adapter: keys shown once and stored hashed, verification with the
 * reason for a refusal, listing without secrets, revocation, rotation with an overlap, and the "any active key"
 * probe that ends local mode. Expiry is moved with SQL rather than waited for.
 */
export function describeApiKeyRepository(
  name: string,
  make: () => Promise<{ db: SqlDatabase; cleanup?: () => Promise<void> }>,
) {
  describe(`API key repository: ${name}`, () => {
    let db: SqlDatabase
    let cleanup: (() => Promise<void>) | undefined
    let keys: ReturnType<typeof apiKeyRepository>
    beforeAll(async () => {
      ;({ db, cleanup } = await make())
      await migrate(db)
      keys = apiKeyRepository(db)
    }, 120_000)
    afterAll(async () => {
      await db.close()
      await cleanup?.()
    })
    const expire = (id: string) =>
      db.query("update api_keys set expires_at = now() - interval '1 second' where id = $1", [id])

    it('issues a key once, stores only its hash, and verifies it to its owner and scopes', async () => {
      expect(await keys.hasActive()).toBe(false)
      const { key, record } = await keys.create({ owner: 'alice', scopes: ['read', 'write'], name: 'ci' })
      expect(key).toMatch(new RegExp(`^snk_${record.id}_[A-Za-z0-9]{43}$`))
      const stored = await db.query<{ secret_hash: string }>(
        'select secret_hash from api_keys where id = $1',
        [record.id],
      )
      expect(stored.rows[0]?.secret_hash).toBe(hashApiKey(key))
      expect(JSON.stringify(stored.rows)).not.toContain(key.slice(18))
      const ok = await keys.verify(key)
      expect(ok).toMatchObject({
        ok: true,
        key: { id: record.id, owner: 'alice', scopes: ['read', 'write'] },
      })
      expect(ok.ok && ok.key.lastUsedAt).toBeInstanceOf(Date)
      expect(await keys.hasActive()).toBe(true)
      const accounts = await db.query<{ id: string }>('select id from accounts order by id')
      expect(accounts.rows.map((r) => r.id)).toEqual(['alice', 'local'])
    })

    it('refuses unknown, malformed, tampered, expired and revoked keys, saying which', async () => {
      const { key, record } = await keys.create({ owner: 'bob', scopes: ['read'] })
      expect(await keys.verify('snk_nope')).toEqual({ ok: false, reason: 'invalid' })
      expect(await keys.verify(`${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`)).toEqual({
        ok: false,
        reason: 'invalid',
      })
      await expire(record.id)
      expect(await keys.verify(key)).toMatchObject({ ok: false, reason: 'expired', key: { id: record.id } })
      const other = await keys.create({ owner: 'bob', scopes: ['read'] })
      const revoked = await keys.revoke(other.record.id)
      expect(revoked.revokedAt).toBeInstanceOf(Date)
      expect((await keys.revoke(other.record.id)).revokedAt).toEqual(revoked.revokedAt)
      expect(await keys.verify(other.key)).toMatchObject({ ok: false, reason: 'revoked' })
      await expect(keys.revoke('zzzzzzzzzzzz')).rejects.toMatchObject({ code: 'not_found' })
    })

    it('rotates with an overlap: both keys work within it, the old one not after', async () => {
      const { key: old, record } = await keys.create({
        owner: 'carol',
        scopes: ['read', 'write', 'admin'],
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
      })
      const next = await keys.rotate(record.id, { overlapMs: 3_600_000 })
      expect(next.record).toMatchObject({
        owner: 'carol',
        scopes: ['read', 'write', 'admin'],
        rotatedFrom: record.id,
      })
      expect(next.record.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000)
      const cut = (await keys.get(record.id))!.expiresAt!.getTime()
      expect(cut).toBeLessThanOrEqual(Date.now() + 3_600_000 + 60_000)
      expect(cut).toBeGreaterThan(Date.now() + 3_500_000)
      expect((await keys.verify(old)).ok).toBe(true)
      expect((await keys.verify(next.key)).ok).toBe(true)
      await expire(record.id)
      expect(await keys.verify(old)).toMatchObject({ ok: false, reason: 'expired' })
      expect((await keys.verify(next.key)).ok).toBe(true)
      // a zero overlap ends the old key at once
      const again = await keys.rotate(next.record.id, { overlapMs: 0 })
      expect(await keys.verify(next.key)).toMatchObject({ ok: false, reason: 'expired' })
      expect((await keys.verify(again.key)).ok).toBe(true)
      await keys.revoke(again.record.id)
      await expect(keys.rotate(again.record.id, { overlapMs: 0 })).rejects.toMatchObject({
        code: 'validation_error',
      })
    })

    it('lists without secrets, by owner, and validates owners and scopes', async () => {
      const all = await keys.list()
      expect(all.length).toBeGreaterThanOrEqual(5)
      expect(JSON.stringify(all)).not.toMatch(/secret|snk_/)
      expect((await keys.list({ owner: 'carol' })).every((k) => k.owner === 'carol')).toBe(true)
      await expect(keys.create({ owner: 'no spaces', scopes: ['read'] })).rejects.toMatchObject({
        code: 'validation_error',
      })
      await expect(keys.create({ owner: 'dave', scopes: [] })).rejects.toMatchObject({
        code: 'validation_error',
      })
    })

    it('has no active key once every key is revoked or expired', async () => {
      for (const k of await keys.list()) if (!k.revokedAt) await keys.revoke(k.id)
      expect(await keys.hasActive()).toBe(false)
    })
  })
}
