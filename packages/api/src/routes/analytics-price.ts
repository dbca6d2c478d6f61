/** Prices an analytics sub-request of a batch before it runs (the batch's sum is bounded by COST_LIMITS.batchMs). */
import { backtestCost, basketCost, COST_LIMITS, portfolioCost, searchCost } from '../cost.ts'
import { BacktestBody, OptimizationBody, PortfolioBody } from './analytics-inputs.ts'

/**
 * Estimated ms of computation of `method path body`; 0 for routes without a cost model and for bodies that will
 * be refused anyway (their own validation answers). Stored symbols are assumed to hold COST_LIMITS.assumedBars.
 */
export function priceAnalyticsRequest(method: string, path: string, body: unknown): number {
  if (method !== 'POST') return 0
  const route = path.split(/[?#]/)[0]!.replace(/\/+$/, '').toLowerCase()
  try {
    if (route === '/v1/portfolios/optimize') {
      const r = PortfolioBody.safeParse(body)
      if (!r.success) return 0
      const n = r.data.prices ? Object.keys(r.data.prices.series).length : (r.data.symbols?.length ?? 0)
      const t = r.data.prices?.dates.length ?? COST_LIMITS.assumedBars
      return portfolioCost(n, t, r.data.objective).ms
    }
    if (route === '/v1/optimizations') {
      const r = OptimizationBody.safeParse(body)
      if (!r.success) return 0
      const bars = r.data.bars?.length ?? COST_LIMITS.assumedBars
      return searchCost(r.data, bars, r.data.walkForward?.folds ?? 1).ms
    }
    if (route === '/v1/backtests') {
      const r = BacktestBody.safeParse(body)
      if (!r.success) return 0
      if (r.data.symbols) return basketCost(r.data.symbols.length, COST_LIMITS.assumedBars).ms
      return backtestCost(r.data.bars?.length ?? COST_LIMITS.assumedBars).ms
    }
  } catch {
    // a request past a hard limit is refused by its own route, with the limit named
  }
  return 0
}
