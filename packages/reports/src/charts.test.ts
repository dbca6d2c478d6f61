import {
  linePaths,
  parseSvg,
  position,
  type SvgElement,
  seriesCount,
  seriesElements,
  texts,
  vertices,
} from '@supernova/testing'
import { describe, expect, it } from 'vitest'
import { buyAndHold, drawdowns, equityChart, type TradePoint, tradesChart } from './charts/backtest.ts'
import { cpuTrendChart, latencyChart, memoryTrendChart, overallLatencyChart } from './charts/load-test.ts'
import {
  correlationChart,
  dendrogramChart,
  frontierChart,
  type PortfolioFigures,
  weightsChart,
} from './charts/portfolio.ts'
import { sentimentChart } from './charts/sentiment.ts'
import { bestSoFarChart, heatmapChart, walkForwardChart } from './charts/study.ts'
import { lttbIndices } from './downsample.ts'
import { svgToPng } from './png.ts'
import { type ChartSpec, renderSvg } from './render.ts'
import { COLORS, INK, PALETTE, THEMES } from './theme.ts'

/** A known, deterministic daily series: ten years of business days with a trend and cycles. */
function knownBacktest(n: number) {
  const dates: string[] = []
  const close: number[] = []
  for (let i = 0, t = Date.UTC(2014, 0, 2); dates.length < n; t += 86_400_000) {
    const d = new Date(t)
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue
    dates.push(d.toISOString().slice(0, 10))
    close.push(100 * (1 + i / n) * (1 + 0.2 * Math.sin(i / 40)) * (1 + 0.02 * Math.sin(i * 1.7)))
    i++
  }
  const trades: TradePoint[] = []
  const equity: number[] = []
  let cash = 10_000
  let units = 0
  for (let i = 0; i < n; i++) {
    // Long from bar 60k + 10 to 60k + 40, filled at the close (so marks sit on the price line).
    if (i % 60 === 10 && i + 30 < n) {
      units = cash / close[i]!
      cash = 0
      trades.push({
        side: 'long',
        entryDate: dates[i]!,
        entryPrice: close[i]!,
        exitDate: dates[i + 30]!,
        exitPrice: close[i + 30]!,
      })
    }
    if (i % 60 === 40 && units > 0) {
      cash = units * close[i]!
      units = 0
    }
    equity.push(cash + units * close[i]!)
  }
  return { label: 'TEST', dates, close, equity, trades }
}

const svgOf = async (spec: ChartSpec) => parseSvg(await renderSvg(spec, 'light'))
const hasTexts = (els: SvgElement[], ...want: string[]) =>
  expect(texts(els)).toEqual(expect.arrayContaining(want))
const fillOf = (els: SvgElement[], color: string) =>
  els.filter((e) => e.attrs.fill?.toLowerCase() === color.toLowerCase())

describe('backtest charts', () => {
  for (const n of [1_000, 2_520]) {
    it(`equity vs buy-and-hold with drawdown underneath, at ${n} points: axes, three series, display downsampled`, async () => {
      const s = knownBacktest(n)
      const els = await svgOf(equityChart(s))
      hasTexts(els, 'Date', 'Equity (USD)', 'Drawdown (%)', 'Strategy', 'Buy and hold', 'Drawdown')
      expect(seriesCount(els)).toBe(3)
      for (const color of [COLORS.strategy, COLORS.benchmark, COLORS.drawdown]) {
        const [path] = linePaths(els, color)
        const points = vertices(path!.attrs.d!).length
        expect(points).toBeGreaterThan(100)
        // Downsampled for display (three LTTB passes of 600 merged), never more than the data.
        expect(points).toBeLessThanOrEqual(Math.min(n, 1_801))
      }
    })
  }

  it('computes drawdown and buy-and-hold on the full series', () => {
    expect(drawdowns([100, 120, 90, 130])).toEqual([0, 0, 90 / 120 - 1, 0])
    expect(buyAndHold([50, 100, 25], 1000)).toEqual([1000, 2000, 500])
  })

  it('marks every buy and sell on the price line, where the fill happened', async () => {
    const s = knownBacktest(1_000)
    const els = await svgOf(tradesChart(s))
    hasTexts(els, 'Date', 'Price (USD)', 'Close', 'Buy', 'Sell')
    expect(seriesCount(els)).toBe(3)
    const line = vertices(linePaths(els, THEMES.light.muted)[0]!.attrs.d!)
    const buys = seriesElements(els, 1)
    const sells = seriesElements(els, 2)
    expect(seriesElements(els, 0)).toHaveLength(0) // the price line has no symbols
    expect(buys).toHaveLength(s.trades.length)
    expect(sells).toHaveLength(s.trades.length)
    // Trade bars are always kept in the display series, so each mark has a vertex of the price line under it.
    for (const m of [...buys, ...sells]) {
      const [x, y] = position(m)
      const near = line.reduce((b, p) => (Math.abs(p[0] - x) < Math.abs(b[0] - x) ? p : b))
      expect(Math.abs(near[0] - x)).toBeLessThan(0.6)
      expect(Math.abs(near[1] - y)).toBeLessThan(0.6)
    }
    // Buys sit left of their sells (entries before exits).
    expect(position(buys[0]!)[0]).toBeLessThan(position(sells[0]!)[0])
  })
})

