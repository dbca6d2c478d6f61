import {
  advise,
  alignClosesPairwise,
  type BarColumns,
  backtestStrategy,
  generateUniverseBars,
  isoToEpochDay,
  optimizePortfolio,
  rememberDays,
  runBasket,
  type SymbolInfo,
} from '@supernova/core'

/** Ten synthetic symbols (never written anywhere): the engines' inputs at the size of a real request. */
const SYMBOLS: SymbolInfo[] = Array.from({ length: 10 }, (_, i) => ({
  symbol: `ZZWARMUP.E${i}`,
  name: 'warm-up',
  sector: ['Technology', 'Energy', 'Financials', 'Healthcare'][i % 4]!,
  exchange: 'WARMUP',
  currency: 'USD',
}))

/**
 * Twelve years of synthetic daily bars for ten symbols, in memory, with their day numbers (as the cache's
 * histories carry them, so alignment and the compute wire take the same paths as for real data).
 */
export function fullSizeSeries(): BarColumns[] {
  const series = generateUniverseBars(SYMBOLS, { from: '2014-01-02', to: '2025-12-31' })
  for (const s of series) rememberDays(s.dates, Int32Array.from(s.dates, isoToEpochDay))
  return series
}

/**
 * The engines of the analytics routes on full-size inputs, on the event loop, `rounds` times: the portfolio
 * estimates and solver (with the report's correlation), a backtest and the advice ensemble. The shadow requests of
 * the warm-up run them on two years of four symbols through the database; a first real request on twelve years of
 * ten then still ran their loops unoptimised (the first portfolio's covariance took 5 ms, 0.6 warm). Nothing is
 * read or written. Answers how long it took (ms).
 */
export function warmEngines(series: readonly BarColumns[], rounds = 3): number {
  const t0 = performance.now()
  const tickers = series.map((s) => s.symbol)
  const one = series[0]!
  for (let r = 0; r < rounds; r++) {
    const { closes } = alignClosesPairwise(series)
    const p = optimizePortfolio({
      tickers,
      prices: closes,
      objective: 'max_sharpe',
      riskFreeRate: 0.02,
      figures: 'inputs',
    })
    // the stored answer's correlation matrix is computed when the result row is packed
    void p.figureInputs?.corr
    backtestStrategy(one, 'sma_cross', {}, { initialCash: 10_000 })
    advise({ bars: one, riskScore: 50 })
    runBasket(
      series.map((s) => ({ symbol: s.symbol, bars: s })),
      'buy_hold',
      {},
      { initialCash: 10_000, rebalanceEvery: 21 },
    )
  }
  return performance.now() - t0
}

/** Rounds and pause of `settleEngines`. */
export const SETTLE_ROUNDS = 3
export const SETTLE_PAUSE_MS = 25

/**
 * One more engine round after each of `rounds` pauses of `pauseMs`. V8 compiles optimised code on its helper threads
 * and installs it at the function's next call; what `warmEngines` leaves marked or still compiling was otherwise
 * compiled during the first real request. Traced on restarts (`--trace-opt`): with the engine rounds alone, 2 and 17
 * functions were compiled during the first portfolio (in the slow one the covariance, which ran unoptimised meanwhile
 * and allocated 7 MB of boxed numbers), and that request took 9-18 ms (bench restart column, medians of 3); with these
 * three pauses, 0-3 were (six restarts), and it took 6-9 ms, for 50-90 ms more start-up. Answers the rounds run and
 * their time, pauses included (ms).
 */
export async function settleEngines(
  series: readonly BarColumns[],
  rounds = SETTLE_ROUNDS,
  pauseMs = SETTLE_PAUSE_MS,
): Promise<{ rounds: number; ms: number }> {
  const t0 = performance.now()
  let ran = 0
  for (; ran < rounds; ran++) {
    await new Promise((r) => setTimeout(r, pauseMs))
    warmEngines(series, 1)
  }
  return { rounds: ran, ms: performance.now() - t0 }
}
