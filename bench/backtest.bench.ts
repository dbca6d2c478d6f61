/**
 * `npm run bench -- backtest`:
 * 1. sweep: the 4,851 pairs of SMA windows 2..100 on nvda-1999-2014.txt (fill at close, 100 % of equity,
 *    0.1 % commission per fill, like vectorbt's README sweep with fees=0.001), one core. The fused kernel is
 *    compared with the general path (signals + runBacktest per pair) in the same run; both give equal metrics.
 * 2. universe: one strategy (ma_cross 20/50, next-open fills, commission, slippage, full trade list and metrics)
 *    over 500 synthetic symbols x 10 years of daily bars.
 * Goals from the issue: sweep < 100 ms, universe < 1 s; ratios > 1 mean the goal is met with that margin.
 */
import { backtestStrategy, generateUniverseBars, SECTORS, type SymbolInfo } from '@supernova/core'
import { readOhlcvFixture } from '@supernova/testing'
import { maCrossSweep } from './kernels/ma-cross-sweep.ts'
import { median, report, round } from './lib.ts'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 7)
const nvda = readOhlcvFixture('backtrader', 'nvda-1999-2014.txt')
const windows = Array.from({ length: 99 }, (_, i) => i + 2)
const execution = { fill: 'close' as const, commission: { percent: 0.1 } }

/** Wall time in ms; CPU time of this process is kept too, since the machine may be shared. */
const cpuMs: number[] = []
const timeIt = (fn: () => unknown, cpu?: number[]) => {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  fn()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  cpu?.push((c.user + c.system) / 1000)
  return wall
}

// 1. Sweep: fused kernel vs the general engine per pair.
const kernel = () => maCrossSweep(nvda, windows, { execution, percent: 100 })
const general = () => {
  const out = []
  for (let a = 0; a < windows.length; a++)
    for (let b = a + 1; b < windows.length; b++)
      out.push(
        backtestStrategy(
          nvda,
          'ma_cross',
          { fast: windows[a]!, slow: windows[b]! },
          {
            execution: { ...execution, sizing: { percent: 100 } },
            collectTrades: false,
          },
        ).metrics,
      )
  return out
}
const rows = kernel()
const ref = general()
let mismatches = 0
rows.forEach((r, i) => {
  if (r.metrics.finalValue !== ref[i]!.finalValue || r.metrics.sharpe !== ref[i]!.sharpe) mismatches++
})
if (rows.length !== 4851 || mismatches > 0) {
  console.error(`sweep check failed: ${rows.length} rows, ${mismatches} mismatches`)
  process.exit(1)
}
globalThis.gc?.()
const kernelMs: number[] = []
const generalMs: number[] = []
for (let r = 0; r < REPEATS; r++) {
  kernelMs.push(timeIt(kernel, cpuMs))
  if (r < 3) generalMs.push(timeIt(general))
}
const best = rows.reduce((a, b) => ((b.metrics.totalReturn ?? 0) > (a.metrics.totalReturn ?? 0) ? b : a))
console.error(`sweep: kernel ${round(median(kernelMs), 1)} ms, general ${round(median(generalMs), 1)} ms`)

// 2. Universe: 500 symbols x 10 years.
const sectors = Object.keys(SECTORS).filter((s) => s !== 'ETF')
const universe: SymbolInfo[] = Array.from({ length: 500 }, (_, i) => ({
  symbol: `SYN${String(i).padStart(3, '0')}`,
  name: `Synthetic ${i}`,
  sector: sectors[i % sectors.length]!,
  exchange: 'SYN',
  currency: 'USD',
}))
const data = generateUniverseBars(universe, { from: '2015-01-01', to: '2024-12-31' })
const barsTotal = data.reduce((s, b) => s + b.close.length, 0)
const runUniverse = () => {
  let trades = 0
  for (const b of data)
    trades += backtestStrategy(
      b,
      'ma_cross',
      { fast: 20, slow: 50 },
      {
        initialCash: 100_000,
        execution: {
          fill: 'next_open',
          sizing: { percent: 100 },
          commission: { percent: 0.05 },
          slippageBps: 2,
        },
      },
    ).trades.length
  return trades
}
const trades = runUniverse()
globalThis.gc?.()
const universeMs: number[] = []
for (let r = 0; r < REPEATS; r++) universeMs.push(timeIt(runUniverse))
console.error(`universe: ${round(median(universeMs), 1)} ms for ${barsTotal} bars, ${trades} trades`)

const sweepMs = median(kernelMs)
const uniMs = median(universeMs)
report({
  name: 'backtest',
  medians: {
    sweep_4851_pairs_ms: round(sweepMs, 2),
    sweep_4851_pairs_cpu_ms: round(median(cpuMs), 2),
    sweep_general_engine_ms: round(median(generalMs), 2),
    universe_500x10y_ms: round(uniMs, 2),
  },
  ratios: {
    sweep_goal_100ms_over_measured: round(100 / sweepMs, 2),
    sweep_general_over_kernel: round(median(generalMs) / sweepMs, 2),
    universe_goal_1000ms_over_measured: round(1000 / uniMs, 2),
  },
  sweep: {
    pairs: rows.length,
    bars: nvda.close.length,
    best: { fast: best.fast, slow: best.slow, totalReturn: round(best.metrics.totalReturn, 4) },
  },
  universe: { symbols: data.length, bars: barsTotal, trades },
  repeats: REPEATS,
  loadAverage: (await import('node:os')).loadavg().map((x) => round(x, 2)),
})
