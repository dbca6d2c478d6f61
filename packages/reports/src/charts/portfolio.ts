import { axisStyle, baseOption, type ChartSpec } from '../render.ts'
import { COLORS, DIVERGING, INK, PALETTE } from '../theme.ts'
import { legend } from './common.ts'

/** Expected return, volatility and Sharpe ratio of one portfolio (annualised fractions). */
export interface Perf {
  expectedReturn: number
  volatility: number
  sharpe: number
}

/** What the portfolio charts read besides the weights: stored with the result at optimisation time. */
export interface PortfolioFigures {
  tickers: string[]
  frontier: Perf[]
  tangency: Perf | null
  minVolatility: Perf | null
  assets: { ticker: string; expectedReturn: number; volatility: number }[]
  /** Correlation matrix (row-major, tickers order); absent for universes too large to draw. */
  correlation: number[] | null
  /** scipy-style linkage rows [left, right, distance, size] flattened; absent with correlation. */
  linkage: number[] | null
}

// The chosen point is drawn larger and underneath, so it shows as a ring when it is also the tangency point.
const point = (name: string, p: Perf | null, color: string, symbol: string, size = 14) => ({
  name,
  type: 'scatter' as const,
  data: p ? [[p.volatility * 100, p.expectedReturn * 100]] : [],
  symbol,
  symbolSize: size,
  z: size > 14 ? 4 : 5,
  itemStyle: { color, borderColor: INK.text, borderWidth: 1 },
})

/** The efficient frontier with the single assets, the chosen portfolio, the tangency and minimum-volatility points. */
export function frontierChart(f: PortfolioFigures, chosen: Perf): ChartSpec {
  const labelAssets = f.assets.length <= 30
  return {
    name: 'frontier',
    title: 'Efficient frontier',
    height: 460,
    option: {
      ...baseOption('Efficient frontier (annualised)'),
      legend: legend(['Frontier', 'Assets', 'Chosen', 'Tangency', 'Min volatility']),
      grid: { left: 72, right: 32, top: 56, bottom: 56 },
      xAxis: { ...axisStyle('Volatility (%, annualised)'), type: 'value', scale: true, nameGap: 30 },
      yAxis: { ...axisStyle('Expected return (%, annualised)'), type: 'value', scale: true, nameGap: 48 },
      series: [
        {
          name: 'Frontier',
          type: 'line',
          smooth: false,
          data: f.frontier.map((p) => [p.volatility * 100, p.expectedReturn * 100]),
          showSymbol: false,
          lineStyle: { width: 2, color: COLORS.strategy },
          itemStyle: { color: COLORS.strategy },
        },
        {
          name: 'Assets',
          type: 'scatter',
          data: f.assets.map((a) => ({
            value: [a.volatility * 100, a.expectedReturn * 100],
            name: a.ticker,
          })),
          symbolSize: 7,
          itemStyle: { color: INK.muted },
          label: labelAssets
            ? { show: true, position: 'right', formatter: '{b}', color: INK.muted, fontSize: 10 }
            : undefined,
        },
        point('Chosen', chosen, COLORS.chosen, 'circle', 24),
        point('Tangency', f.tangency, COLORS.tangency, 'diamond'),
        point('Min volatility', f.minVolatility, COLORS.minVol, 'rect'),
      ],
    },
  }
}

/** Weights as horizontal bars, largest first; beyond 30 holdings the rest are summed into one bar. */
export function weightsChart(weights: Record<string, number>): ChartSpec {
  const sorted = Object.entries(weights)
    .filter(([, w]) => Math.abs(w) > 1e-9)
    .sort((a, b) => b[1] - a[1])
  const shown = sorted.slice(0, 30)
  if (sorted.length > 30)
    shown.push([`${sorted.length - 30} others`, sorted.slice(30).reduce((s, [, w]) => s + w, 0)])
  return {
    name: 'weights',
    title: 'Weights',
    height: Math.max(220, 70 + shown.length * 22),
    option: {
      ...baseOption('Weights (%)'),
      grid: { left: 96, right: 56, top: 40, bottom: 48 },
      xAxis: { ...axisStyle('Weight (%)'), type: 'value', nameGap: 28 },
      yAxis: {
        ...axisStyle(''),
        type: 'category',
        inverse: true,
        data: shown.map(([t]) => t),
        axisLabel: { ...axisStyle('').axisLabel, hideOverlap: false, interval: 0 },
        splitLine: { show: false },
      },
      series: [
        {
          name: 'Weight',
          type: 'bar',
          data: shown.map(([, w]) => Number((w * 100).toFixed(1))),
          barMaxWidth: 18,
          itemStyle: { color: PALETTE[0] },
          label: {
            show: true,
            position: 'right',
            color: INK.muted,
            fontSize: 10,
          },
        },
      ],
    },
  }
}

