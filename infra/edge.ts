/**
 * CloudFront in front of the API's function URL (stacks/edge.ts, an `sst.aws.Router`): the cache policy and the
 * origin request policy of its one route. Nothing is cached unless the API's answer says how long it may be
 * (minimum and default TTL 0), and `Cache-Control: private` / `no-store` answers (every authenticated /v1 answer)
 * never are. Credentials are part of the cache key, which is the only way CloudFront forwards `Authorization`
 * to an origin, so even an answer marked public is only ever served back to the same credentials.
 */
import { isProduction, type Stage } from './settings'

/** CloudFront's managed Managed-AllViewerExceptHostHeader: every viewer header but Host (a function URL must see its own). */
export const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac'

/**
 * Request headers in the cache key (and so forwarded): credentials, content negotiation (NDJSON, SVG or PNG)
 * and the CORS origin. Accept-Encoding is handled by the gzip/brotli flags, not listed.
 */
export const EDGE_CACHE_KEY_HEADERS = ['Authorization', 'X-API-Key', 'Accept', 'Origin'] as const

/** Arguments of the route's `aws.cloudfront.CachePolicy`. */
export function edgeCachePolicy(stage: Stage) {
  return {
    comment: `SuperNova API (${stage}): cache only what the API marks cacheable, per credentials`,
    minTtl: 0,
    defaultTtl: 0,
    // An upper bound on what the API may ask for (Cache-Control max-age / s-maxage).
    maxTtl: isProduction(stage) ? 86_400 : 300,
    parametersInCacheKeyAndForwardedToOrigin: {
      headersConfig: {
        headerBehavior: 'whitelist' as const,
        headers: { items: [...EDGE_CACHE_KEY_HEADERS] },
      },
      // Every query parameter can change an answer (cursor, limit, fields...).
      queryStringsConfig: { queryStringBehavior: 'all' as const },
      cookiesConfig: { cookieBehavior: 'none' as const },
      // Compression at the edge: CloudFront compresses what the API sent uncompressed, by Accept-Encoding.
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  }
}
