import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createMonitor } from '@supernova/metrics'
import { CHROMIUM_ARGS, chromiumPath, createTestAppDeps, withAppDeps } from '@supernova/testing'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
/** Where the screenshot goes (test-results/ is gitignored). */
export const SCREENSHOT = join(root, 'test-results', 'performance-dashboard.png')

let deps: Awaited<ReturnType<typeof createTestAppDeps>>
let server: ReturnType<typeof serve>
let base: string
let browser: Browser
let traffic: ReturnType<typeof setInterval>

beforeAll(async () => {
  deps = await createTestAppDeps()
  const monitor = createMonitor().start()
  const app = createApp(withAppDeps(deps, { monitor, performance: { streamIntervalMs: 300 } }))
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => server.once('listening', () => r()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // the task runner's view as it reports it: 3 queued (the oldest 42 s old), a pool of 2 workers, one task done
  monitor.tasks.queueDepth('normal', 3, 42_000)
  monitor.tasks.poolSize(2)
  monitor.tasks.completed('optimization', 120)
  // a realtime hub's counters as it reports them: 7 connections; 3 drops, 2 conflations, one delivery of 12 ms
  const hub = { connections: 7, subscriptions: 9, messagesIn: 0, messagesOut: 0, dropped: 0, conflated: 0 }
  const counters = { duplicates: 0, staleClosed: 0, errors: 0, evicted: 0, bytesIn: 0, bytesOut: 0 }
  monitor.realtime.attach(() => ({ ...hub, ...counters }))
  Object.assign(hub, { messagesIn: 1, messagesOut: 40, dropped: 3, conflated: 2 })
  monitor.realtime.poll()
  monitor.realtime.delivered(12)
  // steady mixed traffic while the page is open: list, detail, bars, a miss, a bad request
  const paths = [
    '/v1/symbols',
    '/v1/symbols/AAPL',
    '/v1/symbols/AAPL/bars?limit=50',
    '/v1/symbols/NOPE',
    '/v1/symbols?limit=x',
  ]
  let i = 0
  traffic = setInterval(() => {
    for (let k = 0; k < 4; k++)
      void fetch(base + paths[i++ % paths.length])
        .then((r) => r.arrayBuffer())
        .catch(() => {})
  }, 50)
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
  })
})

afterAll(async () => {
  clearInterval(traffic)
  await browser?.close()
  await new Promise((r) => server?.close(r))
  await deps?.close()
})

describe('performance dashboard in headless Chromium', () => {
  it('loads, draws charts that update from the SSE stream, logs no console errors, and saves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    const res = await page.goto(`${base}/performance/dashboard`)
    expect(res?.status()).toBe(200)
    await page.waitForFunction(() => Number(document.body.dataset.updates ?? 0) >= 3, null, {
      timeout: 15_000,
    })
    const first = Number(await page.locator('#latency').getAttribute('data-points'))
    await page.waitForFunction(
      (n) => Number(document.querySelector('#latency')?.getAttribute('data-points')) > n + 2,
      first,
      {
        timeout: 15_000,
      },
    )
    expect(await page.locator('#conn').textContent()).toBe('live')
    expect(Number(await page.locator('#score').textContent())).toBeGreaterThanOrEqual(0)
    expect(await page.locator('#routes tr').count()).toBeGreaterThanOrEqual(3)
    await expect.poll(() => page.locator('#routes').textContent()).toContain('/v1/symbols/:symbol')
    // the latency canvas has drawn pixels in its line colours, not just a blank surface
    const painted = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('#latency')!
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0) n++
      return n
    })
    expect(painted).toBeGreaterThan(500)
    // percentage charts keep a 0-100 axis whatever their values (CPU may pass one core: steps of 100);
    // the event-loop delay has a chart and a (ms) axis of its own
    for (const id of ['errors', 'cache'])
      expect(await page.locator(`#${id}`).getAttribute('data-axis-max'), id).toBe('100')
    const cpuAxis = Number(await page.locator('#cpu').getAttribute('data-axis-max'))
    expect(cpuAxis >= 100 && cpuAxis % 100 === 0, `cpu axis ${cpuAxis}`).toBe(true)
    expect(Number(await page.locator('#loop').getAttribute('data-points'))).toBeGreaterThan(first)
    // the task charts draw the runner's queue depth, pool, lag and throughput from the same stream
    expect(JSON.parse((await page.locator('#tasks').getAttribute('data-last')) ?? '[]')).toEqual([3, 2])
    expect(JSON.parse((await page.locator('#taskLag').getAttribute('data-last')) ?? '[]')).toEqual([42])
    expect(JSON.parse((await page.locator('#taskRate').getAttribute('data-last')) ?? '[]')).toEqual([1, 0])
    // the realtime charts: connections, slow-consumer drops and conflations per minute, delivery p99
    const realtime = JSON.parse((await page.locator('#realtime').getAttribute('data-last')) ?? '[]')
    expect(realtime[0]).toBe(7)
    const slow = JSON.parse((await page.locator('#realtimeSlow').getAttribute('data-last')) ?? '[]')
    expect(slow.slice(0, 2)).toEqual([3, 2])
    expect(slow[2]).toBeCloseTo(12, 0)
    mkdirSync(dirname(SCREENSHOT), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(problems).toEqual([])
  })
})