/** Leaf order of a linkage (left child first), the order HRP and the correlation heatmap use. */
export function leafOrder(linkage: readonly number[], n: number): number[] {
  if (n <= 1) return n === 1 ? [0] : []
  const order: number[] = []
  const stack = [2 * n - 2]
  while (stack.length) {
    const node = stack.pop()!
    if (node < n) order.push(node)
    else stack.push(linkage[(node - n) * 4 + 1]!, linkage[(node - n) * 4]!)
  }
  return order
}

/** Correlations as a heatmap in cluster order (blocks of correlated assets sit on the diagonal). */
export function correlationChart(f: PortfolioFigures): ChartSpec | undefined {
  if (!f.correlation) return undefined
  const n = f.tickers.length
  const order = f.linkage ? leafOrder(f.linkage, n) : f.tickers.map((_, i) => i)
  const names = order.map((i) => f.tickers[i]!)
  const data: [number, number, number][] = []
  for (const [x, i] of order.entries())
    for (const [y, j] of order.entries()) data.push([x, y, f.correlation[i * n + j]!])
  // Same 900 px width as every chart (so labels keep one size on a page) with a square plot centred in it.
  const height = Math.min(900, Math.max(440, 130 + n * 16))
  const side = height - 44 - 72
  const left = Math.round((900 - side) / 2)
  return {
    name: 'correlation',
    title: 'Correlation (cluster order)',
    width: 900,
    height,
    option: {
      ...baseOption('Correlation of daily returns (cluster order)'),
      grid: { left, width: side, top: 44, height: side },
      xAxis: {
        ...axisStyle(''),
        type: 'category',
        data: names,
        axisLabel: { ...axisStyle('').axisLabel, rotate: 60, interval: 0, hideOverlap: false },
      },
      yAxis: {
        ...axisStyle(''),
        type: 'category',
        data: names,
        inverse: true,
        axisLabel: { ...axisStyle('').axisLabel, interval: 0, hideOverlap: false },
      },
      visualMap: {
        type: 'continuous',
        min: -1,
        max: 1,
        dimension: 2,
        calculable: false,
        right: 8,
        top: 'middle',
        itemHeight: Math.min(240, side - 60),
        text: ['+1', '-1'],
        textStyle: { color: INK.muted },
        inRange: { color: DIVERGING },
      },
      series: [{ name: 'Correlation', type: 'heatmap', data }],
    },
  }
}

/** The HRP dendrogram: each merge drawn as a bracket at its correlation distance, leaves in cluster order. */
export function dendrogramChart(f: PortfolioFigures): ChartSpec | undefined {
  if (!f.linkage) return undefined
  const n = f.tickers.length
  const order = leafOrder(f.linkage, n)
  const x = new Map<number, number>(order.map((leaf, i) => [leaf, i]))
  const h = new Map<number, number>(order.map((leaf) => [leaf, 0]))
  const segments: (number[] | string)[] = []
  for (let k = 0; k < n - 1; k++) {
    const [a, b, d] = [f.linkage[k * 4]!, f.linkage[k * 4 + 1]!, f.linkage[k * 4 + 2]!]
    const xa = x.get(a)!
    const xb = x.get(b)!
    segments.push([xa, h.get(a)!], [xa, d], [xb, d], [xb, h.get(b)!], '-')
    x.set(n + k, (xa + xb) / 2)
    h.set(n + k, d)
  }
  return {
    name: 'dendrogram',
    title: 'HRP dendrogram',
    option: {
      ...baseOption('HRP dendrogram (correlation distance)'),
      grid: { left: 72, right: 24, top: 44, bottom: 64 },
      xAxis: {
        ...axisStyle(''),
        type: 'value',
        min: -0.5,
        max: n - 0.5,
        splitLine: { show: false },
        axisTick: { ...axisStyle('').axisTick, customValues: order.map((_, i) => i) },
        axisLabel: {
          ...axisStyle('').axisLabel,
          customValues: order.map((_, i) => i),
          rotate: n > 12 ? 60 : 0,
          hideOverlap: false,
          formatter: (v: number) => (Number.isInteger(v) && v >= 0 && v < n ? f.tickers[order[v]!]! : ''),
        },
      },
      yAxis: { ...axisStyle('Distance sqrt((1 - rho) / 2)'), type: 'value', min: 0, nameGap: 48 },
      series: [
        {
          name: 'Merges',
          type: 'line',
          data: segments,
          connectNulls: false,
          showSymbol: false,
          lineStyle: { width: 1.4, color: COLORS.strategy },
          itemStyle: { color: COLORS.strategy },
        },
      ],
    },
  }
}
