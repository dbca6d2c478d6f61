import {
  AppError,
  ConflictError,
  TimeoutError,
  UnavailableError,
  UpstreamError,
  ValidationError,
} from '@supernova/core'

interface PgLikeError {
  code?: unknown
  message?: unknown
  detail?: unknown
  constraint?: unknown
  column?: unknown
  table?: unknown
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'])
// node-postgres reports a lost or refused connection by message only (no code)
const CONNECTION_MESSAGES =
  /connection terminated|connection error|timeout exceeded when trying to connect|not queryable|ECONNREFUSED/i

/** Turns a driver error (pg, PGlite, Neon) into a typed AppError by SQLSTATE, so vendor errors never reach routes. */
export function mapSqlError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const e = (error ?? {}) as PgLikeError
  const code = typeof e.code === 'string' ? e.code : ''
  // The SQLSTATE, constraint and driver message stay in `cause` (logged with the request id for 5xx): a response
  // never carries a database message, sqlstate, address or path.
  const details = undefined
  if (code === '23505')
    return new ConflictError('A record with the same key already exists.', { cause: error, details })
  if (code === '23503')
    return new ConflictError('The record refers to something that does not exist (or is still referenced).', {
      cause: error,
      details,
    })
  // Class 22 (data exception: out of range, bad encoding, NUL) and NOT NULL / CHECK violations blame the input.
  if (code === '23502' || code === '23514' || code.startsWith('22'))
    return new ValidationError('A value is invalid or out of range for storage.', { cause: error, details })
  if (code === '40001' || code === '40P01')
    return new ConflictError('The operation clashed with a concurrent one; retry it.', {
      cause: error,
      details,
    })
  if (code === '57014')
    return new TimeoutError('The database query was cancelled after its time limit.', { cause: error })
  if (
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P03' ||
    code === '53300' ||
    CONNECTION_CODES.has(code) ||
    (!code && CONNECTION_MESSAGES.test(typeof e.message === 'string' ? e.message : ''))
  )
    return new UnavailableError('The database is unavailable.', { cause: error, details })
  if (code.startsWith('42') || code.startsWith('XX'))
    return new AppError('internal_error', 'A database statement failed.', { cause: error, details })
  return new UpstreamError('postgres', 'The database answered with an error.', {
    cause: error,
    details,
  })
}
