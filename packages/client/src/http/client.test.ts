import { readFileSync } from 'node:fs'
import { createApp, documentOf } from '@supernova/api'
import { CLIENT_SCHEMA_PATH, createTestAppDeps, generateClientTypes } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient, isApiError } from './client.ts'

let deps: Awaited<ReturnType<typeof createTestAppDeps>>
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  deps = await createTestAppDeps()
  app = createApp(deps)
})
afterAll(() => deps?.close())

describe('@supernova/client HTTP part', () => {
  it('is generated from the current document (run `npm run client:generate` when this fails)', async () => {
    const fresh = await generateClientTypes(documentOf(app))
    expect(readFileSync(CLIENT_SCHEMA_PATH, 'utf8') === fresh).toBe(true)
  })

  it('makes typed calls and hands back the error envelope on 4xx', async () => {
    const client = createHttpClient({
      baseUrl: 'http://supernova.test',
      apiKey: 'snk_abcdefabcdef_secret',
      fetch: async (request: Request) => app.fetch(request),
    })
    const { data, error } = await client.GET('/v1/symbols/{symbol}', { params: { path: { symbol: 'AAPL' } } })
    expect(error).toBeUndefined()
    expect(data?.symbol).toBe('AAPL')

    const created = await client.POST('/v1/watchlists', { body: { name: 'tech', symbols: ['MSFT'] } })
    expect(created.response.status).toBe(201)
    expect(created.data?.symbols).toEqual(['MSFT'])

    const missing = await client.GET('/v1/symbols/{symbol}', { params: { path: { symbol: 'NOPE' } } })
    expect(missing.response.status).toBe(404)
    expect(isApiError(missing.error) && missing.error.error.code).toBe('not_found')
  })
})
