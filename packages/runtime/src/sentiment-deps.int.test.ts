import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type LocalEndpoint, startLocalEndpoint } from '@supernova/ml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { createDeps, type Runtime } from './deps.ts'

// createDeps picks the sentiment adapter: the shipped model by default, SageMaker when an endpoint is named.
describe('createDeps sentiment adapter choice', () => {
  let dir: string
  let ep: LocalEndpoint
  let rt: Runtime
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sn-sentiment-'))
    ep = await startLocalEndpoint()
    rt = await createDeps(
      loadConfig({
        SUPERNOVA_DATA_DIR: dir,
        SEED_SAMPLE_DATA: 'false',
        SAGEMAKER_ENDPOINT_NAME: 'finsent',
        SAGEMAKER_ENDPOINT_URL: ep.url,
      }),
    )
  })
  afterAll(async () => {
    await rt?.close()
    await ep?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('uses the SageMaker adapter against the configured endpoint, with the sentiment service wired', async () => {
    expect(rt.adapters.sentiment).toMatch(
      /^sagemaker \(finsent at http:\/\/127\.0\.0\.1:\d+, local fallback\)$/,
    )
    const [r] = await rt.deps.sentiment!.score(['Apple raises dividend'])
    expect(r).toMatchObject({ label: 'positive', model: 'sagemaker:finsent' })
    expect(r!.fallback).toBeUndefined()
    expect(ep.batches).toEqual([1])
    expect(rt.deps.sentiment!.stats()).toMatchObject({ invocations: 1, fallbacks: 0, breakerState: 'closed' })
  })

  it('caches endpoint answers in the tiered cache', async () => {
    const [again] = await rt.deps.sentiment!.score(['Apple raises dividend'])
    expect(again).toMatchObject({ label: 'positive', cached: true })
    expect(ep.batches).toEqual([1])
  })
})
