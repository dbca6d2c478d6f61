import { inBackground, reclaimDeadRows, runsNoAutovacuum, type SqlDatabase } from '@supernova/db'
import type { RemoteDriver, RemoteEntry } from './port.ts'

export interface SqlL3Options {
  /** Background sweep of expired rows (default every 60 s; 0 turns it off). The timer is unref'd. */
  sweepIntervalMs?: number
  /** Rows deleted per sweep statement (default 5,000), so a sweep never holds a long lock. */
  sweepBatch?: number
}

const SEP = '\u001f'

/**
 * L3 on the SQL port (table `cache_entries`, migration 010): one upsert per batch (unnest), reads by
 * `key = any($1)`, expired rows ignored and deleted on read and swept in the background.
 *
 * On PGlite, which runs no autovacuum, the sweep also vacuums the table when rows were rewritten or deleted since
 * the last one: every rewrite of an entry (a history is about 140 KB out of line) left the old version as dead
 * space for good, so a long-running embedded server's cache table grew by its churn. Vacuumed, that space is
 * reused by the next writes. It runs in the database's background lane (request statements go first).
 */
export function sqlL3(
  db: SqlDatabase,
  options: SqlL3Options = {},
): RemoteDriver & { sweep(): Promise<number> } {
  const batch = options.sweepBatch ?? 5_000
  const vacuums = runsNoAutovacuum(db)
  let churned = false
  const sweep = async (): Promise<number> => {
    const r = await db.query(
      `delete from cache_entries where key in (
         select key from cache_entries where expires_at < now() limit ${Math.max(1, Math.floor(batch))})`,
      [],
      { name: 'cache.l3.sweep' },
    )
    if (vacuums && (churned || r.rowCount > 0)) {
      churned = false
      await inBackground(() => reclaimDeadRows(db, ['cache_entries'], 'cache.l3.vacuum'))
    }
    return r.rowCount
  }
  let timer: ReturnType<typeof setInterval> | undefined
  const interval = options.sweepIntervalMs ?? 60_000
  if (interval > 0) {
    timer = setInterval(() => {
      sweep().catch(() => {})
    }, interval)
    timer.unref?.()
  }
  return {
    name: 'sql',
    async mget(keys) {
      const r = await db.query<{ key: string; value: string; expires_at: Date }>(
        'select key, value, expires_at from cache_entries where key = any($1::text[])',
        [keys],
        { name: 'cache.l3.get' },
      )
      const now = Date.now()
      const found = new Map<string, string>()
      const expired: string[] = []
      for (const row of r.rows) {
        if (new Date(row.expires_at).getTime() > now) found.set(row.key, row.value)
        else expired.push(row.key)
      }
      if (expired.length) {
        churned = true
        db.query('delete from cache_entries where key = any($1::text[]) and expires_at < now()', [expired], {
          name: 'cache.l3.expire',
        }).catch(() => {})
      }
      return keys.map((k) => found.get(k) ?? null)
    },
    async mset(entries: readonly RemoteEntry[]) {
      // one row per key (last write wins): ON CONFLICT cannot touch the same row twice in one statement
      const last = new Map<string, RemoteEntry>()
      for (const e of entries) last.set(e.key, e)
      const rows = [...last.values()]
      const now = Date.now()
      churned = true // the upsert may rewrite existing keys' rows (which, it does not say): vacuum at the next sweep
      await db.query(
        `insert into cache_entries (key, value, tags, expires_at, updated_at)
         select k, v, case when t = '' then '{}'::text[] else string_to_array(t, E'\\x1f') end, to_timestamp(e / 1000.0), now()
         from unnest($1::text[], $2::text[], $3::text[], $4::float8[]) as u(k, v, t, e)
         on conflict (key) do update set value = excluded.value, tags = excluded.tags,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
        [
          rows.map((e) => e.key),
          rows.map((e) => e.value),
          rows.map((e) => (e.tags ?? []).join(SEP)),
          rows.map((e) => now + e.ttlMs),
        ],
        { name: 'cache.l3.set' },
      )
    },
    async delete(keys) {
      if (!keys.length) return
      churned = true
      await db.query('delete from cache_entries where key = any($1::text[])', [keys], {
        name: 'cache.l3.delete',
      })
    },
    async deleteByTags(tags) {
      if (!tags.length) return
      churned = true
      await db.query('delete from cache_entries where tags && $1::text[]', [tags], {
        name: 'cache.l3.delete_tags',
      })
    },
    sweep,
    async close() {
      if (timer) clearInterval(timer)
    },
  }
}
