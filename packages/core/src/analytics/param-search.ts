import { ValidationError } from '../errors.ts'
import { mulberry32, normal } from '../market/random.ts'
import { type ExecutionOptions, type PriceBars, runBacktest } from './backtest.ts'
import { type BacktestMetrics, computeMetrics, tradeStats } from './metrics.ts'
import { resolveStrategy, STRATEGIES, type Strategy } from './strategies.ts'

/** Metrics a search may maximise (drawdown is minimised by maximising its negative). */
export const OBJECTIVES = [
  'sharpe',
  'sortino',
  'cagr',
  'calmar',
  'total_return',
  'profit_factor',
  'max_drawdown',
] as const
export type Objective = (typeof OBJECTIVES)[number]

/** A search dimension: an inclusive range (with an optional grid step) or an explicit list of values. */
export type ParamRange = { min: number; max: number; step?: number } | readonly number[]

export interface SearchSpec {
  strategy: string
  /** Ranges to search; parameters left out stay at their defaults. Defaults to every parameter's full range. */
  space?: Record<string, ParamRange>
  method?: 'grid' | 'random' | 'tpe'
  /** Trials for random and TPE; grids evaluate every point (up to maxTrials). */
  trials?: number
  objective?: Objective
  seed?: number
  initialCash?: number
  execution?: ExecutionOptions
  /** Hard cap on evaluations, so a request cannot ask for unbounded work. */
  maxTrials?: number
}

export interface Trial {
  params: Record<string, number>
  /** Objective value; null when undefined for these params (no trades, zero volatility...). */
  score: number | null
}

export interface SearchResult {
  best: { params: Record<string, number>; score: number | null; metrics: BacktestMetrics } | null
  trials: Trial[]
  evaluated: number
}

/** Progress callback: evaluations done, planned total, best score so far. */
export type Progress = (done: number, total: number, best: number | null) => void

/** Evaluates many parameter sets; the default runs in this thread, the worker pool supplies a parallel one. */
export type Evaluator = (
  bars: PriceBars,
  spec: SearchSpec,
  params: Record<string, number>[],
) => Promise<(number | null)[]> | (number | null)[]

const METRIC_OF: Record<Objective, (m: BacktestMetrics) => number | null> = {
  sharpe: (m) => m.sharpe,
  sortino: (m) => m.sortino,
  cagr: (m) => m.cagr,
  calmar: (m) => m.calmar,
  total_return: (m) => m.totalReturn,
  profit_factor: (m) => m.profitFactor,
  max_drawdown: (m) => -m.maxDrawdown,
}

/** The objective's value for one metrics object. */
export function objectiveValue(m: BacktestMetrics, objective: Objective): number | null {
  const v = METRIC_OF[objective](m)
  return v === null || !Number.isFinite(v) ? null : v
}

/** Backtests one parameter set and scores it; invalid combinations (fast >= slow...) score null. */
export function scoreParams(
  bars: PriceBars,
  spec: SearchSpec,
  params: Record<string, number>,
): number | null {
  const strategy = STRATEGIES[spec.strategy]!
  if (strategy.problem?.(params) || bars.close.length < strategy.warmup(params) + 1) return null
  const r = runBacktest(bars, strategy.signals(bars, params), {
    initialCash: spec.initialCash,
    execution: spec.execution,
    collectTrades: false,
  })
  return objectiveValue(r.metrics, spec.objective ?? 'sharpe')
}

/** Default evaluator: sequential, in this thread. */
export const localEvaluator: Evaluator = (bars, spec, list) => list.map((p) => scoreParams(bars, spec, p))

interface Dim {
  name: string
  values?: number[]
  min: number
  max: number
  integer: boolean
}

