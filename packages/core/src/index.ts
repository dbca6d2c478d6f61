export type { AppErrorCode, AppErrorOptions } from './errors.ts'
export {
  AppError,
  ConflictError,
  isAppError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
  UpstreamError,
  ValidationError,
} from './errors.ts'
export type { Bar, BarColumns } from './market/bars.ts'
export { barProblem, isIsoDate } from './market/bars.ts'
export type { CsvFormat, Rejection } from './market/csv.ts'
export { detectFormat, normaliseDate, wideRowsToBars, yahooRowsToBars } from './market/csv.ts'
export type { GenerateOptions } from './market/generate.ts'
export { businessDays, generateUniverseBars } from './market/generate.ts'
export { hashString, mulberry32 } from './market/random.ts'
export type { SymbolInfo } from './market/universe.ts'
export { SAMPLE_UNIVERSE, SECTORS } from './market/universe.ts'
export type { RiskProfileName } from './profiles/risk.ts'
export { RISK_PROFILES, RiskQuestionnaire, scoreRisk } from './profiles/risk.ts'
