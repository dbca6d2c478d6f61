import { mapSqlError } from './errors.ts'
import type { QueryObserver, QueryResult, SqlExecutor } from './port.ts'

/** A statement's metric name: the caller's, else its first two words (bounded label cardinality). */
export function statementName(text: string, name?: string): string {
  if (name) return name
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? 'sql'
  const table = /\b(?:from|into|update|join)\s+"?([\w.]+)/i.exec(text)?.[1]?.toLowerCase()
  return table ? `${verb} ${table}` : verb
}

/** Observer list plus a wrapper that times a call, reports it, and maps driver errors. */
export function createObservers() {
  const observers = new Set<QueryObserver>()
  return {
    observe(observer: QueryObserver): () => void {
      observers.add(observer)
      return () => observers.delete(observer)
    },
    /** Reports a statement timed elsewhere (e.g. on the database's own thread). */
    report(event: Parameters<QueryObserver>[0]): void {
      for (const o of observers) o(event)
    },
    async run<T extends { rowCount: number }>(name: string, fn: () => Promise<T>): Promise<T> {
      const start = performance.now()
      try {
        const result = await fn()
        if (observers.size) {
          const event = { name, durationMs: performance.now() - start, ok: true, rows: result.rowCount }
          for (const o of observers) o(event)
        }
        return result
      } catch (error) {
        if (observers.size) {
          const event = { name, durationMs: performance.now() - start, ok: false, rows: 0 }
          for (const o of observers) o(event)
        }
        throw mapSqlError(error)
      }
    },
  }
}

/** A driver call: run one statement, return rows and the affected-row count. */
export type RawQuery = (text: string, params: unknown[]) => Promise<{ rows: unknown[]; rowCount: number }>

/** Wraps a driver call as the port's `query`: default params, statement naming, timing, error mapping. */
export function observedQuery(obs: ReturnType<typeof createObservers>, raw: RawQuery): SqlExecutor['query'] {
  return (text, params = [], opts = {}) =>
    obs.run(statementName(text, opts.name), () => raw(text, params as unknown[])) as Promise<
      QueryResult<never>
    >
}
