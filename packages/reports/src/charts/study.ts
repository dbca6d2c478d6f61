import { axisStyle, baseOption, type ChartSpec } from '../render.ts'
import { COLORS, INK, SEQUENTIAL } from '../theme.ts'
import { fmt, legend, toTime } from './common.ts'

/** One evaluated parameter set. */
export interface StudyTrial {
  params: Record<string, number>
  score: number | null
}

/** A walk-forward fold as the study answers it. */
export interface StudyFold {
  trainFrom: string
  trainTo: string
  testFrom: string
  testTo: string
  trainScore: number | null
  testScore: number | null
}

/** The two parameters with the most distinct values (the axes of the heatmap), or fewer when the space has fewer. */
export function heatmapAxes(trials: readonly StudyTrial[]): string[] {
  const distinct = new Map<string, Set<number>>()
  for (const t of trials)
    for (const [k, v] of Object.entries(t.params)) {
      if (!distinct.has(k)) distinct.set(k, new Set())
      distinct.get(k)!.add(v)
    }
  return [...distinct.entries()]
    .filter(([, s]) => s.size > 1)
    .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))
    .slice(0, 2)
    .map(([k]) => k)
}

/** Distinct values up to this many get a cell each; more (random and TPE draws) are binned. */
const MAX_DISTINCT = 15

const label = (v: number) => fmt(v, Number.isInteger(v) ? 0 : 2)

/** A heatmap axis: one cell per distinct value, or equal-width bins (about sqrt(trials), 6 to 20) over the range. */
function axisOf(values: readonly number[], trials: number) {
  const distinct = [...new Set(values)].sort((a, b) => a - b)
  if (distinct.length <= MAX_DISTINCT) {
    const at = new Map(distinct.map((v, i) => [v, i]))
    return { labels: distinct.map(label), index: (v: number) => at.get(v)!, binned: false }
  }
  const bins = Math.min(20, Math.max(6, Math.round(Math.sqrt(trials))))
  const lo = distinct[0]!
  const width = (distinct.at(-1)! - lo) / bins
  return {
    labels: Array.from({ length: bins }, (_, i) => String(Number((lo + (i + 0.5) * width).toPrecision(3)))),
    index: (v: number) => Math.min(bins - 1, Math.floor((v - lo) / width)),
    binned: true,
  }
}

/**
 * The objective over two parameters: each cell holds the best score among trials with those two values (other
 * parameters vary freely), the best cell is marked. Random and TPE draws are binned over each parameter's range.
 */
export function heatmapChart(
  trials: readonly StudyTrial[],
  objective: string,
  axes = heatmapAxes(trials),
): ChartSpec | undefined {
  if (axes.length < 2) return undefined
  const [px, py] = axes as [string, string]
  const ax = axisOf(
    trials.map((t) => t.params[px]!),
    trials.length,
  )
  const ay = axisOf(
    trials.map((t) => t.params[py]!),
    trials.length,
  )
  const cells = new Map<string, [number, number, number]>()
  let best: [number, number, number] | undefined
  for (const t of trials) {
    if (t.score === null || !Number.isFinite(t.score)) continue
    const x = ax.index(t.params[px]!)
    const y = ay.index(t.params[py]!)
    const key = `${x},${y}`
    const cur = cells.get(key)
    if (!cur || t.score > cur[2]) cells.set(key, [x, y, t.score])
    if (!best || t.score > best[2]) best = [x, y, t.score]
  }
  const data = [...cells.values()]
  const scores = data.map((d) => d[2])
  const lo = scores.length ? Math.min(...scores) : 0
  const hi = scores.length ? Math.max(...scores) : 1
  return {
    name: 'heatmap',
    title: `${objective} over ${px} and ${py}`,
    height: 460,
    option: {
      ...baseOption(`${objective} over ${px} x ${py} (best per cell)`),
      legend: legend(['Best']),
      grid: { left: 72, right: 96, top: 48, bottom: 64 },
      xAxis: {
        ...axisStyle(ax.binned ? `${px} (bin centre)` : px),
        type: 'category',
        data: ax.labels,
        nameGap: 36,
        splitArea: { show: false },
      },
      yAxis: {
        ...axisStyle(ay.binned ? `${py} (bin centre)` : py),
        type: 'category',
        data: ay.labels,
        nameGap: 48,
      },
      visualMap: {
        type: 'continuous',
        min: lo,
        max: hi === lo ? lo + 1 : hi,
        dimension: 2,
        seriesIndex: 0,
        calculable: false,
        orient: 'vertical',
        right: 8,
        top: 'middle',
        itemHeight: 200,
        text: [fmt(hi), fmt(lo)],
        textStyle: { color: INK.muted },
        inRange: { color: SEQUENTIAL },
      },
      series: [
        { name: objective, type: 'heatmap', data, itemStyle: { borderColor: 'transparent' } },
        {
          name: 'Best',
          type: 'scatter',
          data: best ? [[best[0], best[1]]] : [],
          symbol: 'diamond',
          symbolSize: 16,
          itemStyle: { color: COLORS.chosen, borderColor: '#ffffff', borderWidth: 1.5 },
        },
      ],
    },
  }
}

