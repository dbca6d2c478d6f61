export type { BacktestSeries, TradePoint } from './charts/backtest.ts'
export { buyAndHold, drawdowns, equityChart, tradesChart } from './charts/backtest.ts'
export type { ArtilleryReport, LoadTrend } from './charts/load-test.ts'
export {
  cpuTrendChart,
  latencyChart,
  loadTestEndpoints,
  memoryTrendChart,
  overallLatencyChart,
} from './charts/load-test.ts'
export type { Perf, PortfolioFigures } from './charts/portfolio.ts'
export {
  correlationChart,
  dendrogramChart,
  frontierChart,
  leafOrder,
  weightsChart,
} from './charts/portfolio.ts'
export type { SentimentSeries } from './charts/sentiment.ts'
export { sentimentChart } from './charts/sentiment.ts'
export type { StudyFold, StudyTrial } from './charts/study.ts'
export { bestSoFarChart, heatmapAxes, heatmapChart, walkForwardChart } from './charts/study.ts'
export { DISPLAY_POINTS, displayIndices, lttbIndices } from './downsample.ts'
export type { PageChart, ReportPage } from './html.ts'
export { escapeHtml, REPORT_CSP, REPORT_STYLE, REPORT_STYLE_HASH, renderReportHtml } from './html.ts'
export { loadTestReportHtml } from './load-report.ts'
export { renderPage } from './page.ts'
export { svgToPng } from './png.ts'
export type { ChartSpec, InkMode } from './render.ts'
export { cleanSvg, renderSvg } from './render.ts'
export type { ReportKind, StoredResult } from './reports.ts'
export { chartNames, chartsOf, pageOf, REPORT_KINDS } from './reports.ts'
export { INK, THEMES } from './theme.ts'