describe('study charts', () => {
  const trials = [] as { params: Record<string, number>; score: number | null }[]
  for (let fast = 5; fast <= 50; fast += 5)
    for (let slow = 20; slow <= 200; slow += 20)
      trials.push({
        params: { fast, slow, k: 1 },
        score: fast === 15 && slow === 60 ? 3 : Math.sin(fast / 9) - slow / 200,
      })
  trials.push({ params: { fast: 5, slow: 20, k: 1 }, score: null })

  it('heatmap over the two varying parameters: one cell per pair, best cell marked', async () => {
    const els = await svgOf(heatmapChart(trials, 'sharpe')!)
    hasTexts(els, 'fast', 'slow', '15', '60', 'Best')
    expect(seriesCount(els)).toBe(2)
    const cells = seriesElements(els, 0)
    expect(cells).toHaveLength(100)
    const [best] = seriesElements(els, 1)
    const [bx, by] = position(best!)
    // The marker lies inside the cell of (fast 15, slow 60).
    const [cell] = cells.filter((c) => {
      const [x0, y0] = vertices(c.attrs.d!)[0]!
      const w = Number(/l([-\d.]+) 0/.exec(c.attrs.d!)![1])
      const h = Number(/l0 ([-\d.]+)/.exec(c.attrs.d!)![1])
      return bx >= x0 && bx <= x0 + w && by >= y0 && by <= y0 + h
    })
    expect(cell).toBeDefined()
    expect(cell!.attrs.fill).toBe('rgb(253,231,37)') // top of the scale
  })

  it('bins random and TPE draws over each range (cells of about sqrt(trials) per axis)', async () => {
    const draws = Array.from({ length: 144 }, (_, i) => ({
      params: { fast: 2 + ((i * 37) % 97) / 2.3, slow: 20 + ((i * 53) % 89) * 2.1 },
      score: i === 77 ? 5 : Math.cos(i),
    }))
    const els = await svgOf(heatmapChart(draws, 'sharpe')!)
    hasTexts(els, 'fast (bin centre)', 'slow (bin centre)')
    const cells = seriesElements(els, 0)
    expect(cells.length).toBeGreaterThan(12)
    expect(cells.length).toBeLessThanOrEqual(144) // 12 x 12 bins
    expect(seriesElements(els, 1)).toHaveLength(1)
  })

  it('needs two varying parameters for a heatmap', () => {
    expect(
      heatmapChart(
        [
          { params: { a: 1 }, score: 1 },
          { params: { a: 2 }, score: 2 },
        ],
        'sharpe',
      ),
    ).toBeUndefined()
  })

  it('best-so-far never falls (random and TPE)', async () => {
    const els = await svgOf(bestSoFarChart(trials, 'sharpe'))
    hasTexts(els, 'Trial (#)', 'sharpe (objective)', 'Trial', 'Best so far')
    expect(seriesCount(els)).toBe(2)
    expect(seriesElements(els, 0)).toHaveLength(100) // the null score is not drawn
    const step = vertices(linePaths(els, COLORS.best)[0]!.attrs.d!)
    for (let i = 1; i < step.length; i++) expect(step[i]![1]).toBeLessThanOrEqual(step[i - 1]![1] + 1e-6)
  })

  it('walk-forward windows: a train and a test span per fold, the test score beside it', async () => {
    const folds = [0, 1, 2].map((k) => ({
      trainFrom: `201${k * 2}-01-02`,
      trainTo: `201${k * 2}-12-31`,
      testFrom: `201${k * 2 + 1}-01-02`,
      testTo: `201${k * 2 + 1}-06-30`,
      trainScore: 1,
      testScore: k === 1 ? null : 0.25 * (k + 1),
    }))
    const els = await svgOf(walkForwardChart(folds, 'sharpe'))
    hasTexts(els, 'Fold 1', 'Fold 3', 'Train', 'Test', '0.25', 'n/a', '0.75', 'Date')
    // One thick segment per fold and part.
    for (const color of [COLORS.strategy, COLORS.benchmark])
      expect(linePaths(els, color).flatMap((p) => p.attrs.d!.match(/M/g) ?? [])).toHaveLength(3)
  })
})

