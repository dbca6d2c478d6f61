import { TimeoutError, UnavailableError } from '@supernova/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { localSentiment } from './local.ts'
import { type LocalEndpoint, startLocalEndpoint } from './local-endpoint.ts'
import { type SagemakerSentimentOptions, type SentimentEvent, sagemakerSentiment } from './sagemaker.ts'

let ep: LocalEndpoint
const local = localSentiment()

beforeAll(async () => {
  ep = await startLocalEndpoint()
})
afterAll(async () => {
  await ep.close()
})
beforeEach(() => {
  ep.batches.length = 0
  Object.assign(ep.behaviour, { delayMs: 0, throttleNext: 0, failNext: 0 })
})

/** The real AWS SDK client, pointed at the local endpoint. */
const make = (o: Partial<SagemakerSentimentOptions> = {}) =>
  sagemakerSentiment({
    endpointName: 'finsent-test',
    endpoint: ep.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    modelVersion: 'finsent-test-v1',
    random: () => 0,
    ...o,
  })

describe('sagemakerSentiment against the local endpoint', () => {
  it('scores a single text through InvokeEndpoint in the TEI format', async () => {
    const sm = make()
    const text = 'Tesla beats estimates and raises full-year guidance'
    const [r] = await sm.score([text])
    const [expected] = local.scoreSync([text])
    expect(r!.label).toBe(expected!.label)
    expect(r!.scores.positive).toBeCloseTo(expected!.scores.positive, 6)
    expect(r!.score).toBeCloseTo(expected!.score, 6)
    expect(r!.model).toBe('sagemaker:finsent-test-v1')
    expect(r!.fallback).toBeUndefined()
    expect(ep.batches).toEqual([1])
    await sm.close()
  })

  it('coalesces concurrent single-text callers into micro-batches, each caller getting its own answer', async () => {
    const sm = make({ maxBatchSize: 8, maxWaitMs: 20, cache: false })
    const texts = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? `Company ${i} shares plunge after profit warning`
        : `Company ${i} shares jump after record results`,
    )
    const results = await Promise.all(texts.map((t) => sm.score([t]).then((r) => r[0]!)))
    expect(ep.batches).toEqual([8, 8, 4])
    expect(sm.counters.invocations).toBe(3)
    const expected = local.scoreSync(texts)
    results.forEach((r, i) => {
      expect(r.label).toBe(expected[i]!.label)
      expect(r.score).toBeCloseTo(expected[i]!.score, 6)
    })
    await sm.close()
  })

  it('splits a large caller batch by maxBatchSize and keeps order', async () => {
    const sm = make({ maxBatchSize: 5, cache: false })
    const texts = Array.from({ length: 12 }, (_, i) => `headline number ${i} shares fall ${i}%`)
    const r = await sm.score(texts)
    expect(ep.batches).toEqual([5, 5, 2])
    expect(r.map((x) => x.score)).toEqual(local.scoreSync(texts).map((x) => expect.closeTo(x.score, 6)))
    await sm.close()
  })

  it('caches results by model version and text hash', async () => {
    const sm = make()
    const a = await sm.score(['Apple raises dividend', 'Apple raises dividend'])
    const b = await sm.score(['Apple raises dividend'])
    expect(ep.batches).toEqual([1])
    expect(a[0]!.cached).toBeUndefined()
    expect(b[0]!.cached).toBe(true)
    expect(b[0]!.label).toBe(a[0]!.label)
    expect(sm.counters.cacheHits).toBe(1)
    // an injected cache object is used as is
    const store = new Map<string, never>()
    const sm2 = make({ cache: { get: (k) => store.get(k), set: (k, v) => store.set(k, v as never) } })
    await sm2.score(['Apple raises dividend'])
    expect([...store.keys()][0]).toMatch(/^v1:sentiment:finsent-test-v1:/)
    await Promise.all([sm.close(), sm2.close()])
  })

  it('treats a failing cache as a miss instead of failing the call', async () => {
    const broken = {
      get: async () => {
        throw new Error('L2 down')
      },
      set: () => {
        throw new Error('L2 down')
      },
    }
    const sm = make({ cache: broken })
    const [r] = await sm.score(['Apple raises dividend'])
    expect(r!.label).toBe('positive')
    expect(r!.fallback).toBeUndefined()
    expect(sm.counters.cacheErrors).toBe(2)
    await sm.close()
  })

  it('times out a slow call and falls back to the local model, flagged and counted', async () => {
    ep.behaviour.delayMs = 400
    const events: SentimentEvent[] = []
    const sm = make({ timeoutMs: 50, events: (e) => events.push(e) })
    const [r] = await sm.score(['Netflix subscriber growth slows'])
    expect(r!.fallback).toBe(true)
    expect(r!.model).toMatch(/^local:/)
    expect(sm.counters.timeouts).toBe(1)
    expect(sm.counters.fallbacks).toBe(1)
    expect(events).toContainEqual({ type: 'fallback', count: 1, reason: 'timeout' })
    const strict = make({ timeoutMs: 50, fallback: false, cache: false })
    await expect(strict.score(['Netflix subscriber growth slows'])).rejects.toBeInstanceOf(TimeoutError)
    await Promise.all([sm.close(), strict.close()])
  })

  it('retries throttling with jitter and then succeeds', async () => {
    ep.behaviour.throttleNext = 2
    const delays: number[] = []
    const sm = make({
      maxRetries: 3,
      random: () => 0.5,
      retryBaseMs: 2,
      events: (e) => e.type === 'retry' && delays.push(e.delayMs),
    })
    const [r] = await sm.score(['Boeing deliveries rise'])
    expect(r!.fallback).toBeUndefined()
    expect(sm.counters.retries).toBe(2)
    expect(sm.counters.throttled).toBe(2)
    expect(delays).toEqual([1, 2])
    expect(ep.behaviour.throttleNext).toBe(0)
    await sm.close()
  })

  it('falls back when throttling outlasts the retries', async () => {
    ep.behaviour.throttleNext = 10
    const sm = make({ maxRetries: 2 })
    const [r] = await sm.score(['Boeing deliveries fall'])
    expect(r!.fallback).toBe(true)
    expect(sm.counters.invocations).toBe(3)
    expect(sm.counters.failures).toBe(1)
  })

  it('opens the breaker after repeated failures, skips the endpoint while open, and closes after a good probe', async () => {
    let clock = 0
    ep.behaviour.failNext = 1000
    const states: string[] = []
    const sm = make({
      cache: false,
      breaker: { failureThreshold: 2, cooldownMs: 1_000, now: () => clock },
      events: (e) => e.type === 'breaker' && states.push(e.state),
    })
    await sm.score(['one'])
    await sm.score(['two'])
    expect(sm.breakerState).toBe('open')
    const calls = sm.counters.invocations
    const [r] = await sm.score(['three'])
    expect(r!.fallback).toBe(true)
    expect(sm.counters.invocations).toBe(calls) // no call while open
    expect(sm.counters.breakerOpens).toBe(1)

    const strict = make({ fallback: false, cache: false, breaker: { failureThreshold: 1, now: () => clock } })
    await expect(strict.score(['x'])).rejects.toThrow()
    await expect(strict.score(['y'])).rejects.toBeInstanceOf(UnavailableError)

    ep.behaviour.failNext = 0
    clock += 1_001
    const [probe] = await sm.score(['four'])
    expect(probe!.fallback).toBeUndefined()
    expect(sm.breakerState).toBe('closed')
    expect(states).toEqual(['open', 'half-open', 'closed'])
    expect(sm.counters.fallbacks).toBe(3)
    await Promise.all([sm.close(), strict.close()])
  })
})
