import { ValidationError } from '../errors.ts'
import { type PriceBars, runBacktest } from './backtest.ts'
import { macd, rollingVolatility, rsi, sma } from './indicators.ts'
import { resolveStrategy } from './strategies.ts'

/** A sentiment hint in [-1, 1] (bearish to bullish) with how sure the model is; neutral when absent. */
export interface SentimentHint {
  score: number
  confidence?: number
  source?: string
}

export interface AdviceInput {
  bars: PriceBars
  /** Profile risk score 0-100 (from the risk questionnaire); 50 when no profile is given. */
  riskScore?: number
  sentiment?: SentimentHint
}

export interface Vote {
  strategy: string
  /** +1 long, -1 short/flat, 0 no signal yet. */
  vote: number
  /** Historical quality weight of this strategy on this symbol. */
  weight: number
  lastSignalDate: string | null
}

export interface Advice {
  action: 'buy' | 'hold' | 'sell'
  confidence: number
  /** Weighted ensemble score in [-1, 1] after risk and sentiment adjustments. */
  score: number
  rationale: string
  votes: Vote[]
  riskScore: number
  sentiment: SentimentHint
  volatility: number
  rsi: number
}

type Stance = (bars: PriceBars) => number

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0)
const lastOf = (x: Float64Array) => x[x.length - 1]!

/**
 * The ensemble: the strategy templates of the earlier product. Trend members vote their current regime
 * (above or below the average) even when no cross happened inside the window; the others vote their last signal.
 */
export const ADVICE_ENSEMBLE: readonly {
  name: string
  params?: Record<string, number>
  label: string
  stance?: Stance
}[] = [
  {
    name: 'ma_cross',
    params: { fast: 20, slow: 50 },
    label: 'MA crossover',
    stance: (b) => sign(lastOf(sma(b.close, 20)) - lastOf(sma(b.close, 50))),
  },
  {
    name: 'sma_cross',
    params: { period: 20 },
    label: 'price vs SMA(20)',
    stance: (b) => sign(b.close[b.close.length - 1]! - lastOf(sma(b.close, 20))),
  },
  {
    name: 'macd_trend',
    label: 'MACD trend',
    stance: (b) => {
      const m = macd(b.close)
      return sign(lastOf(m.macd))
    },
  },
  { name: 'rsi_breakout', label: 'RSI breakout' },
  { name: 'rsi_reversion', label: 'RSI mean reversion' },
  { name: 'bollinger_reversion', label: 'Bollinger reversion' },
]

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

/**
 * Buy / hold / sell from a vote of the strategy ensemble. Each strategy votes with its current state (the last
 * signal it gave), weighted by how well it traded this symbol (Sharpe of its backtest, floored) and by how
 * recent the signal is. The profile's risk score moves the thresholds (cautious profiles need a stronger
 * consensus to buy and sell sooner when volatility exceeds their tolerance); sentiment nudges the score.
 */
export function advise(input: AdviceInput): Advice {
  const { bars } = input
  const n = bars.close.length
  if (n < 60)
    throw new ValidationError(`advice needs at least 60 bars of history; got ${n}`, {
      details: { field: 'bars' },
    })
  const riskScore = clamp(input.riskScore ?? 50, 0, 100)
  const sentiment: SentimentHint = input.sentiment ?? { score: 0, confidence: 0, source: 'neutral' }
  const votes: Vote[] = []
  for (const member of ADVICE_ENSEMBLE) {
    const { strategy, params } = resolveStrategy(member.name, member.params)
    const sig = strategy.signals(bars, params)
    let last = -1
    for (let i = n - 1; i >= 0; i--)
      if (sig[i] !== 0) {
        last = i
        break
      }
    const r = runBacktest(bars, sig, {
      execution: { fill: 'next_open', sizing: { percent: 100 } },
      collectTrades: false,
    })
    const quality = clamp(0.5 + (r.metrics.sharpe ?? 0), 0.2, 2)
    const age = last < 0 ? Number.POSITIVE_INFINITY : n - 1 - last
    // Fresh signals count fully; older states fade towards half weight over ~3 months.
    const recency = Number.isFinite(age) ? 0.5 + 0.5 * Math.exp(-age / 60) : 0
    const stance = member.stance?.(bars)
    votes.push({
      strategy: member.name,
      vote: stance ?? (last < 0 ? 0 : sig[last]!),
      weight: quality * (stance === undefined ? recency : 1),
      lastSignalDate: last < 0 ? null : bars.dates[last]!,
    })
  }
  let num = 0
  let den = 0
  for (const v of votes) {
    num += v.vote * v.weight
    den += v.weight
  }
  let score = den > 0 ? num / den : 0
  const vol = rollingVolatility(bars.close, 20)[n - 1]!
  const lastRsi = rsi(bars.close, 14)[n - 1]!
  const tolerance = 0.15 + 0.35 * (riskScore / 100)
  const overVol = vol > tolerance ? Math.min(1, (vol - tolerance) / tolerance) : 0
  score -= 0.3 * overVol
  const sentimentWeight = 0.25 * clamp(sentiment.confidence ?? 1, 0, 1)
  score += sentimentWeight * clamp(sentiment.score, -1, 1)
  score = clamp(score, -1, 1)
  const buyAt = 0.15 + 0.3 * (1 - riskScore / 100)
  const sellAt = 0.15 + 0.3 * (riskScore / 100)
  const action: Advice['action'] = score >= buyAt ? 'buy' : score <= -sellAt ? 'sell' : 'hold'
  const agree = votes.filter((v) =>
    action === 'buy' ? v.vote > 0 : action === 'sell' ? v.vote < 0 : v.vote === 0 || Math.abs(score) < buyAt,
  ).length
  const margin =
    action === 'buy'
      ? score - buyAt
      : action === 'sell'
        ? -sellAt - score
        : Math.min(buyAt - score, score + sellAt)
  const confidence = clamp(0.4 + 0.4 * (agree / votes.length) + 0.4 * margin, 0.05, 0.99)
  const longs = votes
    .filter((v) => v.vote > 0)
    .map((v) => ADVICE_ENSEMBLE.find((m) => m.name === v.strategy)!.label)
  const shorts = votes
    .filter((v) => v.vote < 0)
    .map((v) => ADVICE_ENSEMBLE.find((m) => m.name === v.strategy)!.label)
  const parts = [
    `${longs.length} of ${votes.length} strategies are long${longs.length ? ` (${longs.join(', ')})` : ''}`,
    `${shorts.length} say sell${shorts.length ? ` (${shorts.join(', ')})` : ''}`,
    `RSI ${lastRsi.toFixed(0)}, 20-day volatility ${(vol * 100).toFixed(0)}%${overVol > 0 ? ` above the profile's ${(tolerance * 100).toFixed(0)}% tolerance` : ''}`,
    sentiment.score === 0 && !sentiment.confidence
      ? 'sentiment neutral'
      : `sentiment ${sentiment.score > 0.1 ? 'bullish' : sentiment.score < -0.1 ? 'bearish' : 'neutral'} (${sentiment.score.toFixed(2)})`,
    `risk score ${riskScore}: buy above ${buyAt.toFixed(2)}, sell below ${(-sellAt).toFixed(2)}; score ${score.toFixed(2)}`,
  ]
  return {
    action,
    confidence,
    score,
    rationale: `${parts.join('; ')}.`,
    votes,
    riskScore,
    sentiment,
    volatility: vol,
    rsi: lastRsi,
  }
}