const figures: PortfolioFigures = {
  tickers: ['AAA', 'BBB', 'CCC', 'DDD'],
  frontier: Array.from({ length: 10 }, (_, i) => ({
    expectedReturn: 0.05 + i * 0.01,
    volatility: 0.1 + i * i * 0.002,
    sharpe: 0,
  })),
  tangency: { expectedReturn: 0.1, volatility: 0.15, sharpe: 0.53 },
  minVolatility: { expectedReturn: 0.05, volatility: 0.1, sharpe: 0.3 },
  assets: [
    { ticker: 'AAA', expectedReturn: 0.06, volatility: 0.2 },
    { ticker: 'BBB', expectedReturn: 0.12, volatility: 0.3 },
    { ticker: 'CCC', expectedReturn: 0.08, volatility: 0.18 },
    { ticker: 'DDD', expectedReturn: 0.04, volatility: 0.25 },
  ],
  correlation: [1, 0.8, 0.1, 0.2, 0.8, 1, 0.15, 0.1, 0.1, 0.15, 1, 0.7, 0.2, 0.1, 0.7, 1],
  // AAA+BBB (0.32), CCC+DDD (0.39), then both clusters.
  linkage: [0, 1, 0.32, 2, 2, 3, 0.39, 2, 4, 5, 0.66, 4],
}

describe('portfolio charts', () => {
  it('frontier with the assets and the chosen, tangency and min-volatility points', async () => {
    const els = await svgOf(frontierChart(figures, { expectedReturn: 0.09, volatility: 0.13, sharpe: 0.5 }))
    hasTexts(
      els,
      'Volatility (%, annualised)',
      'Expected return (%, annualised)',
      'Chosen',
      'Tangency',
      'Min volatility',
      'AAA',
    )
    expect(seriesCount(els)).toBe(5)
    expect(vertices(linePaths(els, COLORS.strategy)[0]!.attrs.d!)).toHaveLength(10)
    expect(seriesElements(els, 1)).toHaveLength(4)
    const [chosen, tangency, minVol] = [2, 3, 4].map((k) => seriesElements(els, k))
    expect([chosen, tangency, minVol].map((s) => s!.length)).toEqual([1, 1, 1])
    // Min volatility is the leftmost marked point, tangency sits above it.
    expect(position(minVol![0]!)[0]).toBeLessThan(position(tangency![0]!)[0])
    expect(position(tangency![0]!)[1]).toBeLessThan(position(minVol![0]!)[1])
  })

  it('weights as one bar per holding, largest first', async () => {
    const els = await svgOf(weightsChart({ AAA: 0.5, BBB: 0.2, CCC: 0.3, DDD: 0 }))
    hasTexts(els, 'Weight (%)', 'AAA', 'CCC', 'BBB', '50', '30', '20')
    expect(seriesElements(els, 0)).toHaveLength(3)
    const labels = texts(els).filter((t) => ['AAA', 'BBB', 'CCC'].includes(t))
    expect(labels).toEqual(['AAA', 'CCC', 'BBB'])
  })

  it('correlation heatmap in cluster order and the dendrogram of the same clustering', async () => {
    const corr = await svgOf(correlationChart(figures)!)
    expect(seriesElements(corr, 0)).toHaveLength(16)
    const tree = await svgOf(dendrogramChart(figures)!)
    hasTexts(tree, 'Distance sqrt((1 - rho) / 2)', 'AAA', 'BBB', 'CCC', 'DDD')
    const d = linePaths(tree, COLORS.strategy)
      .map((p) => p.attrs.d!)
      .join(' ')
    expect(d.match(/M/g)).toHaveLength(3) // one bracket per merge
    expect(vertices(d)).toHaveLength(12)
  })
})

