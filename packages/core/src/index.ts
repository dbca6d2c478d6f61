export type {
  AlertCondition,
  AlertFired,
  AlertInputs,
  AlertKind,
  AlertMeasure,
  AlertState,
} from './alerts/rules.ts'
export {
  ALERT_KINDS,
  alertLookback,
  DEFAULT_HYSTERESIS,
  describeAlert,
  INITIAL_ALERT_STATE,
  measureAlert,
  stepAlert,
} from './alerts/rules.ts'
export type { Advice, AdviceInput, SentimentHint, Vote } from './analytics/advice.ts'
export { ADVICE_ENSEMBLE, advise } from './analytics/advice.ts'
export type { BacktestOptions, BacktestResult, ExecutionOptions, PriceBars } from './analytics/backtest.ts'
export { runBacktest } from './analytics/backtest.ts'
export type { BasketOptions, BasketResult } from './analytics/basket.ts'
export { runBasket } from './analytics/basket.ts'
export {
  atr,
  bollinger,
  crossover,
  ema,
  macd,
  rollingVolatility,
  rsi,
  sma,
  smma,
  stddev,
  trueRange,
} from './analytics/indicators.ts'
export type { BacktestMetrics, ReturnSums, Trade, TradeStats } from './analytics/metrics.ts'
export { computeMetrics, drawdown, finishMetrics, tradeStats } from './analytics/metrics.ts'
export type {
  Evaluator,
  Objective,
  ParamRange,
  Progress,
  SearchResult,
  SearchSpec,
  Trial,
  WalkForwardFold,
  WalkForwardSpec,
} from './analytics/param-search.ts'
export {
  OBJECTIVES,
  objectiveValue,
  plannedEvaluations,
  scoreParams,
  searchParams,
  sliceBars,
  walkForward,
} from './analytics/param-search.ts'
export { applyBounds, riskContributions, riskParity } from './analytics/portfolio/allocation.ts'
export type { PortfolioAnalytics } from './analytics/portfolio/analytics.ts'
export { portfolioAnalytics } from './analytics/portfolio/analytics.ts'
export type { Matrix, PriceColumns } from './analytics/portfolio/estimates.ts'
export {
  emaHistoricalReturn,
  ledoitWolf,
  meanHistoricalReturn,
  returnsFromPrices,
  sampleCorr,
  sampleCorrOf,
  sampleCov,
  validatePrices,
} from './analytics/portfolio/estimates.ts'
export type { PortfolioFigureInputs, PortfolioFigures } from './analytics/portfolio/figures.ts'
export {
  FIGURE_MAX_ASSETS,
  figuresFromInputs,
  portfolioFigureInputs,
  portfolioFigures,
} from './analytics/portfolio/figures.ts'
export type { HrpOptions, Linkage } from './analytics/portfolio/hrp.ts'
export {
  clusterOrder,
  covToCorr,
  hrp,
  LINKAGES,
  linkageMatrix,
} from './analytics/portfolio/hrp.ts'
export type {
  Bounds,
  MeanVarianceInput,
  OptimizeResult,
  Performance,
} from './analytics/portfolio/mean-variance.ts'
export {
  efficientFrontier,
  efficientReturn,
  efficientRisk,
  maxReturn,
  maxSharpe,
  minVolatility,
  portfolioPerformance,
} from './analytics/portfolio/mean-variance.ts'
export type { PortfolioObjective, PortfolioRequest, PortfolioResponse } from './analytics/portfolio/run.ts'
export { optimizePortfolio, PORTFOLIO_OBJECTIVES } from './analytics/portfolio/run.ts'
export { backtestStrategy } from './analytics/run-strategy.ts'
export type { ParamSpec, Strategy } from './analytics/strategies.ts'
export { resolveStrategy, STRATEGIES, STRATEGY_NAMES } from './analytics/strategies.ts'
export type { BreakerOptions, BreakerState, CircuitBreaker } from './circuit-breaker.ts'
export { createCircuitBreaker } from './circuit-breaker.ts'
export type { AppErrorCode, AppErrorOptions } from './errors.ts'
export {
  AppError,
  CALLER_ERROR_CODES,
  ConflictError,
  isAppError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
  UpstreamError,
  ValidationError,
} from './errors.ts'
export {
  API_KEY_ID_LENGTH,
  API_KEY_PREFIX,
  formatApiKey,
  isApiKeyId,
  OWNER_ID,
  parseApiKey,
  parseDuration,
  parseScopes,
  SCOPES,
} from './identity/api-key.ts'
export type { Principal, PrincipalKind, Scope } from './identity/principal.ts'
export { hasScope, LOCAL_OWNER, LOCAL_PRINCIPAL } from './identity/principal.ts'
export type { Bar, BarColumns, OhlcvColumns } from './market/bars.ts'
export { barProblem, barsToColumns, isIsoDate } from './market/bars.ts'
export type { CsvFormat, Rejection } from './market/csv.ts'
export {
  detectFormat,
  normaliseDate,
  parseCsvRecords,
  wideRowsToBars,
  yahooRowsToBars,
} from './market/csv.ts'
export type { GenerateOptions } from './market/generate.ts'
export { businessDays, generateUniverseBars, universeBars } from './market/generate.ts'
export {
  alignClosesPairwise,
  barsAfter,
  commonDates,
  epochDayToIso,
  epochDayToIsoCached,
  isoToEpochDay,
  knownDays,
  rememberDays,
  sameDays,
  sliceHistory,
} from './market/history.ts'
export { hashString, mulberry32 } from './market/random.ts'
export type { TickWalkOptions } from './market/ticks.ts'
export { tickWalk } from './market/ticks.ts'
export type { SymbolInfo } from './market/universe.ts'
export { SAMPLE_UNIVERSE, SECTORS } from './market/universe.ts'
export type { RiskProfileName } from './profiles/risk.ts'
export { RISK_PROFILES, RiskQuestionnaire, scoreRisk } from './profiles/risk.ts'