/** Best score so far against trial number (random and TPE searches), each trial's score faint behind it. */
export function bestSoFarChart(trials: readonly StudyTrial[], objective: string): ChartSpec {
  const each: [number, number][] = []
  const best: [number, number][] = []
  let top = Number.NEGATIVE_INFINITY
  trials.forEach((t, i) => {
    if (t.score !== null && Number.isFinite(t.score)) {
      each.push([i + 1, t.score])
      top = Math.max(top, t.score)
    }
    if (Number.isFinite(top)) best.push([i + 1, top])
  })
  return {
    name: 'best-so-far',
    title: `Best ${objective} so far`,
    option: {
      ...baseOption(`Best ${objective} so far by trial`),
      legend: legend(),
      grid: { left: 72, right: 24, top: 48, bottom: 56 },
      xAxis: { ...axisStyle('Trial (#)'), type: 'value', min: 1, nameGap: 30 },
      yAxis: { ...axisStyle(`${objective} (objective)`), type: 'value', scale: true, nameGap: 48 },
      series: [
        {
          name: 'Trial',
          type: 'scatter',
          data: each,
          symbolSize: each.length > 1000 ? 3 : 5,
          itemStyle: { color: INK.muted, opacity: 0.5 },
        },
        {
          name: 'Best so far',
          type: 'line',
          step: 'end',
          data: best,
          showSymbol: false,
          lineStyle: { width: 2, color: COLORS.best },
          itemStyle: { color: COLORS.best },
        },
      ],
    },
  }
}

/** Walk-forward windows as a Gantt: each fold's training and test spans as thick segments, the test score beside. */
export function walkForwardChart(folds: readonly StudyFold[], objective: string): ChartSpec {
  const labels = folds.map((_, i) => `Fold ${i + 1}`)
  const span = (from: (f: StudyFold) => string, to: (f: StudyFold) => string) =>
    folds.flatMap((f, i) => [[toTime(from(f)), labels[i]!], [toTime(to(f)), labels[i]!], '-'])
  const thick = 14
  return {
    name: 'walk-forward',
    title: 'Walk-forward windows',
    height: Math.max(220, 100 + folds.length * 34),
    option: {
      ...baseOption(`Walk-forward windows (test ${objective} beside each test span)`),
      legend: legend(['Train', 'Test']),
      grid: { left: 72, right: 72, top: 48, bottom: 56 },
      xAxis: { ...axisStyle('Date'), type: 'time', nameGap: 30 },
      yAxis: { ...axisStyle(''), type: 'category', data: labels, inverse: true, splitLine: { show: false } },
      series: [
        {
          name: 'Train',
          type: 'line',
          data: span(
            (f) => f.trainFrom,
            (f) => f.trainTo,
          ),
          connectNulls: false,
          showSymbol: false,
          lineStyle: { width: thick, color: COLORS.strategy, cap: 'butt' },
          itemStyle: { color: COLORS.strategy },
        },
        {
          name: 'Test',
          type: 'line',
          data: span(
            (f) => f.testFrom,
            (f) => f.testTo,
          ),
          connectNulls: false,
          showSymbol: false,
          lineStyle: { width: thick, color: COLORS.benchmark, cap: 'butt' },
          itemStyle: { color: COLORS.benchmark },
        },
        {
          name: 'Test score',
          type: 'scatter',
          symbolSize: 1,
          itemStyle: { color: 'transparent' },
          data: folds.map((f, i) => ({
            value: [toTime(f.testTo), labels[i]!],
            label: {
              show: true,
              position: 'right' as const,
              color: INK.text,
              formatter: f.testScore === null ? 'n/a' : fmt(f.testScore),
            },
          })),
        },
      ],
    },
  }
}
