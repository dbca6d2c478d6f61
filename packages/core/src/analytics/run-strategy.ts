import { ValidationError } from '../errors.ts'
import { type BacktestOptions, type BacktestResult, type PriceBars, runBacktest } from './backtest.ts'
import { resolveStrategy } from './strategies.ts'

/** Validates bars and parameters, then runs a named strategy; too few bars for its warm-up is a 400. */
export function backtestStrategy(
  bars: PriceBars,
  name: string,
  params: Record<string, number> = {},
  options: BacktestOptions = {},
): BacktestResult & { params: Record<string, number> } {
  const { strategy, params: full } = resolveStrategy(name, params)
  const need = strategy.warmup(full) + 1
  if (bars.close.length < need) {
    throw new ValidationError(
      `strategy '${name}' needs at least ${need} bars for its parameters; got ${bars.close.length}`,
      { details: { field: 'bars', need, got: bars.close.length } },
    )
  }
  for (let i = 0; i < bars.close.length; i++) {
    const c = bars.close[i]!
    const o = bars.open[i]!
    if (!(c > 0) || !(o > 0)) {
      throw new ValidationError(`bar ${i} (${bars.dates[i]}) has a missing, NaN or non-positive price`, {
        details: { field: `bars[${i}]` },
      })
    }
  }
  return { ...runBacktest(bars, strategy.signals(bars, full), options), params: full }
}
