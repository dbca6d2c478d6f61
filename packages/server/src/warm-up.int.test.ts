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

const family = (running: Awaited<ReturnType<typeof startServer>>, name: string) =>
  running.runtime.deps.monitor.registry.collect().find((f) => f.name === name)

describe('start-up warm-up', () => {
  it('runs before the server listens (WARMUP, on by default outside tests) and not when WARMUP=false', async () => {
    const env = { PORT: '0', SUPERNOVA_DATA_DIR: dir, SEED_SAMPLE_DATA: 'false', LOG_LEVEL: 'silent' }
    // loadConfig(env) reads only env: NODE_ENV is development here, so the default (on) applies
    const warmed = await startServer(loadConfig(env))
    try {
      // before any request: the warm-up ran (no compute worker: the first request priced for one starts it)
      expect(jobsDone(warmed)).toBe(0)
      expect(warmupGauge(warmed)?.samples).toHaveLength(1)
      // and the self-check's GET /health went through Node's HTTP server and the app's middleware once
      expect(family(warmed, 'startup_self_check_seconds')?.samples).toHaveLength(1)
      const health = family(warmed, 'http_requests_total')?.samples.filter(
        (s) => s.labels.route === '/health',
      )
      expect(health?.map((s) => [s.labels.method, s.labels.status_class, s.value])).toEqual([
        ['GET', '2xx', 1],
      ])
    } finally {
      await warmed.shutdown(0)
    }
    const cold = await startServer(loadConfig({ ...env, WARMUP: 'false' }))
    try {
      expect(jobsDone(cold)).toBe(0)
      expect(warmupGauge(cold)).toBeUndefined()
      expect(family(cold, 'startup_self_check_seconds')).toBeUndefined()
    } finally {
      await cold.shutdown(0)
    }
  }, 180_000)
})
