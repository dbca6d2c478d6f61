/** A tradable instrument as the API shows it. */
export interface SymbolInfo {
  symbol: string
  name: string
  sector: string
  exchange: string
  currency: string
}

/** Per-sector model parameters for the synthetic sample: annual drift and volatility, beta to the market. */
export const SECTORS = {
  Technology: { drift: 0.14, vol: 0.3, beta: 1.2 },
  Financials: { drift: 0.08, vol: 0.24, beta: 1.1 },
  Healthcare: { drift: 0.09, vol: 0.22, beta: 0.8 },
  Energy: { drift: 0.05, vol: 0.32, beta: 0.9 },
  'Consumer Staples': { drift: 0.06, vol: 0.16, beta: 0.6 },
  'Consumer Discretionary': { drift: 0.1, vol: 0.28, beta: 1.1 },
  Industrials: { drift: 0.08, vol: 0.22, beta: 1.0 },
  Utilities: { drift: 0.05, vol: 0.15, beta: 0.5 },
  ETF: { drift: 0.09, vol: 0.16, beta: 1.0 },
} as const

export type Sector = keyof typeof SECTORS

const U: [string, string, Sector][] = [
  ['AAPL', 'Apple Inc.', 'Technology'],
  ['MSFT', 'Microsoft Corp.', 'Technology'],
  ['NVDA', 'NVIDIA Corp.', 'Technology'],
  ['GOOGL', 'Alphabet Inc.', 'Technology'],
  ['META', 'Meta Platforms Inc.', 'Technology'],
  ['ORCL', 'Oracle Corp.', 'Technology'],
  ['ADBE', 'Adobe Inc.', 'Technology'],
  ['CRM', 'Salesforce Inc.', 'Technology'],
  ['INTC', 'Intel Corp.', 'Technology'],
  ['AMD', 'Advanced Micro Devices Inc.', 'Technology'],
  ['JPM', 'JPMorgan Chase & Co.', 'Financials'],
  ['BAC', 'Bank of America Corp.', 'Financials'],
  ['WFC', 'Wells Fargo & Co.', 'Financials'],
  ['GS', 'Goldman Sachs Group Inc.', 'Financials'],
  ['MS', 'Morgan Stanley', 'Financials'],
  ['BLK', 'BlackRock Inc.', 'Financials'],
  ['V', 'Visa Inc.', 'Financials'],
  ['JNJ', 'Johnson & Johnson', 'Healthcare'],
  ['PFE', 'Pfizer Inc.', 'Healthcare'],
  ['UNH', 'UnitedHealth Group Inc.', 'Healthcare'],
  ['MRK', 'Merck & Co. Inc.', 'Healthcare'],
  ['ABBV', 'AbbVie Inc.', 'Healthcare'],
  ['LLY', 'Eli Lilly & Co.', 'Healthcare'],
  ['TMO', 'Thermo Fisher Scientific Inc.', 'Healthcare'],
  ['XOM', 'Exxon Mobil Corp.', 'Energy'],
  ['CVX', 'Chevron Corp.', 'Energy'],
  ['COP', 'ConocoPhillips', 'Energy'],
  ['SLB', 'Schlumberger Ltd.', 'Energy'],
  ['EOG', 'EOG Resources Inc.', 'Energy'],
  ['PG', 'Procter & Gamble Co.', 'Consumer Staples'],
  ['KO', 'Coca-Cola Co.', 'Consumer Staples'],
  ['PEP', 'PepsiCo Inc.', 'Consumer Staples'],
  ['WMT', 'Walmart Inc.', 'Consumer Staples'],
  ['COST', 'Costco Wholesale Corp.', 'Consumer Staples'],
  ['CL', 'Colgate-Palmolive Co.', 'Consumer Staples'],
  ['AMZN', 'Amazon.com Inc.', 'Consumer Discretionary'],
  ['TSLA', 'Tesla Inc.', 'Consumer Discretionary'],
  ['HD', 'Home Depot Inc.', 'Consumer Discretionary'],
  ['MCD', "McDonald's Corp.", 'Consumer Discretionary'],
  ['NKE', 'Nike Inc.', 'Consumer Discretionary'],
  ['SBUX', 'Starbucks Corp.', 'Consumer Discretionary'],
  ['BA', 'Boeing Co.', 'Industrials'],
  ['CAT', 'Caterpillar Inc.', 'Industrials'],
  ['GE', 'General Electric Co.', 'Industrials'],
  ['HON', 'Honeywell International Inc.', 'Industrials'],
  ['UPS', 'United Parcel Service Inc.', 'Industrials'],
  ['DE', 'Deere & Co.', 'Industrials'],
  ['NEE', 'NextEra Energy Inc.', 'Utilities'],
  ['DUK', 'Duke Energy Corp.', 'Utilities'],
  ['SO', 'Southern Co.', 'Utilities'],
  ['D', 'Dominion Energy Inc.', 'Utilities'],
  ['AEP', 'American Electric Power Co.', 'Utilities'],
  ['SPY', 'S&P 500 Index Tracker', 'ETF'],
]

/** The sample universe shipped with the project (real tickers, synthetic prices: exchange 'SYNTH'). */
export const SAMPLE_UNIVERSE: readonly SymbolInfo[] = U.map(([symbol, name, sector]) => ({
  symbol,
  name,
  sector,
  exchange: 'SYNTH',
  currency: 'USD',
}))
