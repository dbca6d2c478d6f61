import type { BarColumns } from './bars.ts'
import { hashString, mulberry32, normal, studentT } from './random.ts'
import { SECTORS, type Sector, type SymbolInfo } from './universe.ts'

export interface GenerateOptions {
  /** First and last calendar day (inclusive), YYYY-MM-DD; weekends are skipped. */
  from?: string
  to?: string
  seed?: number
}

/** Weekdays between two dates (inclusive), as YYYY-MM-DD. */
export function businessDays(from: string, to: string): string[] {
  const out: string[] = []
  const end = Date.parse(`${to}T00:00:00Z`)
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    const day = new Date(t).getUTCDay()
    if (day !== 0 && day !== 6) out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}

/** GARCH(1,1) volatility path with Student-t(5) shocks: volatility clusters and tails are fat. */
function garchShocks(n: number, annualVol: number, seed: number): Float64Array {
  const rand = mulberry32(seed)
  const t = studentT(rand, 5)
  const daily = annualVol / Math.sqrt(252)
  const alpha = 0.08
  const beta = 0.9
  const omega = daily * daily * (1 - alpha - beta)
  const out = new Float64Array(n)
  let variance = daily * daily
  let prev = 0
  for (let i = 0; i < n; i++) {
    variance = omega + alpha * prev * prev + beta * variance
    prev = Math.sqrt(variance) * t()
    out[i] = prev
  }
  return out
}

const round2 = (x: number) => Math.round(x * 100) / 100

/**
 * Deterministic synthetic daily bars for a universe: a market factor and one factor per sector (so stocks in a
 * sector correlate), idiosyncratic GARCH noise with fat tails, sector drift, overnight gaps now and then, and
 * volume that rises with absolute returns. Same inputs, same numbers, on every machine.
 */
export function generateUniverseBars(
  universe: readonly SymbolInfo[],
  options: GenerateOptions = {},
): BarColumns[] {
  return [...universeBars(universe, options)]
}

/** generateUniverseBars one symbol at a time, so a loader holds one symbol's columns rather than all of them. */
export function* universeBars(
  universe: readonly SymbolInfo[],
  options: GenerateOptions = {},
): Generator<BarColumns> {
  const seed = options.seed ?? 20_140_102
  const dates = businessDays(options.from ?? '2014-01-02', options.to ?? '2025-12-31')
  const n = dates.length
  const market = garchShocks(n, 0.15, seed)
  const sectorShocks = new Map<string, Float64Array>()
  for (const s of Object.keys(SECTORS)) sectorShocks.set(s, garchShocks(n, 0.1, (seed ^ hashString(s)) >>> 0))

  for (const info of universe) {
    const p = SECTORS[info.sector as Sector] ?? SECTORS.Industrials
    const h = (hashString(info.symbol) ^ seed) >>> 0
    const isIndex = info.sector === 'ETF'
    const idioVol = isIndex
      ? 0.02
      : Math.max(0.08, Math.sqrt(Math.max(0.01, p.vol * p.vol - (p.beta * 0.15) ** 2 - 0.01)))
    const idio = garchShocks(n, idioVol, h)
    const sector = sectorShocks.get(info.sector)!
    const rand = mulberry32(h + 1)
    const z = normal(rand)
    const drift = (p.drift - 0.5 * p.vol * p.vol) / 252
    const open = new Float64Array(n)
    const high = new Float64Array(n)
    const low = new Float64Array(n)
    const close = new Float64Array(n)
    const volume = new Float64Array(n)
    let prevClose = 20 + (h % 280)
    const baseVolume = 2e6 + (h % 5e7)
    const dailyVol = p.vol / Math.sqrt(252)
    for (let i = 0; i < n; i++) {
      const r = drift + p.beta * market[i]! + (isIndex ? 0 : sector[i]!) + idio[i]!
      // A share of each day's move happens overnight; about once a year there is a real gap (news).
      const gap = rand() < 0.004 ? z() * 0.05 : 0
      const overnight = 0.3 * r + gap
      const o = prevClose * Math.exp(overnight)
      const c = prevClose * Math.exp(r + gap)
      const range = Math.abs(z()) * dailyVol * 0.6
      open[i] = round2(o)
      close[i] = round2(c)
      high[i] = round2(Math.max(o, c) * Math.exp(range * rand()))
      low[i] = round2(Math.min(o, c) * Math.exp(-range * rand()))
      if (high[i]! < Math.max(open[i]!, close[i]!)) high[i] = Math.max(open[i]!, close[i]!)
      if (low[i]! > Math.min(open[i]!, close[i]!)) low[i] = Math.min(open[i]!, close[i]!)
      volume[i] = Math.round(baseVolume * Math.exp(0.3 * z() + 25 * Math.abs(r)))
      prevClose = close[i]!
    }
    yield { symbol: info.symbol, dates, open, high, low, close, volume }
  }
}
