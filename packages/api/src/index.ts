export type {
  AlertEvaluator,
  AlertEvaluatorOptions,
  EvaluationResult,
  EvaluatorStats,
  FiringMessage,
  Tick,
} from './alerts/evaluator.ts'
export { alertEvaluator } from './alerts/evaluator.ts'
export { ALERTS_EVALUATE_TASK, alertTaskTypes } from './alerts/task.ts'
export { createApp, DEFAULT_MAX_BODY_BYTES, documentOf } from './app.ts'
export type {
  ApiKeyVerifier,
  Authenticator,
  AuthenticatorOptions,
  AuthFailure,
  AuthOutcome,
  AuthResult,
  Credential,
  JwtCheck,
  JwtOptions,
  JwtVerifier,
} from './auth/index.ts'
export {
  AUTH_CACHE_TTL_MS,
  authenticate,
  createAuthenticator,
  createJwtVerifier,
  credentialOf,
  DEFAULT_ROTATION_OVERLAP_MS,
  keyView,
  requiredScope,
} from './auth/index.ts'
export { cachedRead } from './cache-read.ts'
export { clientIp, compileTrustProxy, TRUST_NONE, type TrustProxy } from './client-address.ts'
export type { AppDeps, Logger, ReadinessCheck, ResponseObserver, SentimentHintSource } from './deps.ts'
export type { AppEnv } from './env.ts'
export type { ErrorBody } from './errors.ts'
export { ERROR_STATUS, errorResponse, errorStatus, notFound, onError } from './errors.ts'
export { ownerOf, principalOf } from './identity.ts'
export { decodeHistory, encodeHistory } from './market-history/codec.ts'
export type {
  HistoryCache,
  HistoryRead,
  HistorySource,
  MarketHistory,
  MarketHistoryOptions,
  WarmedHistories,
} from './market-history/service.ts'
export { HISTORY_CACHE, marketHistory, warmHistories } from './market-history/service.ts'
export type { BrowserSafetyOptions } from './middleware/browser-safety.ts'
export { browserSafety } from './middleware/browser-safety.ts'
export type { CompressConfig, CompressOptions } from './middleware/compress.ts'
export { applyCompression, compressConfig, defaultLevel, SYNC_COMPRESS_MAX } from './middleware/compress.ts'
export type { EtagConfig, EtagOptions } from './middleware/etag.ts'
export { applyEtag, etagConfig } from './middleware/etag.ts'
export type { FieldTree } from './middleware/fields.ts'
export { applyFieldSelection, captureJson, requestedFields } from './middleware/fields.ts'
export { checkLimits, countBody } from './middleware/limits.ts'
export { recordRequest } from './middleware/metrics.ts'
export type { RateLimitOptions } from './middleware/rate-limit.ts'
export { EXPENSIVE_ROUTES, rateLimit as rateLimitMiddleware } from './middleware/rate-limit.ts'
export type { RequestContextOptions } from './middleware/request-context.ts'
export { requestContext } from './middleware/request-context.ts'
export type { RespondOptions } from './middleware/respond.ts'
export { respond } from './middleware/respond.ts'
export { DEFAULT_TIMEOUT_MS, DeadlineQueue, requestSignal } from './middleware/timeout.ts'
export { ndjsonResponse } from './ndjson.ts'
export type { OpenApi, ResponseSpec, RouteInput, RouteSpec } from './openapi.ts'
export { createOpenApi, defineRoute, validationError } from './openapi.ts'
export type { Access } from './openapi-components.ts'
export { TAGS } from './openapi-components.ts'
export { requestLog } from './request-log.ts'
export { analyticsTaskTypes, TASK_MAX_TRIALS } from './routes/analytics-tasks.ts'
export { DOCS_CSP } from './routes/docs.ts'
export { packStored, unpackStored } from './routes/result-pack.ts'
export { type ResultWriter, type ResultWriterOptions, resultWriter } from './routes/result-writer.ts'
export { sentimentTasks } from './routes/sentiment.ts'
export {
  type MemoisedSentimentHints,
  type SentimentAggregates,
  type SentimentHintOptions,
  sentimentHintsFromAggregate,
} from './routes/sentiment-hints.ts'
export { SENTIMENT_SCORE_TASK } from './routes/sentiment-tasks.ts'
export { preloadSymbolDetails } from './routes/symbol-detail.ts'
export { taskView } from './routes/tasks.ts'
export { BarSchema, IsoDate, Limit, Page, SymbolParam, SymbolSchema } from './schemas.ts'
export { API_VERSION } from './version.ts'
