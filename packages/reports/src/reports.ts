import { type BacktestSeries, equityChart, type TradePoint, tradesChart } from './charts/backtest.ts'
import { fmt, pct } from './charts/common.ts'
import {
  correlationChart,
  dendrogramChart,
  frontierChart,
  type Perf,
  type PortfolioFigures,
  weightsChart,
} from './charts/portfolio.ts'
import {
  bestSoFarChart,
  heatmapChart,
  type StudyFold,
  type StudyTrial,
  walkForwardChart,
} from './charts/study.ts'
import type { ReportPage } from './html.ts'
import type { ChartSpec } from './render.ts'

/** The result kinds that have reports. */
export const REPORT_KINDS = ['backtest', 'optimization', 'portfolio'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

/** A stored result as the API reads it back: what the route answered, its inputs, and chart-only data. */
export interface StoredResult {
  id: string
  kind: ReportKind
  createdAt: string
  input: Record<string, unknown>
  // biome-ignore lint/suspicious/noExplicitAny: results are JSON documents of several shapes, read defensively
  result: any
  /** Data only the charts need (closes for buy-and-hold, portfolio frontier and clustering). */
  // biome-ignore lint/suspicious/noExplicitAny: as above
  extra?: any
}

const opt = (v: unknown, digits = 2): string => (typeof v === 'number' ? fmt(v, digits) : 'n/a')
const optPct = (v: unknown): string => (typeof v === 'number' ? pct(v) : 'n/a')

function backtestSeries(r: StoredResult): BacktestSeries {
  const equity = (r.result.equity ?? []) as { date: string; value: number }[]
  return {
    label: r.result.symbol ?? (r.result.symbols ? `Basket of ${r.result.symbols.length}` : 'Backtest'),
    dates: equity.map((e) => e.date),
    equity: equity.map((e) => e.value),
    close: Array.isArray(r.extra?.close) ? (r.extra.close as number[]) : undefined,
    trades: (r.result.trades ?? []) as TradePoint[],
  }
}

/** Every chart of a stored result, by kind. */
export function chartsOf(r: StoredResult): ChartSpec[] {
  const out: (ChartSpec | undefined)[] = []
  if (r.kind === 'backtest') {
    const s = backtestSeries(r)
    out.push(equityChart(s))
    if (s.close) out.push(tradesChart({ ...s, close: s.close }))
  } else if (r.kind === 'optimization') {
    const objective = String(r.result.objective ?? r.input.objective ?? 'score')
    const trials = (r.result.trials ?? []) as StudyTrial[]
    const method = r.result.method ?? r.input.method
    if (trials.length) {
      out.push(heatmapChart(trials, objective))
      if (method === 'random' || method === 'tpe') out.push(bestSoFarChart(trials, objective))
    }
    const folds = r.result.walkForward?.folds as StudyFold[] | undefined
    if (folds?.length) out.push(walkForwardChart(folds, objective))
  } else {
    const f = r.extra?.figures as PortfolioFigures | undefined
    if (f?.frontier?.length) out.push(frontierChart(f, r.result.performance as Perf))
    out.push(weightsChart(r.result.weights as Record<string, number>))
    if (f) out.push(correlationChart(f), dendrogramChart(f))
  }
  return out.filter((c): c is ChartSpec => c !== undefined)
}

/** The chart names a stored result has. */
export function chartNames(r: StoredResult): string[] {
  return chartsOf(r).map((c) => c.name)
}

/** Title, key figures, inputs and notes of a report page (charts are added by the caller). */
export function pageOf(r: StoredResult): Omit<ReportPage, 'charts'> {
  const when = `${r.id} · ${r.createdAt}`
  if (r.kind === 'backtest') {
    const m = r.result.metrics ?? {}
    const s = r.result.strategy ?? {}
    return {
      title: `Backtest: ${r.result.symbol ?? (r.result.symbols ?? []).join(', ')} · ${s.name ?? ''}`,
      subtitle: when,
      figures: [
        { label: 'Total return', value: optPct(m.totalReturn) },
        { label: 'Buy and hold', value: optPct(m.benchmarkReturn) },
        { label: 'CAGR', value: optPct(m.cagr) },
        { label: 'Sharpe', value: opt(m.sharpe) },
        { label: 'Sortino', value: opt(m.sortino) },
        { label: 'Max drawdown', value: optPct(m.maxDrawdown) },
        { label: 'Volatility', value: optPct(m.volatility) },
        { label: 'Trades', value: opt(m.trades, 0) },
        { label: 'Win rate', value: optPct(m.winRate) },
        { label: 'Final value (USD)', value: opt(m.finalValue) },
      ],
      inputs: { ...r.input, strategy: s.name, params: s.params },
      notes: r.extra?.close
        ? []
        : ['Buy and hold and the trade chart need one symbol; this result has none stored (a basket).'],
    }
  }
  if (r.kind === 'optimization') {
    const best = r.result.best
    const wf = r.result.walkForward
    return {
      title: `Study: ${r.result.symbol ?? ''} · ${r.result.strategy ?? r.input.strategy ?? ''}`,
      subtitle: when,
      figures: wf
        ? [
            { label: 'Folds', value: String(wf.folds?.length ?? 0) },
            { label: `Mean test ${r.result.objective ?? 'score'}`, value: opt(wf.meanTestScore) },
          ]
        : [
            { label: `Best ${r.result.objective ?? 'score'}`, value: opt(best?.score) },
            {
              label: 'Best params',
              value: best
                ? Object.entries(best.params as Record<string, number>)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')
                : 'n/a',
            },
            { label: 'Evaluated', value: opt(r.result.evaluated, 0) },
            { label: 'Best total return', value: optPct(best?.metrics?.totalReturn) },
            { label: 'Best max drawdown', value: optPct(best?.metrics?.maxDrawdown) },
          ],
      inputs: { ...r.input },
      notes: [],
    }
  }
  const p = r.result.performance ?? {}
  const a = r.result.analytics ?? {}
  const held = Object.values((r.result.weights ?? {}) as Record<string, number>).filter(
    (w) => Math.abs(w) > 1e-6,
  )
  return {
    title: `Portfolio: ${String(r.input.objective ?? '')}`,
    subtitle: when,
    figures: [
      { label: 'Expected return', value: optPct(p.expectedReturn) },
      { label: 'Volatility', value: optPct(p.volatility) },
      { label: 'Sharpe', value: opt(p.sharpe) },
      { label: 'Realised return', value: optPct(a.annualReturn) },
      { label: 'Max drawdown', value: optPct(a.maxDrawdown) },
      { label: 'VaR (1 day)', value: optPct(a.valueAtRisk) },
      { label: 'CVaR (1 day)', value: optPct(a.conditionalValueAtRisk) },
      { label: 'Holdings', value: String(held.length) },
    ],
    inputs: { ...r.input },
    notes:
      r.extra?.figures?.correlation === null
        ? ['The correlation heatmap and dendrogram are drawn for universes of up to 60 assets.']
        : [],
  }
}
