/** What went wrong, as a literal the error envelope carries; the API alone maps it to an HTTP status. */
export type AppErrorCode =
  | 'validation_error'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'upstream_error'
  | 'unavailable'
  | 'timeout'
  | 'internal_error'
  | 'too_expensive'

export interface AppErrorOptions {
  details?: unknown
  cause?: unknown
}

/** Codes that blame the caller's input or identity: the same call fails the same way again, so it is not retried. */
export const CALLER_ERROR_CODES: ReadonlySet<AppErrorCode> = new Set<AppErrorCode>([
  'validation_error',
  'bad_request',
  'not_found',
  'conflict',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'method_not_allowed',
  'unauthorized',
  'forbidden',
  'too_expensive',
])

/** Base of every error the app raises on purpose; vendor errors are wrapped in one of these. */
export class AppError extends Error {
  readonly code: AppErrorCode
  readonly details: unknown

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.details = options.details
  }
}

/** Bad input from the caller; `details` names the offending fields. */
export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('validation_error', message, options)
    this.name = 'ValidationError'
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('not_found', message, options)
    this.name = 'NotFoundError'
  }
}

/** The request clashes with existing state, e.g. a unique key. */
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('conflict', message, options)
    this.name = 'ConflictError'
  }
}

/** A dependency answered with an error; `service` names it. */
export class UpstreamError extends AppError {
  readonly service: string
  constructor(service: string, message: string, options: AppErrorOptions = {}) {
    super('upstream_error', message, options)
    this.name = 'UpstreamError'
    this.service = service
  }
}

/** A dependency or the app itself cannot serve now. */
export class UnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('unavailable', message, options)
    this.name = 'UnavailableError'
  }
}

/** Work did not finish within its deadline. */
export class TimeoutError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('timeout', message, options)
    this.name = 'TimeoutError'
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
