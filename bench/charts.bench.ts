/**
 * `npm run bench -- charts`: server-side render time of every chart type at 1,000 and 2,500 points (ECharts SSR
 * to SVG, medians over repeats), the PNG rasterisation of the equity chart, and the equity chart drawn from the
 * full series against the LTTB display series (the ratio is what downsampling for display saves).
 */
import {
  bestSoFarChart,
  type ChartSpec,
  correlationChart,
  dendrogramChart,
  equityChart,
  frontierChart,
  heatmapChart,
  latencyChart,
  type PortfolioFigures,
  renderSvg,
  sentimentChart,
  svgToPng,
  tradesChart,
  walkForwardChart,
} from '@supernova/reports'
import { median, report, round } from './lib.ts'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 7)

function series(n: number) {
  const dates: string[] = []
  const close: number[] = []
  let p = 100
  for (let i = 0; i < n; i++) {
    dates.push(new Date(Date.UTC(2012, 0, 2) + i * 86_400_000).toISOString().slice(0, 10))
    p *= 1 + 0.0004 + 0.015 * Math.sin(i * 12.9898) * Math.cos(i * 0.37)
    close.push(p)
  }
  const equity = close.map((c, i) => 10_000 * (1 + (c / close[0]! - 1) * 0.6) + (i % 50))
  const trades = Array.from({ length: Math.floor(n / 50) }, (_, k) => ({
    side: 'long' as const,
    entryDate: dates[k * 50 + 5]!,
    entryPrice: close[k * 50 + 5]!,
    exitDate: dates[k * 50 + 30]!,
    exitPrice: close[k * 50 + 30]!,
  }))
  return { label: 'BENCH', dates, close, equity, trades }
}

function charts(n: number): ChartSpec[] {
  const s = series(n)
  const side = Math.round(Math.sqrt(n))
  const trials = Array.from({ length: n }, (_, i) => ({
    params: { fast: i % side, slow: Math.floor(i / side) },
    score: Math.sin(i / 17) + (i % side) / side,
  }))
  const tickers = Array.from({ length: 40 }, (_, i) => `T${i}`)
  const corr = tickers.flatMap((_, i) =>
    tickers.map((_, j) => (i === j ? 1 : 0.3 + 0.5 * Math.cos(i - j) ** 2)),
  )
  const linkage = tickers.slice(1).flatMap((_, k) => [k === 0 ? 0 : 40 + k - 1, k + 1, 0.1 + k * 0.01, k + 2])
  const figures: PortfolioFigures = {
    tickers,
    frontier: Array.from({ length: 24 }, (_, i) => ({
      expectedReturn: 0.05 + i * 0.005,
      volatility: 0.1 + i * i * 0.0004,
      sharpe: 1,
    })),
    tangency: { expectedReturn: 0.1, volatility: 0.15, sharpe: 0.5 },
    minVolatility: { expectedReturn: 0.05, volatility: 0.1, sharpe: 0.3 },
    assets: tickers.map((t, i) => ({
      ticker: t,
      expectedReturn: 0.02 + i * 0.003,
      volatility: 0.15 + i * 0.004,
    })),
    correlation: corr,
    linkage,
  }
  const key = (e: string) => `plugins.metrics-by-endpoint.response_time.${e}`
  const endpoints = ['GET /a', 'GET /b', 'POST /c', 'POST /d']
  const load = {
    aggregate: { summaries: Object.fromEntries(endpoints.map((e) => [key(e), { p95: 1, p99: 1 }])) },
    intermediate: Array.from({ length: Math.floor(n / 4) }, (_, k) => ({
      period: 1_796_017_540_000 + k * 10_000,
      summaries: Object.fromEntries(endpoints.map((e, i) => [key(e), { p95: 5 + i + (k % 9), p99: 9 + i }])),
    })),
  }
  const folds = Array.from({ length: 10 }, (_, k) => ({
    trainFrom: s.dates[k * Math.floor(n / 10)]!,
    trainTo: s.dates[k * Math.floor(n / 10) + Math.floor(n / 20)]!,
    testFrom: s.dates[k * Math.floor(n / 10) + Math.floor(n / 20) + 1]!,
    testTo: s.dates[(k + 1) * Math.floor(n / 10) - 1]!,
    trainScore: 1,
    testScore: 0.5,
  }))
  return [
    equityChart(s),
    tradesChart(s),
    heatmapChart(trials, 'sharpe')!,
    bestSoFarChart(trials, 'sharpe'),
    walkForwardChart(folds, 'sharpe'),
    frontierChart(figures, figures.tangency!),
    correlationChart(figures)!,
    dendrogramChart(figures)!,
    sentimentChart({
      symbol: 'BENCH',
      prices: s.dates.map((date, i) => ({ date, close: s.close[i]! })),
      days: s.dates.map((date, i) => ({ date, meanScore: Math.sin(i / 7), count: 3 })),
    }),
    latencyChart(load),
  ]
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn() // warm-up: module load and JIT
  const runs: number[] = []
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now()
    await fn()
    runs.push(performance.now() - t)
  }
  return round(median(runs), 2)
}

const medians: Record<string, Record<string, number>> = {}
for (const n of [1_000, 2_500]) {
  const row: Record<string, number> = {}
  for (const spec of charts(n)) row[spec.name] = await time(() => renderSvg(spec))
  const svg = await renderSvg(equityChart(series(n)))
  row['equity.png'] = await time(() => svgToPng(svg))
  row['equity-full-series'] = await time(() =>
    renderSvg(equityChart({ ...series(n), displayPoints: Number.POSITIVE_INFINITY })),
  )
  medians[`points_${n}`] = row
}
const ratios = Object.fromEntries(
  Object.entries(medians).map(([k, r]) => [
    `${k}_full_over_lttb`,
    round(r['equity-full-series']! / r.equity!, 2),
  ]),
)
report({ name: 'charts', repeats: REPEATS, medians, ratios })
