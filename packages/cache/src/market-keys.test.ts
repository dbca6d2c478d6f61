import { describe, expect, it } from 'vitest'
import { MARKET_KEY_VERSION, marketKeys, marketTags, parseMarketKey } from './market-keys.ts'

describe('market cache keys', () => {
  it('carry the version and the entity first', () => {
    expect(marketKeys.symbol('AAPL')).toBe(`${MARKET_KEY_VERSION}:symbol:AAPL`)
    expect(
      marketKeys.bars({ symbol: 'BRK.B', rows: 1001 }).startsWith(`${MARKET_KEY_VERSION}:bars:BRK.B:`),
    ).toBe(true)
  })

  it('parse back to what built them, absent bounds included', () => {
    const pages = [
      { symbol: 'AAPL', rows: 1001 },
      { symbol: 'MSFT', from: '2024-01-02', to: '2024-12-31', rows: 6 },
      { symbol: 'KO', after: '2024-03-01', rows: 11 },
      { symbol: 'X', from: '2020-01-01', after: 'opaque:with:colons', rows: 2 },
    ]
    for (const page of pages)
      expect(parseMarketKey(marketKeys.bars(page))).toEqual({ entity: 'bars', ...page })
    expect(parseMarketKey(marketKeys.symbol('NVDA'))).toEqual({ entity: 'symbol', symbol: 'NVDA' })
    expect(parseMarketKey(marketKeys.history('NVDA'))).toEqual({ entity: 'history', symbol: 'NVDA' })
  })

  it('do not parse keys of another version, entity or shape', () => {
    for (const key of [
      'v0:bars:AAPL::::1001',
      'v1:quote:AAPL',
      'v1:bars:AAPL',
      'v1:bars:::::1001',
      'v1:bars:AAPL::::zero',
      'v1:symbol:AAPL:extra',
      '',
    ])
      expect(parseMarketKey(key)).toBeUndefined()
  })
})

describe('market cache tags', () => {
  it('tag a symbol read with the market tag and its symbol tag, and parse the symbol back', () => {
    expect(marketTags.of('AAPL')).toEqual([marketTags.all, marketTags.symbol('AAPL')])
    expect(marketTags.parseSymbol(marketTags.symbol('BRK.B'))).toBe('BRK.B')
    expect(marketTags.parseSymbol(marketTags.all)).toBeUndefined()
    expect(marketTags.parseSymbol(marketTags.symbol(''))).toBeUndefined()
  })
})
