import type { Context } from 'hono'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { type HistoryRead, type MarketHistory, marketHistory } from './service.ts'

// Apps built from hand-made deps (tests, benchmarks) get one service per deps object, over its cache if any.
const fallback = new WeakMap<AppDeps, MarketHistory>()

/** The app's market-history service: `deps.history` (built by createDeps), else one over `deps.market` and `deps.cache`. */
export function historyOf(deps: AppDeps): MarketHistory {
  if (deps.history) return deps.history
  let h = fallback.get(deps)
  if (!h) {
    h = marketHistory({ market: deps.market, cache: deps.cache, registry: deps.monitor?.registry })
    fallback.set(deps, h)
  }
  return h
}

/**
 * Reads histories for a request and says how in `Server-Timing: history;desc="l1:9 miss:1";dur=<ms>`
 * (counts per source: cache tiers, `miss` = loaded from the database, `db` = no cache).
 */
export async function readHistory(
  c: Context<AppEnv>,
  symbols: readonly string[],
  range?: { from?: string; to?: string },
): Promise<HistoryRead> {
  const r = await historyOf(c.var.deps).read(symbols, range)
  const desc = Object.entries(r.sources)
    .map(([s, n]) => `${s}:${n}`)
    .join(' ')
  c.header('Server-Timing', `history;desc="${desc}";dur=${r.durationMs.toFixed(3)}`, { append: true })
  return r
}
