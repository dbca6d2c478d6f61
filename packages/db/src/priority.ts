/**
 * Query priority: statements of background work (tasks, warmers) are marked so an adapter whose connection is a
 * single session (embedded PGlite) serves waiting request statements first. Pooled adapters ignore it.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

/** Which lane a statement waits in on a single-session database. */
export type QueryPriority = 'interactive' | 'background'

const lane = new AsyncLocalStorage<QueryPriority>()
// On Node 20-22 an AsyncLocalStorage in use hooks every promise of the process (measurable on await-heavy code), so
// lanes are only tracked once a database that honours them (PGlite) exists in this process.
let tracked = false

/** Called by adapters that honour priority: from now on `inBackground` marks its work. */
export function trackQueryPriority(): void {
  tracked = true
}

/** Runs `fn` (and everything it awaits) with its database statements in the background lane. */
export function inBackground<T>(fn: () => T): T {
  return tracked ? lane.run('background', fn) : fn()
}

/** The lane of the calling context: `interactive` unless inside `inBackground`. */
export function queryPriority(): QueryPriority {
  return lane.getStore() ?? 'interactive'
}

/** Interactive statements served in a row before one waiting background statement gets its turn (no starvation). */
export const INTERACTIVE_BURST = 8

/**
 * A one-at-a-time gate with two lanes: waiting interactive work goes first, background work after it (one in
 * every INTERACTIVE_BURST turns when both wait). A background turn starts on a fresh turn of the event loop, so a
 * chain of background statements (a chunked read) lets I/O, e.g. /health, in between.
 */
export function createPriorityGate() {
  const waiting: Record<QueryPriority, (() => void)[]> = { interactive: [], background: [] }
  let busy = false
  let burst = 0
  const next = () => {
    const takeBackground =
      waiting.background.length > 0 && (waiting.interactive.length === 0 || burst >= INTERACTIVE_BURST)
    const go = takeBackground ? waiting.background.shift() : waiting.interactive.shift()
    if (!go) {
      busy = false
      return
    }
    burst = takeBackground ? 0 : burst + 1
    if (takeBackground) setImmediate(go)
    else go()
  }
  return {
    /** Runs `fn` when the gate is free and its lane's turn has come. */
    run<T>(fn: () => Promise<T>, priority: QueryPriority = queryPriority()): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const go = () => {
          fn().then(resolve, reject).finally(next)
        }
        if (busy) waiting[priority].push(go)
        else {
          busy = true
          if (priority === 'background') setImmediate(go)
          else go()
        }
      })
    },
    /** Statements waiting per lane (for tests and metrics). */
    waiting: () => ({ interactive: waiting.interactive.length, background: waiting.background.length }),
  }
}
