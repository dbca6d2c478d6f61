import { UnavailableError } from '@supernova/core'
import type { SqlDatabase } from '@supernova/db'

/** A database whose connection can be cut: after `cut()` every statement fails, as if the process lost it. */
export interface ChaosSql extends SqlDatabase {
  cut(): void
  restore(): void
}

/** Wraps a database so a test can make it unreachable mid-run (a crashed or partitioned runner). */
export function chaosSql(db: SqlDatabase): ChaosSql {
  let down = false
  const fail = () => Promise.reject(new UnavailableError('chaos: connection cut'))
  const wrapped: ChaosSql = Object.create(db)
  return Object.assign(wrapped, {
    query: ((text: string, params?: readonly unknown[], options?: { name?: string }) =>
      down ? fail() : db.query(text, params, options)) as SqlDatabase['query'],
    batch: ((statements) => (down ? fail() : db.batch(statements))) as SqlDatabase['batch'],
    ping: () => (down ? fail() : db.ping()),
    cut() {
      down = true
    },
    restore() {
      down = false
    },
  })
}
