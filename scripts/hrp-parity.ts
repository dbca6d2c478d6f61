/**
 * HRP against PyPortfolioOpt's HRPOpt: largest weight and performance differences per case and linkage.
 *   npx tsx scripts/hrp-parity.ts
 * Reference: packages/core/src/analytics/portfolio/hrp-reference.json (from scripts/hrp-reference.py).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Linkage, optimizePortfolio } from '@supernova/core'
import { readPriceTableFixture } from '@supernova/testing'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const table = readPriceTableFixture('pypfopt', 'stock_prices.csv')
const reference = JSON.parse(
  readFileSync(join(root, 'packages/core/src/analytics/portfolio/hrp-reference.json'), 'utf8'),
) as {
  ties: [string, string][]
  results: {
    case: 'stock_prices' | 'ties'
    linkage: Linkage
    weights: Record<string, number>
    riskFreeRate: number
    performance: { expectedReturn: number; volatility: number; sharpe: number }
  }[]
}
const column = (t: string) => table.series[table.tickers.indexOf(t)]!
const cases = {
  stock_prices: { tickers: table.tickers, prices: table.series },
  ties: { tickers: reference.ties.map(([n]) => n), prices: reference.ties.map(([, s]) => column(s)) },
}
const rows = reference.results.map((ref) => {
  const { tickers, prices } = cases[ref.case]
  const r = optimizePortfolio({
    tickers,
    prices,
    objective: 'hrp',
    linkage: ref.linkage,
    compounding: false,
    riskFreeRate: ref.riskFreeRate,
  })
  const weight = Math.max(...tickers.map((t) => Math.abs(r.weights[t]! - ref.weights[t]!)))
  const p = r.performance
  const q = ref.performance
  return {
    case: ref.case,
    linkage: ref.linkage,
    maxWeightDiff: weight,
    performance: [p.expectedReturn, p.volatility, p.sharpe],
    performanceDiff: [p.expectedReturn - q.expectedReturn, p.volatility - q.volatility, p.sharpe - q.sharpe],
  }
})
for (const r of rows)
  console.log(
    `${r.case.padEnd(12)} ${r.linkage.padEnd(8)} max |dw| ${r.maxWeightDiff.toExponential(2)}  ` +
      `(mu, sigma, sharpe) ${r.performance.map((x) => x.toFixed(12)).join(', ')}  ` +
      `diff ${r.performanceDiff.map((x) => x.toExponential(1)).join(', ')}`,
  )
console.log(JSON.stringify({ maxWeightDiff: Math.max(...rows.map((r) => r.maxWeightDiff)) }))
