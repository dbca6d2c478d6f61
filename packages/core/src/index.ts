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
export type { AppErrorCode, AppErrorOptions } from './errors.ts'
