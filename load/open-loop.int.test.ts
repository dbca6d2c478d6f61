import { type LoadStub, startLoadStub } from '@supernova/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { readWorkflow } from './lib/scenarios.ts'

// processor.js reads how long a realtime user listens when it is first imported (by open-loop.ts).
process.env.SUPERNOVA_REALTIME_LISTEN_MS = '200'
const { runOpenLoop } = await import('./lib/open-loop.ts')

let running: LoadStub | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

describe('the open-loop generator', () => {
  it('runs every scenario of supernova.yml, captures included, and counts what the server saw', async () => {
    const s = await startLoadStub()
    running = s
    const t = await runOpenLoop({ target: s.url, rate: 100, seconds: 3 })
    const created = Object.keys(t.counters).filter((k) => k.startsWith('vusers.created_by_name.'))
    expect(created.sort()).toEqual(
      readWorkflow()
        .scenarios.map((x) => `vusers.created_by_name.${x.name}`)
        .sort(),
    )
    expect(t.failedUsers).toBe(0)
    expect(t.http5xx).toBe(0)
    // every HTTP request of a flow reached the server and was recorded once (the realtime ticket is fetched by
    // processor.js itself, outside the request metrics, as under Artillery)
    expect(t.requests).toBe(s.seen.filter((r) => r !== 'POST /v1/realtime/token').length)
    // a captured id fills the next request's path; a headline from the payload file fills the sentiment body
    expect(s.seen).toContain('POST /v1/watchlists/w1/symbols')
    expect(s.seen).toContain('DELETE /v1/watchlists/w1')
    expect(t.endpoints.map((e) => e.name)).toContain('POST /v1/sentiment')
    // the realtime users subscribed and received the hub's message over a real WebSocket
    expect(t.counters['realtime.subscribed']).toBeGreaterThan(0)
    expect(t.histograms['realtime.delivery_ms']?.count).toBeGreaterThan(0)
  }, 60_000)

  it('counts 5xx answers as errors', async () => {
    const s = await startLoadStub(500)
    running = s
    const t = await runOpenLoop({ target: s.url, rate: 20, seconds: 1 })
    expect(t.http5xx).toBeGreaterThan(0)
    expect(t.errorRate).toBeGreaterThan(0)
  }, 60_000)

  it('starts users on schedule while answers are slow (open loop: no coordinated omission)', async () => {
    const s = await startLoadStub(200, 400)
    running = s
    const t = await runOpenLoop({ target: s.url, rate: 20, seconds: 2 })
    // a closed-loop generator would wait for answers before sending more; these arrivals do not
    expect(t.users).toBeGreaterThanOrEqual(38)
    expect(t.p50).toBeGreaterThanOrEqual(400)
  }, 60_000)
})
