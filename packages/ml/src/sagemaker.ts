import { createHash } from 'node:crypto'
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime'
import {
  type BreakerOptions,
  type BreakerState,
  createCircuitBreaker,
  TimeoutError,
  UnavailableError,
  UpstreamError,
} from '@supernova/core'
import { LRUCache } from 'lru-cache'
import { localSentiment } from './local.ts'
import type { SentimentLabel, SentimentModel, SentimentResult } from './port.ts'
import { fromTeiPredictions, type TeiPrediction } from './tei.ts'

/** What the result cache must offer; the tiered cache (L1/L2/L3) can be injected through this seam. */
export interface SentimentCache {
  get(key: string): SentimentResult | undefined | Promise<SentimentResult | undefined>
  set(key: string, value: SentimentResult): unknown
}

/** Things the monitoring layer may want to see, as they happen. */
export type SentimentEvent =
  | { type: 'invoke'; batchSize: number; durationMs: number; ok: boolean; attempts: number }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  | { type: 'fallback'; count: number; reason: 'breaker-open' | 'error' | 'timeout' }
  | { type: 'breaker'; state: BreakerState }

/** Running totals (monotonic counters) read by /metrics and reports. */
export interface SentimentCounters {
  requests: number
  texts: number
  cacheHits: number
  cacheMisses: number
  /** Cache reads or writes that failed (treated as misses / skipped). */
  cacheErrors: number
  invocations: number
  invokedTexts: number
  retries: number
  throttled: number
  timeouts: number
  failures: number
  fallbacks: number
  breakerOpens: number
}

export interface SagemakerSentimentOptions {
  endpointName: string
  /** A pre-built client; otherwise one is made with `region`, `endpoint`, `credentials` and SDK retries off. */
  client?: SageMakerRuntimeClient
  region?: string
  /** Override URL (the local endpoint in tests and the self-hosted shape). */
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Names the deployed model in answers and namespaces the cache; bump it when the endpoint's model changes. */
  modelVersion?: string
  /** Texts per InvokeEndpoint call; keep at or below TEI's --max-client-batch-size. */
  maxBatchSize?: number
  /** How long the first queued text waits for company before its batch is sent. */
  maxWaitMs?: number
  /** Concurrent InvokeEndpoint calls; more callers queue and are coalesced. */
  maxInFlight?: number
  /** Per InvokeEndpoint call. */
  timeoutMs?: number
  /** Retries after throttling (full jitter, exponential). */
  maxRetries?: number
  retryBaseMs?: number
  retryMaxMs?: number
  breaker?: Omit<BreakerOptions, 'onChange'>
  /** Answers when the endpoint cannot; `false` turns failures into 503 errors instead. */
  fallback?: SentimentModel | false
  /** Result cache; default an in-process LRU; `false` disables. */
  cache?: SentimentCache | false
  cacheSize?: number
  labelMap?: Record<string, SentimentLabel>
  events?: (event: SentimentEvent) => void
  /** Jitter source (tests make it deterministic). */
  random?: () => number
}

interface Pending {
  text: string
  resolve: (r: SentimentResult) => void
  reject: (e: unknown) => void
}

const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'ModelNotReadyException',
  'ServiceUnavailable',
])

/** Throttling and "not ready" are worth a retry; model errors and validation errors are not. */
function isThrottle(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } }
  const status = err.$metadata?.httpStatusCode
  return THROTTLE_NAMES.has(err.name ?? '') || status === 429 || status === 503
}

