import { describe, expect, it } from 'vitest'
import { ALL_VIEWER_EXCEPT_HOST_HEADER, EDGE_CACHE_KEY_HEADERS, edgeCachePolicy } from './edge.ts'

describe('the CloudFront route in front of the API', () => {
  it('caches nothing the API did not mark cacheable (minimum and default TTL 0)', () => {
    for (const stage of ['dev', 'production']) {
      const p = edgeCachePolicy(stage)
      expect(p.minTtl).toBe(0)
      expect(p.defaultTtl).toBe(0)
      expect(p.maxTtl).toBeGreaterThan(0)
    }
  })

  it('keys and forwards the credentials, content negotiation and CORS origin, with every query parameter', () => {
    const k = edgeCachePolicy('production').parametersInCacheKeyAndForwardedToOrigin
    expect(k.headersConfig.headerBehavior).toBe('whitelist')
    expect(k.headersConfig.headers.items).toEqual([...EDGE_CACHE_KEY_HEADERS])
    for (const h of ['Authorization', 'X-API-Key', 'Accept', 'Origin'])
      expect(k.headersConfig.headers.items).toContain(h)
    expect(k.queryStringsConfig.queryStringBehavior).toBe('all')
    expect(k.cookiesConfig.cookieBehavior).toBe('none')
  })

  it('compresses at the edge and forwards every other viewer header but Host', () => {
    const k = edgeCachePolicy('dev').parametersInCacheKeyAndForwardedToOrigin
    expect(k.enableAcceptEncodingGzip).toBe(true)
    expect(k.enableAcceptEncodingBrotli).toBe(true)
    expect(ALL_VIEWER_EXCEPT_HOST_HEADER).toMatch(/^[0-9a-f-]{36}$/)
  })
})
