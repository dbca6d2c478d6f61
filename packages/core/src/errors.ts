/** Error codes the API maps to HTTP statuses; the literal code travels in the error envelope. */
export type AppErrorCode =
  | 'validation_error'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'upstream_error'
  | 'unavailable'
  | 'timeout'
  | 'internal_error'

export interface AppErrorOptions {
  details?: unknown
  cause?: unknown
}

/** Base of every error the app raises on purpose; vendor errors are wrapped in one of these. */
export class AppError extends Error {
  readonly code: AppErrorCode
  readonly status: number
  readonly details: unknown

  constructor(code: AppErrorCode, status: number, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.status = status
    this.details = options.details
  }
}

/** Bad input from the caller (400); `details` names the offending fields. */
export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('validation_error', 400, message, options)
    this.name = 'ValidationError'
  }
}

/** The thing asked for does not exist (404). */
export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('not_found', 404, message, options)
    this.name = 'NotFoundError'
  }
}

/** The request clashes with existing state, e.g. a unique key (409). */
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('conflict', 409, message, options)
    this.name = 'ConflictError'
  }
}

/** A dependency answered with an error (502); `service` names it. */
export class UpstreamError extends AppError {
  readonly service: string
  constructor(service: string, message: string, options: AppErrorOptions = {}) {
    super('upstream_error', 502, message, options)
    this.name = 'UpstreamError'
    this.service = service
  }
}

/** A dependency or the app itself cannot serve now (503). */
export class UnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('unavailable', 503, message, options)
    this.name = 'UnavailableError'
  }
}

/** Work did not finish within its deadline (504). */
export class TimeoutError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('timeout', 504, message, options)
    this.name = 'TimeoutError'
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
