import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '@supernova/api'
import { type LocalEndpoint, startLocalEndpoint } from '@supernova/ml'
import { Tally } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { createDeps, type Runtime } from './deps.ts'

// The whole server wired by createDeps with SAGEMAKER_ENDPOINT_URL on the local TEI-compatible endpoint, whose
// behaviour (delay, throttling, failures) the test changes while requests are in flight.
let ep: LocalEndpoint
let runtime: Runtime
let app: ReturnType<typeof createApp>
let dataDir: string
const tally = new Tally()
let stored = 0
const answered: string[] = []
let seq = 0

beforeAll(async () => {
  ep = await startLocalEndpoint()
  dataDir = mkdtempSync(join(tmpdir(), 'supernova-chaos-model-'))
  const config = loadConfig({
    SAGEMAKER_ENDPOINT_NAME: 'finsent-chaos',
    SAGEMAKER_ENDPOINT_URL: ep.url,
    SUPERNOVA_DATA_DIR: dataDir,
    SEED_SAMPLE_DATA: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ENABLED: 'false',
  })
  runtime = await createDeps(config, { runTasks: false })
  app = createApp(runtime.deps)
}, 120_000)

afterAll(async () => {
  console.info(tally.summary('chaos (model endpoint)'))
  console.info(
    `chaos (model endpoint) answers: ${answered.join('; ')}; items stored and read back: ${stored}`,
  )
  await runtime?.close().catch(() => {})
  await ep?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

type Score = { label: string; fallback?: boolean }

/**
 * `requests` concurrent scorings of fresh texts (no cache hit can hide the endpoint), half of them stored as items
 * of symbol CHAOS. Every answer must be a 200 (from the endpoint or, flagged, the local fallback) or a clean 503;
 * the stored counts are remembered to be read back at the end.
 */
async function burst(phase: string, requests: number): Promise<{ fallbacks: number; fromEndpoint: number }> {
  let fallbacks = 0
  let fromEndpoint = 0
  await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const text = `${phase} ${++seq}: Company ${i} shares ${i % 2 ? 'plunge after a profit warning' : 'jump on record results'}`
      const body = i % 2 ? { items: [{ text, symbol: 'CHAOS' }] } : { texts: [text] }
      const res = await app.request('/v1/sentiment', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const text2 = await res.text()
      if (res.status === 200) {
        const out = JSON.parse(text2) as { results: Score[]; stored?: number }
        expect(out.results).toHaveLength(1)
        if (out.results[0]!.fallback) fallbacks++
        else fromEndpoint++
        stored += out.stored ?? 0
        tally.add([phase], 'ok')
      } else {
        // the endpoint's trouble is never a 500 and never shows its address or the SDK's message
        expect(res.status).toBe(503)
        expect(text2).not.toMatch(/127\.0\.0\.1|Throttling|InternalFailure/)
        tally.add([phase], 'server5xx')
      }
    }),
  )
  answered.push(`${phase} ${fromEndpoint} from the endpoint / ${fallbacks} local fallback`)
  return { fallbacks, fromEndpoint }
}

describe('chaos: the sentiment model endpoint slow, throttling and failing', () => {
  it('answers from the endpoint while it is healthy', async () => {
    const r = await burst('model healthy', 24)
    expect(r.fromEndpoint).toBe(24)
  })

  it('falls back to the local model, flagged, when the endpoint is slower than its timeout', async () => {
    ep.behaviour.delayMs = 5_000 // the adapter's timeout is 2 s
    const r = await burst('model slow', 24)
    expect(r.fallbacks).toBe(24)
    ep.behaviour.delayMs = 0
  }, 120_000)

  it('retries throttling with backoff, then falls back rather than failing', async () => {
    // a breaker opened by the slow phase may still be cooling down: wait until the endpoint answers again
    await waitForEndpoint()
    ep.behaviour.throttleNext = 10_000
    const r = await burst('model throttling', 24)
    expect(r.fallbacks + r.fromEndpoint).toBe(24)
    expect(r.fallbacks).toBeGreaterThan(0)
    ep.behaviour.throttleNext = 0
  }, 120_000)

  it('falls back while the endpoint fails, and uses it again once it recovers', async () => {
    await waitForEndpoint()
    ep.behaviour.failNext = 10_000
    const failing = await burst('model failing', 24)
    expect(failing.fallbacks).toBe(24)
    ep.behaviour.failNext = 0
    await waitForEndpoint()
    const back = await burst('model recovered', 24)
    expect(back.fromEndpoint).toBe(24)
  }, 120_000)

  it('lost nothing it acknowledged: every stored item is counted in the aggregate', async () => {
    const res = await app.request('/v1/sentiment/aggregate?symbols=CHAOS')
    expect(res.status).toBe(200)
    const { data } = (await res.json()) as { data: { symbol: string; count: number }[] }
    expect(stored).toBeGreaterThan(0)
    expect(data[0]!.count).toBe(stored)
  })
})

/** Scores one fresh text until the endpoint (not the fallback) answers: the breaker's cool-down has ended. */
async function waitForEndpoint(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const res = await app.request('/v1/sentiment', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ texts: [`probe ${++seq}: shares steady`] }),
    })
    const out = (await res.json()) as { results?: Score[] }
    if (res.status === 200 && !out.results?.[0]?.fallback) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('the endpoint did not come back within 50 s')
}
