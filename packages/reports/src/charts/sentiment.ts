import { displayIndices } from '../downsample.ts'
import { axisStyle, baseOption, type ChartSpec } from '../render.ts'
import { COLORS, INK } from '../theme.ts'
import { legend, toTime } from './common.ts'

/** Daily sentiment of a symbol (mean score, -1..1, and how many items) with its closes. */
export interface SentimentSeries {
  symbol: string
  days: { date: string; meanScore: number; count: number }[]
  prices: { date: string; close: number }[]
}

/** Daily mean sentiment as bars (green above zero, red below) over the closing price. */
export function sentimentChart(s: SentimentSeries): ChartSpec {
  const t = s.prices.map((p) => toTime(p.date))
  const close = s.prices.map((p) => p.close)
  const keep = displayIndices(t, close)
  return {
    name: 'sentiment',
    title: `${s.symbol}: daily sentiment and price`,
    option: {
      ...baseOption(`${s.symbol}: daily sentiment over the price`),
      legend: legend(['Close', 'Sentiment']),
      grid: { left: 72, right: 72, top: 48, bottom: 56 },
      xAxis: { ...axisStyle('Date'), type: 'time', nameGap: 30, splitLine: { show: false } },
      yAxis: [
        { ...axisStyle('Price (USD)'), type: 'value', scale: true, nameGap: 56 },
        {
          ...axisStyle('Mean sentiment (-1..1)'),
          type: 'value',
          min: -1,
          max: 1,
          nameGap: 44,
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: 'Close',
          type: 'line',
          data: keep.map((i) => [t[i]!, close[i]!]),
          showSymbol: false,
          lineStyle: { width: 1.4, color: INK.muted },
          itemStyle: { color: INK.muted },
        },
        {
          name: 'Sentiment',
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 8,
          data: s.days.map((d) => ({
            value: [toTime(d.date), d.meanScore],
            itemStyle: { color: d.meanScore >= 0 ? COLORS.buy : COLORS.sell },
          })),
          itemStyle: { color: COLORS.buy },
        },
      ],
    },
  }
}
