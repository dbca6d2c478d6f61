import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@supernova/runtime'
import { type RunningServer, startServer } from '@supernova/server'
import { type AblyStub, startAblyStub } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRealtime, type RealtimeClient } from './connect.ts'
import type { RealtimeErrorEvent, StateChange } from './transport.ts'

// No Ably realtime server runs here (the stub serves the REST API only), so this covers what is local: the choice
// of transport from the token route's answer, the SDK's authCallback handing over the server's token request, and
// Ably accepting its signature (the stub checks the HMAC with the key's secret and issues the token). Subscribing
// and message delivery over Ably's realtime protocol are not tested here.
const key = 'supernova.clientkey:0123456789abcdef0123'
const dir = mkdtempSync(join(tmpdir(), 'supernova-rtclient-ably-'))
let stub: AblyStub
let server: RunningServer
const clients: RealtimeClient[] = []

beforeAll(async () => {
  stub = await startAblyStub({ key })
  server = await startServer(
    loadConfig({
      PORT: '0',
      SUPERNOVA_DATA_DIR: dir,
      SEED_SAMPLE_DATA: 'false',
      LOG_LEVEL: 'silent',
      ABLY_API_KEY: key,
    }),
  )
}, 120_000)
afterAll(async () => {
  for (const c of clients) c.close()
  await server?.shutdown(500)
  await stub?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Resolves once `ready()` holds, polled on the client's events and every 20 ms (the stub has no events of its own). */
async function until(ready: () => boolean) {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('connectRealtime where the server runs with Ably', () => {
  it('auto: takes the Ably transport, and the SDK authenticates with the server’s token request', async () => {
    const c = connectRealtime({
      baseUrl: server.url,
      ably: {
        endpoint: stub.endpoint,
        port: stub.port,
        tls: false,
        fallbackHosts: [],
        useBinaryProtocol: false,
      },
    })
    clients.push(c)
    const states: StateChange[] = []
    c.on('state', (s) => states.push(s))
    c.subscribe('ticks:AAPL', () => {})
    await until(() => stub.tokens.size >= 1)
    expect(c.transport).toBe('ably')
    expect(stub.requests).toContain('POST /keys/supernova.clientkey/requestToken')
    expect([...stub.tokens.values()][0]!.capability).toEqual({ 'ticks:AAPL': ['history', 'subscribe'] })
    await until(() => states.some((s) => s.transport === 'ably'))
    expect(states.filter((s) => s.transport === 'hub')).toEqual([])

    // (Ably sorts each channel's operations) a channel outside the token's capability: the client re-authorises, with a token request for both
    c.subscribe('ticks:MSFT', () => {})
    await until(() => stub.tokens.size >= 2)
    expect([...stub.tokens.values()][1]!.capability).toEqual({
      'ticks:AAPL': ['history', 'subscribe'],
      'ticks:MSFT': ['history', 'subscribe'],
    })
  })

  it('hub forced against an Ably server: a fatal error that says which transport to use', async () => {
    const c = connectRealtime({ baseUrl: server.url, transport: 'hub' })
    clients.push(c)
    const errors: RealtimeErrorEvent[] = []
    c.on('error', (e) => errors.push(e))
    c.subscribe('ticks:AAPL', () => {})
    await until(() => c.state === 'closed')
    expect(errors).toEqual([expect.objectContaining({ code: 'wrong_transport', fatal: true })])
  })
})
