/**
 * The one spelling of market-data cache keys and tags. Keys are versioned (`v1:entity:id...`): bumping
 * `MARKET_KEY_VERSION` orphans every old entry at once when a cached shape changes. The bars route and the
 * symbol route build keys here, the warmer parses them back here, and the importer invalidates by the tags here.
 * It lives in the cache package (not core) because it only means something to the cache; it is pure, so the
 * api and server packages import it without pulling in a driver.
 */

/** Version segment of every market key. */
export const MARKET_KEY_VERSION = 'v1'

/** One page of a symbol's bars, as the bars route reads it (`rows` includes the look-ahead row). */
export interface BarsPage {
  symbol: string
  from?: string
  to?: string
  /** Keyset cursor position (the last date of the previous page). */
  after?: string
  rows: number
}

/** A parsed market key. */
export type MarketKey =
  | { entity: 'symbol'; symbol: string }
  | { entity: 'history'; symbol: string }
  | ({ entity: 'bars' } & BarsPage)

/** Builders of market cache keys. */
export const marketKeys = {
  /** One symbol's detail (`GET /v1/symbols/:symbol`). */
  symbol: (symbol: string): string => `${MARKET_KEY_VERSION}:symbol:${symbol}`,
  /** One symbol's full history in columns (the analytics routes' market-history service). */
  history: (symbol: string): string => `${MARKET_KEY_VERSION}:history:${symbol}`,
  /** The symbols whose histories were read most recently (a list), which a restarted server preloads first. */
  recentHistories: (): string => `${MARKET_KEY_VERSION}:history-recent`,
  /** One page of bars (`GET /v1/symbols/:symbol/bars`); empty segments stand for absent bounds. */
  bars: (page: BarsPage): string =>
    `${MARKET_KEY_VERSION}:bars:${page.symbol}:${page.from ?? ''}:${page.to ?? ''}:${page.after ?? ''}:${page.rows}`,
} as const

/** The key's entity and fields, or undefined for a key that is not a market key of this version. */
export function parseMarketKey(key: string): MarketKey | undefined {
  const parts = key.split(':')
  if (parts[0] !== MARKET_KEY_VERSION) return undefined
  const symbol = parts[2]
  if (!symbol) return undefined
  if (parts[1] === 'symbol' && parts.length === 3) return { entity: 'symbol', symbol }
  if (parts[1] === 'history' && parts.length === 3) return { entity: 'history', symbol }
  if (parts[1] !== 'bars' || parts.length < 7) return undefined
  const rows = Number(parts.at(-1))
  if (!Number.isInteger(rows) || rows <= 0) return undefined
  const page: MarketKey = { entity: 'bars', symbol, rows }
  if (parts[3]) page.from = parts[3]
  if (parts[4]) page.to = parts[4]
  // a cursor position may itself hold ':'; everything between `to` and `rows` is the cursor
  const after = parts.slice(5, -1).join(':')
  if (after) page.after = after
  return page
}

/** Tag on every cached market read. */
const MARKET_TAG = 'market'
const SYMBOL_TAG = 'sym:'

/** Builders and parsers of market invalidation tags. */
export const marketTags = {
  /** Every cached market read. */
  all: MARKET_TAG,
  /** Every cached read of one symbol (an import of its bars deletes by this tag). */
  symbol: (symbol: string): string => `${SYMBOL_TAG}${symbol}`,
  /** The tags a cached read of `symbol` carries. */
  of: (symbol: string): string[] => [MARKET_TAG, `${SYMBOL_TAG}${symbol}`],
  /** The symbol a symbol tag names, or undefined. */
  parseSymbol: (tag: string): string | undefined =>
    tag.startsWith(SYMBOL_TAG) && tag.length > SYMBOL_TAG.length ? tag.slice(SYMBOL_TAG.length) : undefined,
} as const
