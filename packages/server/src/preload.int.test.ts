import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marketKeys } from '@supernova/cache'
import { SAMPLE_UNIVERSE } from '@supernova/core'
import { loadConfig } from '@supernova/runtime'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { type RunningServer, startServer } from './server.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-preload-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const preloaded = (running: RunningServer) =>
  Object.fromEntries(
    (
      running.runtime.deps.monitor.registry.collect().find((f) => f.name === 'market_history_preloaded')
        ?.samples ?? []
    ).map((s) => [s.labels.from, s.value]),
  )

/** `sentiment_hint_lookups_total` by outcome (memo, query, prefetched). */
const hintLookups = (running: RunningServer) => {
  running.runtime.deps.monitor.poll()
  return Object.fromEntries(
    (
      running.runtime.deps.monitor.registry.collect().find((f) => f.name === 'sentiment_hint_lookups_total')
        ?.samples ?? []
    ).map((s) => [s.labels.outcome, s.value]),
  )
}

const gauge = (running: RunningServer, name: string) =>
  running.runtime.deps.monitor.registry.collect().find((f) => f.name === name)?.samples[0]?.value

const optimize = (running: RunningServer, symbols: readonly string[]) =>
  fetch(`${running.url}/v1/portfolios/optimize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ symbols, objective: 'min_volatility' }),
  })

describe('start-up history preload', () => {
  it('loads the histories read last before a restart, so the first request after it reads L1', async () => {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      SUPERNOVA_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      WARMUP: 'false',
      TICKS_PER_SECOND: '0',
      WARMUP_HISTORY_SYMBOLS: '2',
    }
    // symbols from the end of the list: not among the 2 a start preloads when nothing was read before
    const sorted = SAMPLE_UNIVERSE.map((s) => s.symbol).sort()
    const [late, later] = [sorted.slice(-4, -2), sorted.slice(-2)]
    const first = await startServer(loadConfig(env))
    try {
      expect(preloaded(first)).toEqual({ recent: 0, listed: 2 })
      const res = await optimize(first, late)
      expect(res.status).toBe(200)
      expect(res.headers.get('server-timing')).not.toContain('l1:')
      // the first read writes the list at once (off the request path); the next one, within 10 s, waits
      await vi.waitFor(
        async () =>
          expect(await first.runtime.deps.cache!.get(marketKeys.recentHistories())).toEqual(
            expect.arrayContaining(late),
          ),
        { timeout: 10_000, interval: 50 },
      )
      expect((await optimize(first, later)).status).toBe(200)
    } finally {
      // writes what the interval held back
      await first.shutdown(0)
    }

    const restarted = await startServer(loadConfig(env))
    try {
      // before any request: the 2 read last came back from L3, ahead of the listed symbols
      expect(preloaded(restarted)).toEqual({ recent: 2, listed: 0 })
      const res = await optimize(restarted, later)
      expect(res.status).toBe(200)
      expect(res.headers.get('server-timing')).toContain('history;desc="l1:2"')
      // their sentiment hints were read at start, in one query: the first advice reuses its symbol's
      expect(hintLookups(restarted).prefetched).toBe(2)
      const advice = await fetch(`${restarted.url}/v1/advice`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: later[0], riskScore: 50 }),
      })
      expect(advice.status).toBe(200)
      expect(hintLookups(restarted)).toMatchObject({ memo: 1 })
      expect(hintLookups(restarted).query ?? 0).toBe(0)
      // and their details: the first GET /v1/symbols/:symbol after the restart is an L1 hit
      expect(gauge(restarted, 'symbol_details_preloaded')).toBe(2)
      const detail = await fetch(`${restarted.url}/v1/symbols/${later[1]}`)
      expect(detail.status).toBe(200)
      expect(detail.headers.get('server-timing')).toContain('cache;desc="l1"')
    } finally {
      await restarted.shutdown(0)
    }
  }, 180_000)
})
