import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { localSentiment, sentimentService } from '@supernova/ml'
import { INK, loadTestReportHtml, REPORT_CSP } from '@supernova/reports'
import {
  CHROMIUM_ARGS,
  chromiumPath,
  createReportResults,
  createSentimentItems,
  createTestAppDeps,
  type ReportResults,
} from '@supernova/testing'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
/** Screenshots of every report page (test-results/ is gitignored). */
export const SCREENSHOTS = join(root, 'test-results', 'reports')

let deps: Awaited<ReturnType<typeof createTestAppDeps>>
let server: ReturnType<typeof serve>
let base: string
let browser: Browser
let ids: ReportResults

beforeAll(async () => {
  // Ten years of daily bars: the reports must stay legible at 2,500 points per series.
  deps = await createTestAppDeps({ from: '2014-01-02', to: '2023-12-29' })
  deps.sentiment = sentimentService({ model: localSentiment(), db: deps.db })
  server = serve({ fetch: createApp(deps).fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => server.once('listening', () => r()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const request = (path: string, init?: RequestInit) => fetch(base + path, init)
  ids = await createReportResults(request, ['AAPL', 'MSFT', 'KO', 'JPM', 'XOM', 'SPY'])
  await createSentimentItems(request, 'AAPL', '2023-12-29', 120)
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
  })
  mkdirSync(SCREENSHOTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => server?.close(r))
  await deps?.close()
})

/** Opens a page and records console errors, page errors, CSP violations and every request it makes. */
async function open(url: string, options: { width?: number; dark?: boolean } = {}) {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1100, height: 900 },
    colorScheme: options.dark ? 'dark' : 'light',
  })
  const problems: string[] = []
  const requests: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('request', (r) => requests.push(r.url()))
  const res = await page.goto(url)
  expect(res?.status(), url).toBe(200)
  return { page, problems, requests }
}

async function checkPage(page: Page, problems: string[], requests: string[], url: string, charts: number) {
  expect(problems, url).toEqual([])
  // The document itself and nothing else: no script, stylesheet, font or image is fetched, from anywhere.
  expect(requests, url).toEqual([url])
  expect(await page.locator('svg[role="img"]').count(), url).toBe(charts)
  expect(await page.locator('.figures dd').count()).toBeGreaterThan(0)
  // Every chart has drawn something (rendered boxes, not empty SVGs).
  const sizes = await page
    .locator('svg[role="img"]')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
  for (const h of sizes) expect(h).toBeGreaterThan(150)
}

const PAGES = () =>
  [
    ['backtest', `/v1/backtests/${ids.backtest}/report`, 2],
    ['basket-backtest', `/v1/backtests/${ids.basket}/report`, 1],
    ['study-grid', `/v1/optimizations/${ids.grid}/report`, 1],
    ['study-tpe', `/v1/optimizations/${ids.tpe}/report`, 2],
    ['study-walk-forward', `/v1/optimizations/${ids.walkForward}/report`, 1],
    ['portfolio', `/v1/portfolios/${ids.portfolio}/report`, 4],
    ['sentiment', '/v1/sentiment/AAPL/report?to=2023-12-29&days=150', 1],
  ] as const

describe('report pages in headless Chromium', () => {
  it('load with no console errors and no requests beyond the page, in light and dark; screenshots kept', async () => {
    for (const [name, path, charts] of PAGES()) {
      for (const dark of [false, true]) {
        const { page, problems, requests } = await open(base + path, { dark })
        await checkPage(page, problems, requests, base + path, charts)
        // The theme reaches the charts: the title's ink follows the colour scheme.
        const fill = await page
          .locator(`svg[role="img"] text[fill="${INK.text}"]`)
          .first()
          .evaluate((t) => getComputedStyle(t).fill)
        expect(fill, `${name} ${dark ? 'dark' : 'light'}`).toBe(
          dark ? 'rgb(230, 237, 243)' : 'rgb(31, 35, 40)',
        )
        await page.screenshot({
          path: join(SCREENSHOTS, `${name}-${dark ? 'dark' : 'light'}.png`),
          fullPage: true,
        })
        await page.close()
      }
    }
  }, 180_000)

  it('fit a phone: the page does not scroll sideways, charts scroll inside their frame', async () => {
    for (const [name, path] of PAGES().filter(([n]) => n === 'backtest' || n === 'portfolio')) {
      const { page, problems } = await open(base + path, { width: 390 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      expect(problems).toEqual([])
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true })
      await page.close()
    }
  }, 60_000)

  it('renders the load-test report under the same policy', async () => {
    const key = (e: string) => `plugins.metrics-by-endpoint.response_time.${e}`
    const endpoints = [
      'GET /v1/symbols',
      'GET /v1/symbols/{symbol}/bars',
      'POST /v1/backtests',
      'POST /v1/advice',
    ]
    const report = {
      aggregate: {
        counters: { 'http.requests': 4800 },
        summaries: {
          'http.response_time': { p50: 4, p95: 30, p99: 80 },
          ...Object.fromEntries(endpoints.map((e) => [key(e), { p50: 5, p95: 20, p99: 40 }])),
        },
      },
      intermediate: Array.from({ length: 60 }, (_, k) => ({
        period: 1_796_017_540_000 + k * 10_000,
        summaries: Object.fromEntries(
          endpoints.map((e, i) => [
            key(e),
            { p50: 3 + i, p95: 8 + i * 6 + (k % 7), p99: 20 + i * 9 + (k % 11) },
          ]),
        ),
      })),
    }
    const html = await loadTestReportHtml(report, 'load-fixture.json')
    const url = `${base}/load-report.html`
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const problems: string[] = []
    const requests: string[] = []
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('request', (r) => requests.push(r.url()))
    await page.route(url, (route) =>
      route.fulfill({
        body: html,
        contentType: 'text/html',
        headers: { 'content-security-policy': REPORT_CSP },
      }),
    )
    await page.goto(url)
    await checkPage(page, problems, requests, url, 2)
    await page.screenshot({ path: join(SCREENSHOTS, 'load-test-light.png'), fullPage: true })
    await page.close()
  }, 60_000)
})
