import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@supernova/runtime'
import { freshGet } from '@supernova/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer } from './server.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-server-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(`${dir}-other`, { recursive: true, force: true })
})

const get = freshGet

describe('Node server', () => {
  it('serves on loopback, keeps data between starts, and drains in-flight requests on shutdown', async () => {
    const config = loadConfig({ PORT: '0', SUPERNOVA_DATA_DIR: dir, SEED_SAMPLE_DATA: 'false' })
    const first = await startServer(config, {
      extend: (app) =>
        app.get('/slow', async (c) => {
          await new Promise((r) => setTimeout(r, 300))
          return c.text('done')
        }),
    })
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    // the embedded default: PGlite on its own worker thread, its busy share a metric
    expect(first.runtime.adapters.database).toMatch(/^pglite \(.*, worker thread\)$/)
    expect((await get(`${first.url}/health`)).status).toBe(200)
    expect((await get(`${first.url}/metrics`)).body).toMatch(/^db_thread_utilization [0-9.e-]+$/m)
    const created = await first.app.request('/v1/watchlists', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'kept' }),
    })
    expect(created.status).toBe(201)

    const inFlight = get(`${first.url}/slow`)
    await new Promise((r) => setTimeout(r, 50))
    const stopped = first.shutdown()
    expect(await inFlight).toEqual({ status: 200, body: 'done' })
    await stopped
    await expect(get(`${first.url}/health`)).rejects.toThrow(/ECONNREFUSED/)

    const second = await startServer(config)
    const taken = loadConfig({
      PORT: new URL(second.url).port,
      SUPERNOVA_DATA_DIR: `${dir}-other`,
      SEED_SAMPLE_DATA: 'false',
    })
    await expect(startServer(taken)).rejects.toThrow(/already in use\); set PORT to another port/)
    const list = (await (await second.app.request('/v1/watchlists')).json()) as { data: { name: string }[] }
    expect(list.data.map((w) => w.name)).toEqual(['kept'])
    await second.shutdown()
  }, 120_000) // three PGlite starts on one data folder (the third fails to listen)
})