function dimensions(strategy: Strategy, spec: SearchSpec): { dims: Dim[]; fixed: Record<string, number> } {
  const space = spec.space ?? Object.fromEntries(Object.entries(strategy.params).map(([k, p]) => [k, p]))
  const dims: Dim[] = []
  const fixed: Record<string, number> = {}
  for (const [name, p] of Object.entries(strategy.params)) {
    const r = space[name]
    if (!r) {
      fixed[name] = p.default
      continue
    }
    const field = `space.${name}`
    if (Array.isArray(r)) {
      const list = r as readonly number[]
      if (list.length === 0) throw new ValidationError(`${field} is empty`, { details: { field } })
      for (const v of list)
        if (!Number.isFinite(v) || v < p.min || v > p.max || (p.integer && !Number.isInteger(v)))
          throw new ValidationError(`${field} value ${v} is outside [${p.min}, ${p.max}]`, {
            details: { field },
          })
      dims.push({
        name,
        values: [...list],
        min: Math.min(...list),
        max: Math.max(...list),
        integer: p.integer,
      })
      continue
    }
    const { min, max, step } = r as { min: number; max: number; step?: number }
    if (!(min <= max) || min < p.min || max > p.max)
      throw new ValidationError(`${field} must lie within [${p.min}, ${p.max}] with min <= max`, {
        details: { field },
      })
    let values: number[] | undefined
    if (step !== undefined || p.integer) {
      const s = step ?? 1
      if (!(s > 0)) throw new ValidationError(`${field}.step must be positive`, { details: { field } })
      values = []
      for (let v = min; v <= max + 1e-9; v += s) values.push(p.integer ? Math.round(v) : v)
      values = [...new Set(values)]
    }
    dims.push({ name, values, min, max, integer: p.integer })
  }
  for (const k of Object.keys(space))
    if (!(k in strategy.params))
      throw new ValidationError(`strategy '${strategy.name}' has no param '${k}'`, {
        details: { field: `space.${k}` },
      })
  return { dims, fixed }
}

function gridPoints(dims: Dim[], fixed: Record<string, number>, cap: number): Record<string, number>[] {
  let total = 1
  for (const d of dims) {
    if (!d.values)
      throw new ValidationError(`grid search needs a step for '${d.name}'`, {
        details: { field: `space.${d.name}` },
      })
    total *= d.values.length
  }
  if (total > cap)
    throw new ValidationError(`grid has ${total} points; the limit is ${cap} (use random or tpe)`, {
      details: { field: 'space', points: total, limit: cap },
    })
  const out: Record<string, number>[] = []
  const idx = new Array<number>(dims.length).fill(0)
  for (let c = 0; c < total; c++) {
    const p: Record<string, number> = { ...fixed }
    dims.forEach((d, i) => {
      p[d.name] = d.values![idx[i]!]!
    })
    out.push(p)
    for (let i = dims.length - 1; i >= 0; i--) {
      idx[i]!++
      if (idx[i]! < dims[i]!.values!.length) break
      idx[i] = 0
    }
  }
  return out
}

function sampleUniform(d: Dim, rand: () => number): number {
  if (d.values) return d.values[Math.floor(rand() * d.values.length)]!
  const v = d.min + rand() * (d.max - d.min)
  return d.integer ? Math.round(v) : v
}

/**
 * One TPE proposal (Bergstra et al. 2011, per-dimension independent Parzen estimators as Optuna's default):
 * split past trials into the best quarter and the rest, draw candidates around the good ones and keep the one
 * with the highest good/bad density ratio.
 */
function tpePropose(
  dims: Dim[],
  fixed: Record<string, number>,
  history: Trial[],
  rand: () => number,
  gauss: () => number,
): Record<string, number> {
  const scored = history.filter((t) => t.score !== null).sort((a, b) => b.score! - a.score!)
  const nGood = Math.max(1, Math.ceil(0.25 * scored.length))
  const good = scored.slice(0, nGood)
  const bad = scored.slice(nGood).concat(history.filter((t) => t.score === null))
  const p: Record<string, number> = { ...fixed }
  for (const d of dims) {
    const width = Math.max(d.max - d.min, 1e-9)
    const density = (set: Trial[], x: number, bw: number) => {
      // Prior component over the whole range keeps densities positive.
      let s = 1 / width
      for (const t of set) {
        const z = (x - t.params[d.name]!) / bw
        s += Math.exp(-0.5 * z * z) / (bw * Math.sqrt(2 * Math.PI))
      }
      return s / (set.length + 1)
    }
    const bwGood = width / Math.max(1, good.length) ** 0.5 / 2
    const bwBad = width / Math.max(1, bad.length) ** 0.5 / 2
    let best = sampleUniform(d, rand)
    let bestRatio = Number.NEGATIVE_INFINITY
    for (let c = 0; c < 24; c++) {
      const center = good[Math.floor(rand() * good.length)]!.params[d.name]!
      let x = center + gauss() * bwGood
      x = Math.min(d.max, Math.max(d.min, x))
      if (d.values) x = d.values.reduce((a, b) => (Math.abs(b - x) < Math.abs(a - x) ? b : a))
      else if (d.integer) x = Math.round(x)
      const ratio = density(good, x, bwGood) / density(bad, x, bwBad)
      if (ratio > bestRatio) {
        bestRatio = ratio
        best = x
      }
    }
    p[d.name] = best
  }
  return p
}

