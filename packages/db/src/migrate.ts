import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError } from '@supernova/core'
import type { SqlDatabase } from './port.ts'

export interface Migration {
  version: number
  name: string
  sql: string
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations')
/** Advisory lock key shared by every process migrating the same database. */
const LOCK_KEY = 727_405_113

/** Reads `NNN_name.sql` files in version order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .map((f) => {
      const [, v, name] = /^(\d+)_([\w-]+)\.sql$/.exec(f)!
      return { version: Number(v), name: name!, sql: readFileSync(join(dir, f), 'utf8') }
    })
    .sort((a, b) => a.version - b.version)
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex').slice(0, 16)

function dollarTag(sql: string): string {
  let tag = 'm'
  while (sql.includes(`$${tag}$`)) tag += 'x'
  return `$${tag}$`
}

/**
 * Applies pending migrations. Each one runs as a single DO statement that takes a transaction-scoped advisory
 * lock, re-checks the record table and applies + records the migration atomically, so two processes starting
 * at once (or a second run) never apply one twice. One statement per migration also works over Neon HTTP.
 * Returns the versions this run applied.
 */
export async function migrate(
  db: SqlDatabase,
  migrations: Migration[] = loadMigrations(),
): Promise<number[]> {
  const applied = new Map<number, string>()
  const existing = await db.query<{ exists: boolean }>(
    "select to_regclass('schema_migrations') is not null as exists",
    [],
    { name: 'migrations.check' },
  )
  if (existing.rows[0]?.exists) {
    const r = await db.query<{ version: number; checksum: string }>(
      'select version, checksum from schema_migrations',
      [],
      { name: 'migrations.list' },
    )
    for (const row of r.rows) applied.set(row.version, row.checksum)
  }
  const runId = randomUUID()
  let attempted = false
  for (const m of migrations) {
    const sum = checksum(m.sql)
    const prior = applied.get(m.version)
    if (prior !== undefined) {
      if (prior !== sum)
        throw new AppError(
          'internal_error',
          `Migration ${m.version}_${m.name} changed after it was applied (checksum ${prior} -> ${sum}); add a new migration instead.`,
        )
      continue
    }
    const tag = dollarTag(m.sql)
    const lit = (s: string) => `'${s.replaceAll("'", "''")}'`
    await db.query(
      `DO $supernova_migrate$
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_KEY});
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_by text,
    applied_at timestamptz NOT NULL DEFAULT now());
  IF NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ${m.version}) THEN
    EXECUTE ${tag}${m.sql}${tag};
    INSERT INTO schema_migrations (version, name, checksum, applied_by) VALUES (${m.version}, ${lit(m.name)}, ${lit(sum)}, ${lit(runId)});
  END IF;
END
$supernova_migrate$`,
      [],
      { name: 'migrations.apply' },
    )
    attempted = true
  }
  if (!attempted) return []
  // Another process may have won the lock for some versions: report only what this run applied.
  const mine = await db.query<{ version: number }>(
    'select version from schema_migrations where applied_by = $1 order by version',
    [runId],
    { name: 'migrations.mine' },
  )
  return mine.rows.map((r) => r.version)
}
