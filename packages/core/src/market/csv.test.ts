import { describe, expect, it } from 'vitest'
import { detectFormat, normaliseDate, wideRowsToBars, yahooRowsToBars } from './csv.ts'

describe('CSV import parsing', () => {
  it('detects the two layouts', () => {
    expect(detectFormat(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'])).toBe('yahoo')
    expect(detectFormat(['date', 'GOOG', 'AAPL'])).toBe('wide')
  })

  it('normalises dates and refuses impossible ones', () => {
    expect(normaliseDate('2006/1/3')).toBe('2006-01-03')
    expect(normaliseDate('2006-01-03 00:00:00')).toBe('2006-01-03')
    expect(normaliseDate('2006-02-30')).toBeUndefined()
    expect(normaliseDate('03/01/2006')).toBeUndefined()
  })

  it('imports Yahoo rows and rejects bad ones with reasons', () => {
    const header = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume']
    const { bars, rejected } = yahooRowsToBars(header, [
      ['2006-01-03', '10', '11', '9.5', '10.5', '10.5', '100'],
      ['2006-01-02', '9', '10', '8.5', '9.5', '9.5', '100'],
      ['2006-01-04', 'null', '11', '9', '10', '10', '5'],
      ['2006-01-05', '10', '9', '9.5', '10', '10', '5'],
      ['2006-01-03', '10', '11', '9.5', '10.5', '10.5', '100'],
      ['bad', '1', '1', '1', '1', '1', '1'],
    ])
    expect(bars.map((b) => b.date)).toEqual(['2006-01-02', '2006-01-03'])
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'open is not a number'],
      [5, 'high is below open, close or low'],
      [6, 'duplicate date 2006-01-03'],
      [7, "bad date 'bad'"],
    ])
  })

  it('imports a wide close table, skipping blanks before a listing', () => {
    const { bySymbol, rejected } = wideRowsToBars(
      ['date', 'GOOG', 'aapl'],
      [
        ['1990-01-02', '', '1.5'],
        ['1990-01-03', '2.0', '-1'],
      ],
    )
    expect(bySymbol.get('GOOG')).toEqual([
      { date: '1990-01-03', open: 2, high: 2, low: 2, close: 2, volume: 0 },
    ])
    expect(bySymbol.get('AAPL')?.map((b) => b.close)).toEqual([1.5])
    expect(rejected).toEqual([{ line: 3, symbol: 'AAPL', reason: "close '-1' is not a positive number" }])
  })
})