describe('sentiment and load-test charts', () => {
  it('daily sentiment bars over the price, coloured by sign', async () => {
    const prices = Array.from({ length: 60 }, (_, i) => ({
      date: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
      close: 100 + i,
    }))
    const days = prices
      .slice(0, 30)
      .map((p, i) => ({ date: p.date, meanScore: i % 3 === 0 ? -0.4 : 0.3, count: 2 }))
    const els = await svgOf(sentimentChart({ symbol: 'AAPL', prices, days }))
    hasTexts(els, 'Price (USD)', 'Mean sentiment (-1..1)', 'Close', 'Sentiment')
    const bars = seriesElements(els, 1)
    expect(bars).toHaveLength(30)
    expect(bars.filter((b) => b.attrs.fill === COLORS.sell)).toHaveLength(10)
  })

  it('latency over time, one line per endpoint', async () => {
    const key = (e: string) => `plugins.metrics-by-endpoint.response_time.${e}`
    const s = (p95: number) => ({ p50: p95 / 2, p95, p99: p95 * 2 })
    const endpoints = ['GET /v1/symbols', 'POST /v1/backtests']
    const report = {
      aggregate: { summaries: Object.fromEntries(endpoints.map((e) => [key(e), s(10)])) },
      intermediate: [0, 1, 2, 3].map((k) => ({
        period: 1_796_017_540_000 + k * 10_000,
        summaries: Object.fromEntries(endpoints.map((e, i) => [key(e), s(5 + k + i * 10)])),
      })),
    }
    const els = await svgOf(latencyChart(report))
    hasTexts(els, 'p95 latency (ms)', 'Time (UTC)', ...endpoints)
    expect(seriesCount(els)).toBe(2)
    for (const color of [PALETTE[0]!, PALETTE[1]!]) {
      const [line] = linePaths(els, color)
      expect(vertices(line!.attrs.d!)).toHaveLength(4)
    }
    expect(seriesElements(els, 0)).toHaveLength(4) // a symbol per reporting period
  })

  it('resource trend of a run: memory per process group and heap, CPU per group, overall quantiles', async () => {
    const MB = 1024 * 1024
    const t0 = 1_796_017_540_000
    const trend = {
      points: [0, 1, 2, 3, 4].map((k) => ({
        t: t0 + k * 2000,
        memoryBytes: { server: (300 + k) * MB, postgres: 150 * MB },
        heapUsedBytes: (60 + k) * MB,
        cores: { server: 0.2 + k / 10, postgres: 0.1 },
      })),
    }
    const memory = await svgOf(memoryTrendChart(trend))
    hasTexts(memory, 'Memory (MB)', 'server PSS', 'postgres PSS', 'server heap used')
    expect(seriesCount(memory)).toBe(3)
    const [line] = linePaths(memory, PALETTE[0]!)
    expect(vertices(line!.attrs.d!)).toHaveLength(5)
    const cpu = await svgOf(cpuTrendChart(trend))
    hasTexts(cpu, 'CPU (cores)', 'server', 'postgres')
    expect(seriesCount(cpu)).toBe(2)
    const report = {
      aggregate: { summaries: {} },
      intermediate: [0, 1, 2].map((k) => ({
        period: t0 + k * 10_000,
        summaries: { 'http.response_time': { median: 5 + k, p95: 20 + k, p99: 40 + k } },
      })),
    }
    const latency = await svgOf(overallLatencyChart(report))
    hasTexts(latency, 'Latency (ms)', 'p50', 'p95', 'p99')
    expect(seriesCount(latency)).toBe(3)
  })
})

describe('rendering', () => {
  const spec = () => equityChart(knownBacktest(300))

  it('fits a strict CSP and a page of several charts: no style attributes or elements, ids prefixed per chart', async () => {
    const svg = await renderSvg(spec(), 'page', 'r1')
    expect(svg).not.toMatch(/ style="|<style|zr\d+-/)
    expect(svg).toContain('id="r1-equity-')
    expect(svg).toContain(INK.text) // the page's CSS colours the sentinels per theme
  })

  it('themes the standalone SVG: light and dark ink', async () => {
    const light = await renderSvg(spec(), 'light')
    const dark = await renderSvg(spec(), 'dark')
    expect(light).toContain(THEMES.light.text)
    expect(dark).toContain(THEMES.dark.text)
    for (const sentinel of Object.values(INK)) {
      expect(light).not.toContain(sentinel)
      expect(dark).not.toContain(sentinel)
    }
  })

  it('rasterises to PNG', async () => {
    const png = await svgToPng(await renderSvg(spec(), 'dark'), 'dark', 1)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const view = new DataView(png.buffer, png.byteOffset)
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([900, 480])
  })

  it('LTTB keeps the ends and the extremes, and the requested count', () => {
    const x = Array.from({ length: 1000 }, (_, i) => i)
    const y = x.map((i) => (i === 377 ? 50 : i === 811 ? -50 : Math.sin(i / 30)))
    const kept = lttbIndices(x, y, 100)
    expect(kept).toHaveLength(100)
    expect(kept[0]).toBe(0)
    expect(kept.at(-1)).toBe(999)
    expect(kept).toContain(377)
    expect(kept).toContain(811)
    expect(lttbIndices(x.slice(0, 50), y.slice(0, 50), 100)).toHaveLength(50)
  })
})

describe('fills', () => {
  it('buy marks use the buy colour', async () => {
    const els = await svgOf(tradesChart(knownBacktest(500)))
    expect(fillOf(seriesElements(els, 1), COLORS.buy).length).toBe(seriesElements(els, 1).length)
  })
})
