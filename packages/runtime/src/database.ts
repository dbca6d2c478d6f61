import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import {
  createNeonHttpDatabase,
  createNeonWsDatabase,
  createPgDatabase,
  createPgliteDatabase,
  createPgliteWorkerDatabase,
  DataDirInUseError,
  lockDataDir,
  migrate,
  type SqlDatabase,
  seedSampleData,
} from '@supernova/db'
import { type Config, ConfigError } from './config.ts'

/**
 * Opens the configured database; each factory loads its driver on this call, so the others never load.
 * `openThread` opens PGlite on its worker thread (replaced by tests to make the thread fail to start).
 */
export async function openDatabase(
  config: Config,
  openThread: (dataDir: string) => Promise<SqlDatabase> = (dataDir) =>
    createPgliteWorkerDatabase({ dataDir }),
): Promise<{ db: SqlDatabase; description: string }> {
  switch (config.databaseDriver) {
    case 'pglite': {
      const dir = resolve(join(config.SUPERNOVA_DATA_DIR, 'pgdata'))
      // one process per folder: a second one corrupts it (lockDataDir); released when the database closes
      const release = lockFolder(dir)
      try {
        const opened = await openPglite(config, dir, openThread)
        const close = opened.db.close.bind(opened.db)
        opened.db.close = async () => {
          try {
            await close()
          } finally {
            release()
          }
        }
        return opened
      } catch (err) {
        release()
        throw err
      }
    }
    case 'pg':
      return {
        db: await createPgDatabase({ connectionString: config.DATABASE_URL!, max: config.DATABASE_POOL_MAX }),
        description: 'pg (PostgreSQL over TCP)',
      }
    case 'neon-http':
      return {
        db: await createNeonHttpDatabase({ connectionString: config.DATABASE_URL! }),
        description: 'neon-http (SQL over HTTPS)',
      }
    case 'neon-ws':
      return {
        db: await createNeonWsDatabase({
          connectionString: config.DATABASE_URL!,
          max: config.DATABASE_POOL_MAX,
        }),
        description: 'neon-ws (WebSocket Pool)',
      }
  }
}

/** Takes the folder for this process; another live process holding it is a ConfigError saying what to do. */
function lockFolder(dir: string): () => void {
  try {
    mkdirSync(dirname(dir), { recursive: true })
    return lockDataDir(dir)
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err
    throw new ConfigError([
      {
        variable: 'SUPERNOVA_DATA_DIR',
        message:
          `${err.message} The embedded database serves one process: stop that one first (API keys can be made on ` +
          'a running server with POST /v1/admin/keys), point SUPERNOVA_DATA_DIR at another folder, or set ' +
          `DATABASE_URL to a PostgreSQL both can share. If no such process is running, delete ${err.lockFile}.`,
      },
    ])
  }
}

async function openPglite(
  config: Config,
  dir: string,
  openThread: (dataDir: string) => Promise<SqlDatabase>,
): Promise<{ db: SqlDatabase; description: string }> {
  let onThread = ''
  if (config.PGLITE_THREAD === 'worker') {
    try {
      const db = await openThread(dir)
      return { db, description: `pglite (${dir}, worker thread)` }
    } catch (err) {
      // e.g. a bundle without the thread's entry: the event loop runs PGlite as before (a folder that
      // cannot be opened fails again just below, with its own error)
      onThread = `, on the event loop: the worker thread did not start (${(err as Error).message})`
    }
  }
  try {
    return { db: await createPgliteDatabase({ dataDir: dir }), description: `pglite (${dir}${onThread})` }
  } catch (err) {
    // PGlite's own words for a damaged folder are "Aborted()" or "failed to initialize properly": say what to do
    throw new ConfigError([
      {
        variable: 'SUPERNOVA_DATA_DIR',
        message:
          `The embedded database in ${dir} could not be opened (${(err as Error).message}). If the folder is ` +
          'damaged (a disk fault, or two processes that wrote to it at once), move it aside and start again: a ' +
          'fresh one is made (with the sample data unless SEED_SAMPLE_DATA=false); or restore it from a backup.',
      },
    ])
  }
}

/**
 * Deploy-time preparation (the Migrate function, functions/migrate.ts): applies pending migrations and, with
 * SEED_SAMPLE_DATA, the sample seed, then closes the connection. Answers the versions applied.
 */
export async function prepareDatabase(config: Config): Promise<{ applied: number[]; seeded: boolean }> {
  const { db } = await openDatabase(config)
  try {
    const applied = await migrate(db)
    if (config.SEED_SAMPLE_DATA) await seedSampleData(db)
    return { applied, seeded: config.SEED_SAMPLE_DATA }
  } finally {
    await db.close()
  }
}
