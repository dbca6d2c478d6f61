import type { Logger } from '@supernova/api'
import { type DestinationStream, pino } from 'pino'
import type { Config } from './config.ts'

/**
 * The process logger: one JSON line per event at LOG_LEVEL (`silent` writes nothing), ISO timestamps, errors
 * under `err` with their stack and cause. Writes to stdout (synchronously: a frozen Lambda loses nothing)
 * unless a destination is given (tests).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, timestamp: pino.stdTimeFunctions.isoTime }
  return destination ? pino(options, destination) : pino(options)
}