/** The SDK loads on first use, so processes on the local model never pay for it. */
let sdk: Promise<typeof import('@aws-sdk/client-sagemaker-runtime')> | undefined
const loadSdk = () => {
  sdk ??= import('@aws-sdk/client-sagemaker-runtime')
  return sdk
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Cache key: version + content hash, so a model change never serves stale labels. */
export function sentimentCacheKey(modelVersion: string, text: string): string {
  return `v1:sentiment:${modelVersion}:${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`
}

/**
 * Sentiment over a SageMaker endpoint running the Hugging Face TEI container (`{inputs: [...]}` -> one list of
 * label scores per text). Concurrent callers are coalesced into micro-batches (size, wait, in-flight bounds);
 * throttling is retried with jitter; a breaker stops paying timeouts when the endpoint is down, and the local
 * model answers instead, flagged `fallback: true` and counted.
 */
export function sagemakerSentiment(options: SagemakerSentimentOptions) {
  let client: SageMakerRuntimeClient | undefined = options.client
  const getClient = async () => {
    const { SageMakerRuntimeClient } = await loadSdk()
    client ??= new SageMakerRuntimeClient({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      credentials: options.credentials,
      maxAttempts: 1, // retries are ours (jitter, breaker-aware)
    })
    return client
  }
  const ownsClient = !options.client
  const version = options.modelVersion ?? options.endpointName
  const name = `sagemaker:${version}`
  const maxBatch = Math.max(1, options.maxBatchSize ?? 32)
  const maxWait = Math.max(0, options.maxWaitMs ?? 5)
  const maxInFlight = Math.max(1, options.maxInFlight ?? 4)
  const timeoutMs = options.timeoutMs ?? 2_000
  const maxRetries = options.maxRetries ?? 3
  const retryBase = options.retryBaseMs ?? 25
  const retryMax = options.retryMaxMs ?? 1_000
  const random = options.random ?? Math.random
  const emit = options.events ?? (() => {})
  const fallback = options.fallback === undefined ? localSentiment() : options.fallback
  const cache: SentimentCache | undefined =
    options.cache === false
      ? undefined
      : (options.cache ?? new LRUCache<string, SentimentResult>({ max: options.cacheSize ?? 10_000 }))
  const counters: SentimentCounters = {
    requests: 0,
    texts: 0,
    cacheHits: 0,
    cacheMisses: 0,
    cacheErrors: 0,
    invocations: 0,
    invokedTexts: 0,
    retries: 0,
    throttled: 0,
    timeouts: 0,
    failures: 0,
    fallbacks: 0,
    breakerOpens: 0,
  }
  const breaker = createCircuitBreaker({
    ...options.breaker,
    onChange: (state) => {
      if (state === 'open') counters.breakerOpens++
      emit({ type: 'breaker', state })
    },
  })

  const queue: Pending[] = []
  let timer: NodeJS.Timeout | undefined
  let inFlight = 0

  async function invokeOnce(texts: string[]): Promise<SentimentResult[]> {
    // loading the SDK (first call only) is not the endpoint's latency, so the clock starts after it
    const [{ InvokeEndpointCommand }, c] = await Promise.all([loadSdk(), getClient()])
    const ac = new AbortController()
    const t = setTimeout(() => ac.abort(), timeoutMs)
    try {
      const out = await c.send(
        new InvokeEndpointCommand({
          EndpointName: options.endpointName,
          ContentType: 'application/json',
          Accept: 'application/json',
          Body: new TextEncoder().encode(JSON.stringify({ inputs: texts, truncate: true })),
        }),
        { abortSignal: ac.signal },
      )
      const parsed = JSON.parse(new TextDecoder().decode(out.Body)) as TeiPrediction[][] | TeiPrediction[]
      const rows = texts.length === 1 && !Array.isArray(parsed[0]) ? [parsed as TeiPrediction[]] : parsed
      if (!Array.isArray(rows) || rows.length !== texts.length)
        throw new UpstreamError(
          'sagemaker',
          `Endpoint answered ${rows.length} results for ${texts.length} texts.`,
        )
      return (rows as TeiPrediction[][]).map((p) => fromTeiPredictions(p, name, options.labelMap))
    } catch (e) {
      if (ac.signal.aborted) {
        counters.timeouts++
        throw new TimeoutError(`SageMaker endpoint did not answer within ${timeoutMs} ms.`, { cause: e })
      }
      throw e
    } finally {
      clearTimeout(t)
    }
  }

  async function invoke(texts: string[]): Promise<SentimentResult[]> {
    const start = performance.now()
    for (let attempt = 0; ; attempt++) {
      counters.invocations++
      try {
        const r = await invokeOnce(texts)
        counters.invokedTexts += texts.length
        emit({
          type: 'invoke',
          batchSize: texts.length,
          durationMs: performance.now() - start,
          ok: true,
          attempts: attempt + 1,
        })
        return r
      } catch (e) {
        if (attempt < maxRetries && isThrottle(e)) {
          counters.throttled++
          counters.retries++
          const delayMs = random() * Math.min(retryMax, retryBase * 2 ** attempt)
          emit({ type: 'retry', attempt: attempt + 1, delayMs, reason: (e as Error).name })
          await sleep(delayMs)
          continue
        }
        if (isThrottle(e)) counters.throttled++
        emit({
          type: 'invoke',
          batchSize: texts.length,
          durationMs: performance.now() - start,
          ok: false,
          attempts: attempt + 1,
        })
        throw e
      }
    }
  }

  async function answerWithFallback(
    batch: Pending[],
    reason: 'breaker-open' | 'error' | 'timeout',
    cause?: unknown,
  ) {
    if (!fallback) {
      const err =
        reason === 'breaker-open'
          ? new UnavailableError('Sentiment endpoint unavailable (circuit open).')
          : cause instanceof TimeoutError
            ? cause
            : new UpstreamError('sagemaker', 'Sentiment endpoint failed.', { cause })
      for (const p of batch) p.reject(err)
      return
    }
    counters.fallbacks += batch.length
    emit({ type: 'fallback', count: batch.length, reason })
    const results = await fallback.score(batch.map((p) => p.text))
    for (const [i, p] of batch.entries()) p.resolve({ ...results[i]!, fallback: true })
  }

  async function run(batch: Pending[]) {
    try {
      if (!breaker.allow()) return await answerWithFallback(batch, 'breaker-open')
      let results: SentimentResult[]
      try {
        results = await invoke(batch.map((p) => p.text))
      } catch (e) {
        counters.failures++
        breaker.failure()
        return await answerWithFallback(batch, e instanceof TimeoutError ? 'timeout' : 'error', e)
      }
      breaker.success()
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (e) {
      for (const p of batch) p.reject(e)
    }
  }

  function flush() {
    if (timer) {
      clearTimeout(timer)
      timer = undefined
    }
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.splice(0, maxBatch)
      inFlight++
      void run(batch).finally(() => {
        inFlight--
        // whatever queued while every slot was busy has waited long enough
        if (queue.length > 0) flush()
      })
    }
  }

  function enqueue(text: string): Promise<SentimentResult> {
    return new Promise((resolve, reject) => {
      queue.push({ text, resolve, reject })
      if (queue.length >= maxBatch) flush()
      else timer ??= setTimeout(flush, maxWait)
    })
  }

  return {
    name,
    version,
    counters,
    get breakerState(): BreakerState {
      return breaker.state
    },
    async score(texts: readonly string[]): Promise<SentimentResult[]> {
      counters.requests++
      counters.texts += texts.length
      const out: (SentimentResult | undefined)[] = new Array(texts.length)
      const keys = cache ? texts.map((t) => sentimentCacheKey(version, t)) : []
      if (cache) {
        // a cache outage must not fail scoring: a failed read is a miss
        const hits = await Promise.all(
          keys.map(async (k) => {
            try {
              return await cache.get(k)
            } catch {
              counters.cacheErrors++
              return undefined
            }
          }),
        )
        hits.forEach((h, i) => {
          if (h) out[i] = { ...h, cached: true }
        })
      }
      // one request per distinct missing text, shared by its duplicates
      const missing = new Map<string, Promise<SentimentResult>>()
      texts.forEach((t, i) => {
        if (out[i]) return
        if (!missing.has(t)) missing.set(t, enqueue(t))
      })
      counters.cacheHits += texts.length - [...out].filter((x) => !x).length
      counters.cacheMisses += [...out].filter((x) => !x).length
      await Promise.all(
        texts.map(async (t, i) => {
          if (out[i]) return
          const r = await missing.get(t)!
          out[i] = r
          if (cache && !r.fallback)
            await Promise.resolve()
              .then(() => cache.set(keys[i]!, r))
              .catch(() => {
                counters.cacheErrors++
              })
        }),
      )
      return out as SentimentResult[]
    },
    async close(): Promise<void> {
      flush()
      if (ownsClient) client?.destroy()
    },
  } satisfies SentimentModel & Record<string, unknown>
}
export type SagemakerSentiment = ReturnType<typeof sagemakerSentiment>
