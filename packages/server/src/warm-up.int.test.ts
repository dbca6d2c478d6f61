import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@supernova/runtime'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer } from './server.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-warmup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// createDeps' pool (the port on AppDeps only runs jobs; the pool behind it counts them)
const jobsDone = (running: Awaited<ReturnType<typeof startServer>>) =>
  (running.runtime.deps.compute as unknown as { stats(): { completed: number } }).stats().completed

const warmupGauge = (running: Awaited<ReturnType<typeof startServer>>) =>
  running.runtime.deps.monitor.registry.collect().find((f) => f.name === 'startup_warmup_seconds')

describe('start-up warm-up', () => {
  it('runs before the server listens (WARMUP, on by default outside tests) and not when WARMUP=false', async () => {
    const env = { PORT: '0', SUPERNOVA_DATA_DIR: dir, SEED_SAMPLE_DATA: 'false', LOG_LEVEL: 'silent' }
    // loadConfig(env) reads only env: NODE_ENV is development here, so the default (on) applies
    const warmed = await startServer(loadConfig(env))
    try {
      // before any request: the compute worker is started and has run the warm-up's job
      expect(jobsDone(warmed)).toBe(1)
      expect(warmupGauge(warmed)?.samples).toHaveLength(1)
    } finally {
      await warmed.shutdown(0)
    }
    const cold = await startServer(loadConfig({ ...env, WARMUP: 'false' }))
    try {
      expect(jobsDone(cold)).toBe(0)
      expect(warmupGauge(cold)).toBeUndefined()
    } finally {
      await cold.shutdown(0)
    }
  }, 180_000)
})
