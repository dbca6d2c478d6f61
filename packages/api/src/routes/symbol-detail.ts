import { marketKeys, marketTags, type TieredCache } from '@supernova/cache'
import type { MarketRepository } from '@supernova/db'
import { MARKET_CACHE } from '../cache-read.ts'

/** What `GET /v1/symbols/:symbol` answers: the symbol and the span of its bars (undefined when it does not exist). */
export async function loadSymbolDetail(market: MarketRepository, symbol: string) {
  const found = await market.getSymbol(symbol)
  return found && { ...found, bars: await market.barStats(symbol) }
}

/** The cache options of a symbol's detail: market data's lifetime, invalidated with the symbol's other entries. */
export const symbolDetailCache = (symbol: string) => ({ ...MARKET_CACHE, tags: marketTags.of(symbol) })

/**
 * Reads the details of `symbols` into L1 (from L2/L3 after a restart, the database otherwise), as the route would:
 * the start-up preload calls it with the symbols users read last, so that their first `GET /v1/symbols/:symbol`
 * after a restart is an L1 hit, not a first L3 read (6-7 ms against 1.2 warm). Answers how many it found.
 */
export async function preloadSymbolDetails(
  cache: TieredCache,
  market: MarketRepository,
  symbols: readonly string[],
): Promise<number> {
  let found = 0
  for (const symbol of symbols) {
    const r = await cache.lookup(
      marketKeys.symbol(symbol),
      () => loadSymbolDetail(market, symbol),
      symbolDetailCache(symbol),
    )
    if (r.value) found++
  }
  return found
}
