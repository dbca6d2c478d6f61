/** The portfolio optimisation's input checks and compute job, shared by the route and the `portfolio-optimization` task. */
import { alignClosesPairwise, type OhlcvColumns, ValidationError } from '@supernova/core'
import type { ComputeJob } from '@supernova/queue'
import type { z } from 'zod'
import { COST_LIMITS, type Cost, portfolioCost } from '../cost.ts'
import type { PortfolioBody } from './analytics-inputs.ts'

type Body = z.output<typeof PortfolioBody>
type Read = (symbols: string[], range: { from?: string; to?: string }) => Promise<{ series: OhlcvColumns[] }>

/** The cost of a stored-universe portfolio before its histories load (assumed ten years of days). */
export function storedPortfolioCost(body: Body): Cost | undefined {
  if (!body.symbols || body.prices) return undefined
  return portfolioCost(new Set(body.symbols).size, COST_LIMITS.assumedBars, body.objective)
}

/** Checks the body and builds the job: inline prices as given, or the stored symbols' closes aligned pairwise. */
export async function portfolioJob(
  body: Body,
  read: Read,
  figures: boolean | 'inputs' = true,
): Promise<Extract<ComputeJob, { kind: 'portfolio' }>> {
  let tickers: string[]
  let prices: Float64Array[]
  if (body.prices && body.symbols)
    throw new ValidationError('Give either body.symbols or body.prices, not both.', {
      details: [{ field: 'body.prices', message: 'not allowed together with symbols' }],
    })
  if (body.prices) {
    const { dates, series } = body.prices
    tickers = Object.keys(series)
    prices = tickers.map((t) => {
      const s = series[t]!
      if (s.length !== dates.length)
        throw new ValidationError(`series ${t} has ${s.length} values for ${dates.length} dates`, {
          details: [{ field: `body.prices.series.${t}`, message: 'length differs from dates' }],
        })
      return Float64Array.from(s, (v) => (v === null ? Number.NaN : v))
    })
  } else if (body.symbols) {
    tickers = [...new Set(body.symbols)]
    const { series } = await read(tickers, body)
    prices = alignClosesPairwise(series).closes
  } else
    throw new ValidationError('Give body.symbols or body.prices.', {
      details: [{ field: 'body.symbols', message: 'required when prices are not given' }],
    })
  let bounds: [number, number] | [number, number][] | undefined
  if (Array.isArray(body.bounds)) bounds = body.bounds as [number, number]
  else if (body.bounds) {
    const per = body.bounds
    for (const k of Object.keys(per))
      if (!tickers.includes(k))
        throw new ValidationError(`bounds name '${k}', which is not in the universe`, {
          details: [{ field: `body.bounds.${k}`, message: 'unknown ticker' }],
        })
    bounds = tickers.map((t): [number, number] => per[t] ?? [0, 1])
  }
  return {
    kind: 'portfolio',
    input: {
      tickers,
      prices,
      objective: body.objective,
      targetReturn: body.targetReturn,
      targetVolatility: body.targetVolatility,
      riskFreeRate: body.riskFreeRate,
      riskModel: body.riskModel,
      expectedReturns: body.expectedReturns,
      compounding: body.compounding,
      bounds,
      linkage: body.linkage,
      figures,
    },
  }
}
