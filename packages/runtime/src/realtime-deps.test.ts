import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '@supernova/api'
import type { PublishMessage, RealtimePublisher } from '@supernova/realtime'
import { ablyTokenRequestMac, createTestAppDeps } from '@supernova/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { createDeps } from './deps.ts'
import { startTickSimulator } from './ticks.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-realtime-deps-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('createDeps picks the realtime adapter', () => {
  it('uses Ably with ABLY_API_KEY: no hub, and the token route answers a signed Ably token request', async () => {
    const key = 'appA.keyB:secret-secret-secret'
    const rt = await createDeps(
      loadConfig({
        SUPERNOVA_DATA_DIR: dir,
        SEED_SAMPLE_DATA: 'false',
        LOG_LEVEL: 'silent',
        ABLY_API_KEY: key,
      }),
      { runTasks: false },
    )
    try {
      expect(rt.adapters.realtime).toMatch(/^ably/)
      expect(rt.deps.realtime?.hub).toBeUndefined()
      const res = await createApp(rt.deps).request('/v1/realtime/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channels: ['ticks:*', 'alerts:local'], ttlSeconds: 600 }),
      })
      expect(res.status).toBe(201)
      const body = (await res.json()) as {
        kind: string
        tokenRequest: {
          keyName: string
          ttl: number
          capability: string
          clientId: string
          timestamp: number
          nonce: string
          mac: string
        }
      }
      expect(body.kind).toBe('ably')
      const tr = body.tokenRequest
      expect(tr).toMatchObject({ keyName: 'appA.keyB', ttl: 600_000, clientId: 'local' })
      expect(Object.keys(JSON.parse(tr.capability)).sort()).toEqual(['alerts:local', 'ticks:*'])
      expect(tr.mac).toBe(ablyTokenRequestMac('secret-secret-secret', tr))
    } finally {
      await rt.close()
    }
  })

  it('rejects a malformed ABLY_API_KEY naming the variable', () => {
    expect(() => loadConfig({ ABLY_API_KEY: 'not-a-key' })).toThrow(/ABLY_API_KEY: expected an Ably API key/)
  })

  it('turns hub deflate on from REALTIME_DEFLATE_THRESHOLD_BYTES and names a bad value', async () => {
    expect(() => loadConfig({ REALTIME_DEFLATE_THRESHOLD_BYTES: '-1' })).toThrow(
      /REALTIME_DEFLATE_THRESHOLD_BYTES: expected a whole number of bytes/,
    )
    const rt = await createDeps(
      loadConfig({
        SUPERNOVA_DATA_DIR: dir,
        SEED_SAMPLE_DATA: 'false',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        REALTIME_DEFLATE_THRESHOLD_BYTES: '8192',
      }),
    )
    try {
      expect(rt.adapters.realtime).toMatch(/deflate from 8192 bytes/)
    } finally {
      await rt.close()
    }
  })

  it('keeps the tick simulator off in tests unless asked', async () => {
    const rt = await createDeps(
      loadConfig({
        SUPERNOVA_DATA_DIR: dir,
        SEED_SAMPLE_DATA: 'false',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      }),
    )
    try {
      expect(rt.adapters.ticks).toBeUndefined()
      expect(rt.adapters.realtime).toMatch(/WebSocket hub/)
    } finally {
      await rt.close()
    }
  })
})

describe('tick simulator', () => {
  it('publishes a random walk around each symbol’s last close on ticks:{SYMBOL} and feeds the alerts', async () => {
    const deps = await createTestAppDeps()
    try {
      const published: PublishMessage[] = []
      let onCount = () => {}
      const publisher: RealtimePublisher = {
        name: 'recording',
        publish: async (channel, name, data, o) => {
          published.push({ channel, name, data, id: o?.id })
        },
        publishBatch: async (messages) => {
          published.push(...messages)
          onCount()
        },
      }
      const fed: string[] = []
      const alerts = {
        ...deps.alerts!,
        onTicks: (t: readonly { symbol: string }[]) => fed.push(...t.map((x) => x.symbol)),
      }
      const sim = await startTickSimulator({
        market: deps.market,
        ticksPerSecond: 200,
        symbols: ['AAPL', 'MSFT'],
        publisher,
        alerts,
      })
      expect(sim?.symbols).toEqual(['AAPL', 'MSFT'])
      await new Promise<void>((resolve) => {
        onCount = () => published.length >= 40 && resolve()
      })
      sim!.stop()
      const last = new Map<string, number>()
      for (const s of ['AAPL', 'MSFT']) last.set(s, (await deps.market.getBars(s, {})).at(-1)!.close)
      for (const m of published) {
        const t = m.data as { symbol: string; price: number; source: string }
        expect(m.channel).toBe(`ticks:${t.symbol}`)
        expect(t.source).toBe('simulator')
        // mean-reverting around the close: well within 10% over a few dozen steps
        expect(Math.abs(t.price / last.get(t.symbol)! - 1)).toBeLessThan(0.1)
      }
      expect(new Set(published.map((m) => m.channel))).toEqual(new Set(['ticks:AAPL', 'ticks:MSFT']))
      expect(new Set(published.map((m) => m.id)).size).toBe(published.length)
      expect(fed.length).toBeGreaterThanOrEqual(published.length)
    } finally {
      await deps.close()
    }
  }, 60_000)
})
