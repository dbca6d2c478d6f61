/** Uppercase words that look like tickers but are usually just words or abbreviations in headlines. */
const STOP = new Set(
  'A I AN AT BE BY DO GO IT ON OR SO TO UP US CEO CFO COO CTO EPS GDP IPO ETF FED SEC FDA USA UK EU AI Q1 Q2 Q3 Q4 FY NEW ALL ARE FOR HAS NOW ONE OUT THE YOY QOQ ATH PT EV OK'.split(
    ' ',
  ),
)

const CASHTAG = /(?:^|[^\w$])\$([A-Za-z]{1,6}(?:\.[A-Za-z])?)(?![\w])/g
const EXCHANGE = /\b(?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX)\s*:\s*([A-Z]{1,6}(?:\.[A-Z])?)\b/g
const PAREN = /\(([A-Z]{1,6}(?:\.[A-Z])?)\)/g
const UPPER = /\b[A-Z]{2,6}\b/g

export interface TickerOptions {
  /** Symbols the product knows; bare uppercase mentions of these count too ("AAPL rallies"). */
  known?: Iterable<string>
}

/**
 * Tickers mentioned in a text, uppercase, first mention first: cashtags (`$TSLA`, `$BRK.B`), exchange-qualified
 * (`NASDAQ: AAPL`), parenthesised (`(MSFT)`), and bare known symbols that are not common words.
 */
export function extractTickers(text: string, options: TickerOptions = {}): string[] {
  const known = options.known ? new Set([...options.known].map((s) => s.toUpperCase())) : undefined
  const found: { at: number; symbol: string }[] = []
  for (const m of text.matchAll(CASHTAG)) found.push({ at: m.index, symbol: m[1]!.toUpperCase() })
  for (const m of text.matchAll(EXCHANGE)) found.push({ at: m.index, symbol: m[1]! })
  for (const m of text.matchAll(PAREN))
    if (!STOP.has(m[1]!) || known?.has(m[1]!)) found.push({ at: m.index, symbol: m[1]! })
  if (known)
    for (const m of text.matchAll(UPPER))
      if (known.has(m[0]) && !STOP.has(m[0])) found.push({ at: m.index, symbol: m[0] })
  found.sort((a, b) => a.at - b.at)
  const out: string[] = []
  for (const f of found) if (!out.includes(f.symbol)) out.push(f.symbol)
  return out
}
