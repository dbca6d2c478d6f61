// Artillery processor (plain ESM: Artillery's workers import() it without a TypeScript loader). It picks what a
// real user would: a symbol by Zipf popularity, a date window, a strategy; and it counts status classes, because
// Artillery's own error rate counts only network errors, so ensure checks these counters instead.

// The sample data's 53 symbols, most-traded first: rank r is picked with weight 1 / r^ZIPF_S, so SPY and the mega caps dominate as in real traffic.
const SYMBOLS = [
  'SPY',
  'AAPL',
  'NVDA',
  'MSFT',
  'TSLA',
  'AMZN',
  'META',
  'GOOGL',
  'AMD',
  'JPM',
  'V',
  'BAC',
  'XOM',
  'INTC',
  'LLY',
  'UNH',
  'WMT',
  'COST',
  'ORCL',
  'CRM',
  'ADBE',
  'BA',
  'JNJ',
  'PG',
  'KO',
  'PEP',
  'CVX',
  'GS',
  'MS',
  'WFC',
  'MRK',
  'PFE',
  'ABBV',
  'MCD',
  'NKE',
  'SBUX',
  'HD',
  'CAT',
  'DE',
  'GE',
  'HON',
  'UPS',
  'BLK',
  'TMO',
  'COP',
  'EOG',
  'SLB',
  'NEE',
  'DUK',
  'SO',
  'D',
  'AEP',
  'CL',
]
const ZIPF_S = 1.1
const STRATEGIES = [
  'sma_cross',
  'ma_cross',
  'rsi_reversion',
  'rsi_breakout',
  'macd_trend',
  'bollinger_reversion',
]
const OBJECTIVES = ['min_volatility', 'max_sharpe', 'risk_parity', 'hrp']
const FINAL = new Set(['succeeded', 'dead', 'cancelled'])
const MAX_POLLS = 60

const cumulative = []
for (let r = 1, sum = 0; r <= SYMBOLS.length; r++) {
  sum += 1 / r ** ZIPF_S
  cumulative.push(sum)
}

function zipfSymbol() {
  const x = Math.random() * cumulative[cumulative.length - 1]
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cumulative[mid] < x) lo = mid + 1
    else hi = mid
  }
  return SYMBOLS[lo]
}

function pick(list) {
  return list[Math.floor(Math.random() * list.length)]
}

function isoDate(year, dayOfYear) {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10)
}

/** Sets symbol, basket, from/to, strategy, objective and riskScore for the scenario's requests. */
export function pickInputs(context, _events, done) {
  const v = context.vars
  v.symbol = zipfSymbol()
  const basket = new Set()
  while (basket.size < 5) basket.add(zipfSymbol())
  v.basket = [...basket]
  do v.other = zipfSymbol()
  while (v.other === v.symbol)
  const year = 2016 + Math.floor(Math.random() * 8)
  v.from = isoDate(year, Math.floor(Math.random() * 180))
  v.to = isoDate(year + 1 + Math.floor(Math.random() * 2), Math.floor(Math.random() * 360))
  v.shortTo = isoDate(year, 200 + Math.floor(Math.random() * 150))
  v.strategy = pick(STRATEGIES)
  v.objective = pick(OBJECTIVES)
  v.riskScore = Math.floor(Math.random() * 101)
  v.polls = 0
  return done()
}

/** whileTrue for the task poll loop: until the task is final, at most MAX_POLLS polls. */
export function taskRunning(context, next) {
  context.vars.polls = (context.vars.polls ?? 0) + 1
  return next(!FINAL.has(context.vars.status) && context.vars.polls <= MAX_POLLS)
}

/** Counts every response as 2xx/3xx, 4xx or 5xx: ensure's conditions read these counters. */
export function countStatus(_requestParams, response, _context, events, next) {
  const code = response.statusCode
  events.emit('counter', 'supernova.http_4xx', code >= 400 && code < 500 ? 1 : 0)
  events.emit('counter', 'supernova.http_5xx', code >= 500 ? 1 : 0)
  return next()
}
