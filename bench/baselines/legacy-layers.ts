/**
 * The eight middleware layers createApp mounted before they were fused into `requestContext` + `respond`,
 * rebuilt from the same steps the fused layers run. Only the api benchmark mounts them, as the baseline the
 * fused stack is measured against; legacy-layers.test.ts shows both answer byte for byte alike.
 */
import {
  type AppDeps,
  type AppEnv,
  applyCompression,
  applyEtag,
  applyFieldSelection,
  type CompressOptions,
  captureJson,
  checkLimits,
  compressConfig,
  countBody,
  DeadlineQueue,
  type EtagOptions,
  etagConfig,
  recordRequest,
  requestedFields,
} from '@supernova/api'
import type { HttpRecorder } from '@supernova/metrics'
import type { MiddlewareHandler } from 'hono'
import { requestId } from 'hono/request-id'

/** Compression as its own layer. */
export function compressLayer(options: CompressOptions = {}): MiddlewareHandler {
  const config = compressConfig(options)
  return async function compress(c, next) {
    captureJson(c)
    await next()
    const p = applyCompression(c, config)
    if (p) await p
  }
}

/** ETag/304 as its own layer. */
export function etagLayer(options: EtagOptions = {}): MiddlewareHandler {
  const config = etagConfig(options)
  return async function etag(c, next) {
    captureJson(c)
    await next()
    const p = applyEtag(c, config)
    if (p) await p
  }
}

/** Field selection as its own layer (not async without `fields=`, as it was). */
export function fieldSelectionLayer(): MiddlewareHandler {
  return function fieldSelection(c, next) {
    captureJson(c)
    const tree = requestedFields(c)
    if (!tree) return next()
    return next().then(() => applyFieldSelection(c, tree))
  }
}

/** Request limits as their own layer. */
export function limitsLayer(
  options: { maxBodyBytes?: number; maxQueryLength?: number } = {},
): MiddlewareHandler {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024
  const maxQuery = options.maxQueryLength ?? 2048
  return function limits(c, next) {
    const body = checkLimits(c, maxBody, maxQuery)
    return body ? countBody(c, next, body, maxBody) : next()
  }
}

/** The per-request deadline as its own layer. */
export function timeoutLayer(ms: number): MiddlewareHandler {
  const queue = new DeadlineQueue(ms)
  return function timeout(c, next) {
    return queue.run(c, next)
  }
}

/** Request metrics as their own layer. */
export function requestMetricsLayer(http: HttpRecorder): MiddlewareHandler {
  return async function requestMetrics(c, next) {
    const start = performance.now()
    await next()
    recordRequest(http, c, start)
  }
}

/** createApp's former stack, outermost first. */
export function legacyLayers(options: {
  deps: AppDeps
  http: HttpRecorder
  maxBodyBytes: number
  timeoutMs: number
}): MiddlewareHandler<AppEnv>[] {
  return [
    requestId({ headerName: 'X-Request-Id' }),
    requestMetricsLayer(options.http),
    async (c, next) => {
      c.set('deps', options.deps)
      await next()
    },
    limitsLayer({ maxBodyBytes: options.maxBodyBytes }),
    timeoutLayer(options.timeoutMs),
    compressLayer(),
    etagLayer(),
    fieldSelectionLayer(),
  ]
}
