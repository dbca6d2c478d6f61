import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { serve } from '@hono/node-server'
import { CHROMIUM_ARGS, chromiumPath, createTestAppDeps, REPO_ROOT } from '@supernova/testing'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { TAGS } from '../openapi-components.ts'

/** Where the screenshot goes (test-results/ is gitignored). */
const SCREENSHOT = join(REPO_ROOT, 'test-results', 'api-docs.png')

let deps: Awaited<ReturnType<typeof createTestAppDeps>>
let server: ReturnType<typeof serve>
let base: string
let browser: Browser

beforeAll(async () => {
  deps = await createTestAppDeps()
  server = serve({ fetch: createApp(deps).fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => server.once('listening', () => r()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
  })
})

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => server?.close(r))
  await deps?.close()
})

describe('/docs in headless Chromium', () => {
  it('renders every tag from local assets under its CSP and runs a "try it" request against the server', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1800 } })
    const page = await context.newPage()
    const problems: string[] = []
    const elsewhere: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    // offline: any request off this origin is refused and recorded
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(base)) return route.continue()
      elsewhere.push(route.request().url())
      return route.abort()
    })
    const res = await page.goto(`${base}/docs`)
    expect(res?.status()).toBe(200)
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'")
    const tags = page.locator('.opblock-tag-section h3')
    await tags.first().waitFor({ timeout: 20_000 })
    const shown = (
      await page.locator('.opblock-tag').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))
    )
      .filter(Boolean)
      .sort()
    expect(shown).toEqual(Object.keys(TAGS).sort())

    // try it out: GET /health (no credentials), executed by the page against this server
    const op = page.locator('#operations-health-getHealth')
    await op.locator('.opblock-summary').click()
    await op.getByRole('button', { name: 'Try it out' }).click()
    const answer = page.waitForResponse((r) => r.url() === `${base}/health` && r.request().method() === 'GET')
    await op.getByRole('button', { name: 'Execute' }).click()
    expect((await answer).status()).toBe(200)
    await expect
      .poll(() => op.locator('.live-responses-table tbody .response-col_status').first().textContent())
      .toContain('200')

    mkdirSync(dirname(SCREENSHOT), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: false })
    expect(elsewhere).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })
})
