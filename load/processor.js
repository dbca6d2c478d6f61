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

const API_KEY = process.env.SUPERNOVA_API_KEY

/**
 * Sends SUPERNOVA_API_KEY as X-API-Key when it is set: a deployed stage (Artillery's AWS platform, `--secret
 * SUPERNOVA_API_KEY`) authenticates every caller, while the local runs rely on the loopback local mode.
 */
export function withApiKey(requestParams, _context, _events, next) {
  if (API_KEY) requestParams.headers = { ...requestParams.headers, 'x-api-key': API_KEY }
  return next()
}

/** Counts every response as 2xx/3xx, 4xx or 5xx: ensure's conditions read these counters. */
export function countStatus(_requestParams, response, _context, events, next) {
  const code = response.statusCode
  events.emit('counter', 'supernova.http_4xx', code >= 400 && code < 500 ? 1 : 0)
  events.emit('counter', 'supernova.http_5xx', code >= 500 ? 1 : 0)
  return next()
}

const LISTEN_MS = Number(process.env.SUPERNOVA_REALTIME_LISTEN_MS ?? 10_000)

/**
 * The realtime scenario's `connect.function` (the ws engine calls it with the socket's arguments before opening):
 * asks `POST /v1/realtime/token` for a ticket to `ticks:{symbol}` (a Zipf symbol, as a price screen would) and points
 * the socket at the hub with it.
 */
export async function realtimeConnect(wsArgs, context, done) {
  try {
    const base = String(wsArgs.target)
    const symbol = zipfSymbol()
    const res = await fetch(new URL('/v1/realtime/token', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(API_KEY ? { 'x-api-key': API_KEY } : {}) },
      body: JSON.stringify({ channels: [`ticks:${symbol}`], ttlSeconds: 300 }),
    })
    if (res.status !== 201) throw new Error(`POST /v1/realtime/token answered ${res.status}`)
    const { ticket, url } = await res.json()
    const hub = new URL(url, base)
    hub.protocol = hub.protocol === 'https:' ? 'wss:' : 'ws:'
    hub.searchParams.set('ticket', ticket)
    wsArgs.target = hub.toString()
    context.vars.channel = `ticks:${symbol}`
    done()
  } catch (err) {
    done(err)
  }
}

/**
 * Subscribes to the ticket's channel and listens for LISTEN_MS (SUPERNOVA_REALTIME_LISTEN_MS, default 10 s),
 * recording `realtime.delivery_ms` (now minus the message's server timestamp) and counting messages and error
 * frames. A custom step because the ws engine's `capture` followed by more sends crashes a worker.
 */
export async function realtimeListen(context, events) {
  const ws = context.ws
  await new Promise((resolve, reject) => {
    const timer = setTimeout(finish, LISTEN_MS)
    function finish(err) {
      clearTimeout(timer)
      ws.removeListener('message', onMessage)
      if (err) reject(err)
      else resolve()
    }
    function onMessage(data) {
      let frame
      try {
        frame = JSON.parse(String(data))
      } catch {
        return finish(new Error('the hub sent a frame that is not JSON'))
      }
      if (frame.type === 'subscribed') events.emit('counter', 'realtime.subscribed', 1)
      else if (frame.type === 'message') {
        events.emit('counter', 'realtime.messages', 1)
        if (typeof frame.ts === 'number')
          events.emit('histogram', 'realtime.delivery_ms', Date.now() - frame.ts)
      } else if (frame.type === 'error') {
        events.emit('counter', 'realtime.error_frames', 1)
        finish(new Error(`hub error frame: ${frame.code}`))
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ type: 'subscribe', channel: context.vars.channel }))
  })
}
