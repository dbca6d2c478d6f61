import { describe, expect, it } from 'vitest'
import { extractTickers } from './tickers.ts'

describe('extractTickers', () => {
  it('finds cashtags in order of mention, uppercased and deduplicated', () => {
    expect(extractTickers('$tsla and $AAPL beat; $TSLA again, $BRK.B holds')).toEqual([
      'TSLA',
      'AAPL',
      'BRK.B',
    ])
  })
  it('ignores dollar amounts and embedded dollars', () => {
    expect(extractTickers('Raised $600M at a $5B valuation, US$3 per share')).toEqual([])
  })
  it('finds exchange-qualified and parenthesised symbols', () => {
    expect(extractTickers('Apple (AAPL) and NASDAQ: MSFT rally')).toEqual(['AAPL', 'MSFT'])
  })
  it('counts bare symbols only when known and not common words', () => {
    const known = ['AAPL', 'IT', 'KO']
    expect(extractTickers('AAPL rallies while IT spending slows; KO flat', { known })).toEqual(['AAPL', 'KO'])
    expect(extractTickers('AAPL rallies')).toEqual([])
  })
})