/**
 * How many backtests a search will run (grid points, or trials for random and TPE), without running any: the
 * API's cost model prices a request by it. Throws the same ValidationError as the search for a bad space.
 */
export function plannedEvaluations(spec: SearchSpec): number {
  const { strategy } = resolveStrategy(spec.strategy)
  const { dims } = dimensions(strategy, spec)
  if ((spec.method ?? 'grid') !== 'grid') return Math.max(1, spec.trials ?? 100)
  let total = 1
  for (const d of dims) {
    if (!d.values)
      throw new ValidationError(`grid search needs a step for '${d.name}'`, {
        details: { field: `space.${d.name}` },
      })
    total *= d.values.length
  }
  return total
}

const better = (a: number | null, b: number | null) => a !== null && (b === null || a > b)

/**
 * Searches strategy parameters by grid, random sampling or TPE and returns every trial and the best one.
 * Work is handed to `evaluate` in batches (so a worker pool can run them in parallel); TPE proposes one batch
 * per round from the trials so far.
 */
export async function searchParams(
  bars: PriceBars,
  spec: SearchSpec,
  options: { evaluate?: Evaluator; onProgress?: Progress; batchSize?: number; signal?: AbortSignal } = {},
): Promise<SearchResult> {
  const { strategy } = resolveStrategy(spec.strategy)
  const { dims, fixed } = dimensions(strategy, spec)
  const method = spec.method ?? 'grid'
  const cap = spec.maxTrials ?? 20_000
  const evaluate = options.evaluate ?? localEvaluator
  const batch = Math.max(1, options.batchSize ?? 256)
  const rand = mulberry32(spec.seed ?? 42)
  const gauss = normal(rand)
  const trials: Trial[] = []
  let best: Trial | null = null
  const total = method === 'grid' ? 0 : Math.min(spec.trials ?? 100, cap)
  if (method !== 'grid' && !(total >= 1))
    throw new ValidationError('trials must be at least 1', { details: { field: 'trials' } })

  const run = async (list: Record<string, number>[], planned: number) => {
    const scores = await evaluate(bars, spec, list)
    list.forEach((params, i) => {
      const t = { params, score: scores[i] ?? null }
      trials.push(t)
      if (!best || better(t.score, best.score)) best = t
    })
    options.onProgress?.(trials.length, planned, best?.score ?? null)
    if (options.signal?.aborted) throw new ValidationError('optimisation was cancelled')
  }

  if (method === 'grid') {
    const points = gridPoints(dims, fixed, cap)
    for (let i = 0; i < points.length; i += batch) await run(points.slice(i, i + batch), points.length)
  } else if (method === 'random') {
    for (let done = 0; done < total; ) {
      const n = Math.min(batch, total - done)
      const list = Array.from({ length: n }, () => {
        const p: Record<string, number> = { ...fixed }
        for (const d of dims) p[d.name] = sampleUniform(d, rand)
        return p
      })
      await run(list, total)
      done += n
    }
  } else if (method === 'tpe') {
    const startup = Math.min(total, Math.max(10, dims.length * 3))
    const round = Math.max(1, options.batchSize ?? 1)
    while (trials.length < total) {
      const n = Math.min(trials.length < startup ? startup - trials.length : round, total - trials.length)
      const list = Array.from({ length: n }, () => {
        if (trials.length < startup || !trials.some((t) => t.score !== null)) {
          const p: Record<string, number> = { ...fixed }
          for (const d of dims) p[d.name] = sampleUniform(d, rand)
          return p
        }
        return tpePropose(dims, fixed, trials, rand, gauss)
      })
      await run(list, total)
    }
  } else throw new ValidationError(`unknown method '${String(method)}'`, { details: { field: 'method' } })

  const top = best as Trial | null
  if (!top || top.score === null) return { best: null, trials, evaluated: trials.length }
  const r = runBacktest(bars, strategy.signals(bars, top.params), {
    initialCash: spec.initialCash,
    execution: spec.execution,
    collectTrades: false,
  })
  return {
    best: { params: top.params, score: top.score, metrics: r.metrics },
    trials,
    evaluated: trials.length,
  }
}

