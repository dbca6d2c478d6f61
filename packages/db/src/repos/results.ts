import { randomUUID } from 'node:crypto'
import type { SqlDatabase } from '../port.ts'

/** Kinds of stored analytics results and the id prefix of each. */
export const RESULT_PREFIX = { backtest: 'bt', optimization: 'opt', portfolio: 'pf' } as const
export type ResultKind = keyof typeof RESULT_PREFIX

/** One stored result, owned by the principal that asked for it. */
export interface StoredResultRow {
  id: string
  owner: string
  kind: ResultKind
  input: Record<string, unknown>
  result: unknown
  extra: unknown
  createdAt: Date
}

/** A new result id of this kind (`bt_<uuid>`...), made by the caller so that a result can be answered before it is written. */
export const newResultId = (kind: ResultKind): string => `${RESULT_PREFIX[kind]}_${randomUUID()}`

/** A result to store, as JSON text already (the caller chooses the stored form). */
export interface ResultInsert {
  id: string
  owner: string
  kind: ResultKind
  input: string
  result: string
  extra: string | null
  createdAt: Date
}

/** Analytics results under an id; every read filters by owner, so another owner's id reads as absent. */
export function resultRepository(db: SqlDatabase) {
  const columns = 'id, owner, kind, input, result, extra, created_at as "createdAt"'
  // one statement for any number of rows (`insert` is the one-row case)
  const insertMany = async (rows: readonly ResultInsert[]): Promise<void> => {
    if (rows.length === 0) return
    const values = rows.map(
      (_, i) =>
        `($${i * 7 + 1}, $${i * 7 + 2}, $${i * 7 + 3}, $${i * 7 + 4}, $${i * 7 + 5}, $${i * 7 + 6}, $${i * 7 + 7})`,
    )
    await db.query(
      `insert into results (id, owner, kind, input, result, extra, created_at) values ${values.join(', ')} on conflict (id) do nothing`,
      rows.flatMap((r) => [r.id, r.owner, r.kind, r.input, r.result, r.extra, r.createdAt]),
      { name: 'results.insert' },
    )
  }
  return {
    async create(r: Omit<StoredResultRow, 'id' | 'createdAt'>): Promise<StoredResultRow> {
      const q = await db.query<StoredResultRow>(
        `insert into results (id, owner, kind, input, result, extra) values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
        [
          newResultId(r.kind),
          r.owner,
          r.kind,
          JSON.stringify(r.input),
          JSON.stringify(r.result),
          r.extra === undefined || r.extra === null ? null : JSON.stringify(r.extra),
        ],
        { name: 'results.create' },
      )
      return q.rows[0]!
    },
    /**
     * Writes a result under the id it was given; nothing comes back (a large result is not read back and parsed).
     * Idempotent: writing the same id again (a retry after an unknown outcome) changes nothing.
     */
    insert(r: ResultInsert): Promise<void> {
      return insertMany([r])
    },
    /** `insert` for several results in one statement (one round trip and one commit for the lot). */
    insertMany,
    async get(owner: string, kind: ResultKind, id: string): Promise<StoredResultRow | undefined> {
      const q = await db.query<StoredResultRow>(
        `select ${columns} from results where id = $1 and owner = $2 and kind = $3`,
        [id, owner, kind],
        { name: 'results.get' },
      )
      return q.rows[0]
    },
  }
}

export type ResultRepository = ReturnType<typeof resultRepository>
