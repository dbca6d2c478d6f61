import type { EChartsOption } from 'echarts'
import { displayIndices } from '../downsample.ts'
import { axisStyle, baseOption, type ChartSpec } from '../render.ts'
import { COLORS, INK } from '../theme.ts'
import { legend, money, toTime } from './common.ts'

/** A trade as the backtest answers it. */
export interface TradePoint {
  side: 'long' | 'short'
  entryDate: string
  entryPrice: number
  exitDate: string | null
  exitPrice: number | null
}

/** What the backtest charts read: the equity curve, the symbol's closes (when one symbol) and its trades. */
export interface BacktestSeries {
  label: string
  dates: string[]
  equity: number[]
  /** Closes on the same dates; buy-and-hold and the trade chart need them (absent for baskets). */
  close?: number[]
  trades: TradePoint[]
  /** Display budget per series (default DISPLAY_POINTS); the figures never see it. */
  displayPoints?: number
}

/** Peak-to-date drawdown of every point, as a negative fraction (computed on the full series). */
export function drawdowns(equity: readonly number[]): number[] {
  let peak = Number.NEGATIVE_INFINITY
  return equity.map((v) => {
    peak = Math.max(peak, v)
    return peak > 0 ? v / peak - 1 : 0
  })
}

/** Buy-and-hold of the same starting capital in the symbol. */
export function buyAndHold(close: readonly number[], initial: number): number[] {
  const first = close.find((v) => Number.isFinite(v) && v > 0) ?? 1
  return close.map((v) => (initial * v) / first)
}

/** Equity against buy-and-hold (USD) with the drawdown underneath (%), on one time axis. */
export function equityChart(s: BacktestSeries): ChartSpec {
  const t = s.dates.map(toTime)
  const dd = drawdowns(s.equity)
  const hold = s.close ? buyAndHold(s.close, s.equity[0] ?? 0) : undefined
  let trough = 0
  for (let i = 1; i < dd.length; i++) if (dd[i]! < dd[trough]!) trough = i
  const keep = [
    ...new Set([
      ...displayIndices(t, s.equity, s.displayPoints),
      ...displayIndices(t, dd, s.displayPoints),
      ...(hold ? displayIndices(t, hold, s.displayPoints) : []),
      trough,
    ]),
  ].sort((a, b) => a - b)
  const pick = (v: readonly number[]) => keep.map((i) => [t[i]!, v[i]!])
  const series: EChartsOption['series'] = [
    {
      name: 'Strategy',
      type: 'line',
      data: pick(s.equity),
      showSymbol: false,
      lineStyle: { width: 1.6, color: COLORS.strategy },
      itemStyle: { color: COLORS.strategy },
    },
  ]
  if (hold)
    series.push({
      name: 'Buy and hold',
      type: 'line',
      data: pick(hold),
      showSymbol: false,
      lineStyle: { width: 1.2, color: COLORS.benchmark, type: 'dashed' },
      itemStyle: { color: COLORS.benchmark },
    })
  series.push({
    name: 'Drawdown',
    type: 'line',
    xAxisIndex: 1,
    yAxisIndex: 1,
    data: keep.map((i) => [t[i]!, dd[i]! * 100]),
    showSymbol: false,
    lineStyle: { width: 1, color: COLORS.drawdown },
    itemStyle: { color: COLORS.drawdown },
    areaStyle: { color: COLORS.drawdown, opacity: 0.25 },
  })
  const x = { ...axisStyle('Date'), type: 'time' as const, nameGap: 26, splitLine: { show: false } }
  return {
    name: 'equity',
    title: `${s.label}: equity vs buy and hold, drawdown`,
    height: 480,
    option: {
      ...baseOption(`${s.label}: equity and drawdown`),
      legend: legend(),
      grid: [
        { left: 72, right: 24, top: 48, height: 250 },
        { left: 72, right: 24, top: 340, height: 90 },
      ],
      xAxis: [
        { ...x, gridIndex: 0, name: '', axisLabel: { show: false } },
        { ...x, gridIndex: 1 },
      ],
      yAxis: [
        {
          ...axisStyle('Equity (USD)'),
          type: 'value',
          gridIndex: 0,
          scale: true,
          nameGap: 56,
          axisLabel: { ...axisStyle('').axisLabel, formatter: (v: number) => money(v) },
        },
        { ...axisStyle('Drawdown (%)'), type: 'value', gridIndex: 1, max: 0, nameGap: 56 },
      ],
      series,
    },
  }
}

/** The price with every fill marked: buys (long entries, short exits) and sells (long exits, short entries). */
export function tradesChart(s: BacktestSeries & { close: number[] }): ChartSpec {
  const t = s.dates.map(toTime)
  const index = new Map(s.dates.map((d, i) => [d, i]))
  const buys: [number, number][] = []
  const sells: [number, number][] = []
  const must: number[] = []
  for (const tr of s.trades) {
    const entry: [number, number] = [toTime(tr.entryDate), tr.entryPrice]
    ;(tr.side === 'long' ? buys : sells).push(entry)
    must.push(index.get(tr.entryDate) ?? -1)
    if (tr.exitDate && tr.exitPrice !== null) {
      const exit: [number, number] = [toTime(tr.exitDate), tr.exitPrice]
      ;(tr.side === 'long' ? sells : buys).push(exit)
      must.push(index.get(tr.exitDate) ?? -1)
    }
  }
  const keep = displayIndices(t, s.close, s.displayPoints, must)
  const many = buys.length + sells.length > 200
  const marker = (name: string, data: [number, number][], color: string, symbol: string) => ({
    name,
    type: 'scatter' as const,
    data,
    symbol,
    symbolSize: many ? 6 : 10,
    symbolRotate: name === 'Sell' ? 180 : 0,
    itemStyle: { color, borderColor: INK.text, borderWidth: many ? 0 : 0.6 },
  })
  return {
    name: 'trades',
    title: `${s.label}: trades on the price`,
    option: {
      ...baseOption(`${s.label}: price and trades`),
      legend: legend(),
      grid: { left: 72, right: 24, top: 48, bottom: 56 },
      xAxis: { ...axisStyle('Date'), type: 'time', nameGap: 30, splitLine: { show: false } },
      yAxis: { ...axisStyle('Price (USD)'), type: 'value', scale: true, nameGap: 56 },
      series: [
        {
          name: 'Close',
          type: 'line',
          data: keep.map((i) => [t[i]!, s.close[i]!]),
          showSymbol: false,
          lineStyle: { width: 1.2, color: INK.muted },
          itemStyle: { color: INK.muted },
        },
        marker('Buy', buys, COLORS.buy, 'triangle'),
        marker('Sell', sells, COLORS.sell, 'triangle'),
      ],
    },
  }
}
