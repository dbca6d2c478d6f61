/// <reference path="../.sst/platform/config.d.ts" />
import { edgeCachePolicy } from '../infra/edge'

/**
 * The edge shape: a CloudFront distribution (`sst.aws.Router`) whose one route sends every path to the API's
 * function URL, with infra/edge.ts's cache policy (credentials in the cache key, nothing cached unless the API
 * says so, gzip/brotli at the edge). The Router's inline URL routes use CloudFront's
 * Managed-AllViewerExceptHostHeader origin request policy, so the function URL still sees its own Host.
 */
export function edgeStack(apiUrl: $util.Output<string>) {
  const cachePolicy = new aws.cloudfront.CachePolicy('ApiEdgeCachePolicy', edgeCachePolicy($app.stage))
  const router = new sst.aws.Router('Edge', {
    routes: { '/*': { url: apiUrl, cachePolicy: cachePolicy.id } },
  })
  return { router, cachePolicy }
}