/** Bars [from, to) as a view (typed arrays are sliced without copying). */
export function sliceBars(bars: PriceBars, from: number, to: number): PriceBars {
  const cut = (a: ArrayLike<number>) =>
    ArrayBuffer.isView(a) ? (a as Float64Array).subarray(from, to) : Array.prototype.slice.call(a, from, to)
  return {
    dates: bars.dates.slice(from, to),
    open: cut(bars.open),
    high: cut(bars.high),
    low: cut(bars.low),
    close: cut(bars.close),
  }
}

/** Out-of-sample metrics of params on bars [from, to): indicators warm up on earlier bars, trading starts at `from`. */
export function evaluateWindow(
  bars: PriceBars,
  spec: SearchSpec,
  params: Record<string, number>,
  from: number,
  to: number,
): BacktestMetrics {
  const strategy = STRATEGIES[spec.strategy]!
  const lead = Math.min(from, strategy.warmup(params))
  const view = sliceBars(bars, from - lead, to)
  const sig = strategy.signals(view, params)
  sig.fill(0, 0, lead)
  const r = runBacktest(view, sig, { initialCash: spec.initialCash, execution: spec.execution })
  const eq = r.equity.subarray(lead)
  const inMarket = r.trades.reduce((s, t) => s + ((t.exitIndex ?? view.close.length) - t.entryIndex), 0)
  const close = view.close
  return computeMetrics(eq, tradeStats(r.trades), inMarket, close[close.length - 1]! / close[lead]! - 1)
}

export interface WalkForwardSpec extends SearchSpec {
  folds: number
  /** Share of each fold used for fitting (the rest is tested); default 0.7. */
  trainFraction?: number
  /** 'rolling' windows of equal size, or 'anchored' training windows that all start at the first bar. */
  mode?: 'rolling' | 'anchored'
}

export interface WalkForwardFold {
  trainFrom: string
  trainTo: string
  testFrom: string
  testTo: string
  params: Record<string, number> | null
  trainScore: number | null
  testScore: number | null
  testMetrics: BacktestMetrics | null
}

/**
 * Walk-forward evaluation: the series is cut into `folds` consecutive windows; in each, parameters are fitted
 * on the training part and scored on the following unseen part. The mean test score is the honest estimate.
 */
export async function walkForward(
  bars: PriceBars,
  spec: WalkForwardSpec,
  options: { evaluate?: Evaluator; onProgress?: Progress; batchSize?: number; signal?: AbortSignal } = {},
): Promise<{ folds: WalkForwardFold[]; meanTestScore: number | null }> {
  const n = bars.close.length
  const k = spec.folds
  if (!Number.isInteger(k) || k < 1 || k > 50)
    throw new ValidationError('folds must be an integer in [1, 50]', {
      details: { field: 'walkForward.folds' },
    })
  const frac = spec.trainFraction ?? 0.7
  if (!(frac > 0 && frac < 1)) throw new ValidationError('trainFraction must be in (0, 1)')
  const size = Math.floor(n / k)
  if (size < 20)
    throw new ValidationError(`too few bars (${n}) for ${k} walk-forward folds`, {
      details: { field: 'bars' },
    })
  const folds: WalkForwardFold[] = []
  for (let f = 0; f < k; f++) {
    const start = spec.mode === 'anchored' ? 0 : f * size
    const end = f === k - 1 ? n : (f + 1) * size
    const split = f * size + Math.floor(size * frac)
    const train = sliceBars(bars, start, split)
    const res = await searchParams(train, spec, {
      ...options,
      onProgress: options.onProgress ? (d, t, b) => options.onProgress!(f * t + d, k * t, b) : undefined,
    })
    const params = res.best?.params ?? null
    const test = params ? evaluateWindow(bars, spec, params, split, end) : null
    folds.push({
      trainFrom: bars.dates[start]!,
      trainTo: bars.dates[split - 1]!,
      testFrom: bars.dates[split]!,
      testTo: bars.dates[end - 1]!,
      params,
      trainScore: res.best?.score ?? null,
      testScore: test ? objectiveValue(test, spec.objective ?? 'sharpe') : null,
      testMetrics: test,
    })
  }
  const scores = folds.map((f) => f.testScore).filter((s): s is number => s !== null)
  return { folds, meanTestScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null }
}
