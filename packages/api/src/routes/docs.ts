import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { UnavailableError } from '@supernova/core'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'

/** Strict CSP for the docs page: its own scripts and styles only, requests to this origin only, no frames. */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Swagger UI's initialiser as a file (an inline script would need 'unsafe-inline'); validatorUrl null keeps the
// page from calling validator.swagger.io.
const INIT_JS = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
})
`

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SuperNova API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`

/** The files /docs/{asset} serves: Swagger UI's from the installed swagger-ui-dist package, plus the initialiser. */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'init.js': 'text/javascript; charset=utf-8',
} as const
type Asset = keyof typeof ASSETS

const loaded = new Map<Asset, Promise<Uint8Array>>()

function assetBytes(name: Asset): Promise<Uint8Array> {
  if (name === 'init.js') return Promise.resolve(new TextEncoder().encode(INIT_JS))
  let bytes = loaded.get(name)
  if (!bytes) {
    // resolved lazily: a bundle without node_modules (Lambda) still starts, and only /docs answers 503
    bytes = (async () => {
      const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
      return new Uint8Array(await readFile(join(dir, name)))
    })()
    loaded.set(name, bytes)
    bytes.catch(() => loaded.delete(name))
  }
  return bytes
}

const pageHeaders = (c: Context) => {
  c.header('Content-Security-Policy', DOCS_CSP)
  c.header('X-Content-Type-Options', 'nosniff')
}

/** `/openapi.json` (the document, `servers` from API_PUBLIC_URL or the request's origin) and `/docs` (Swagger UI). */
export function docsRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  const tags = ['docs']
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This API as an OpenAPI 3.1 document',
      tags,
      responses: {
        200: {
          description: 'The OpenAPI document; `servers` names the URL this deployment is reached at',
          schema: z
            .object({
              openapi: z.string(),
              info: z.object({ title: z.string(), version: z.string() }).loose(),
            })
            .loose(),
          example: { openapi: '3.1.0', info: { title: 'SuperNova API', version: '0.1.0' }, paths: {} },
        },
      },
    },
    (c) => {
      const url = c.var.deps.http?.publicUrl ?? new URL(c.req.url).origin
      return c.json({ ...openapi.document(), servers: [{ url, description: 'This deployment' }] })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/docs',
      operationId: 'getApiReference',
      summary: 'API reference page (Swagger UI, served from this server, no external assets)',
      tags,
      responses: {
        200: {
          description: 'HTML page',
          contentType: 'text/html',
          schema: z.string(),
          example: '<!doctype html><title>SuperNova API reference</title>',
        },
      },
    },
    (c) => {
      pageHeaders(c)
      c.header('Cache-Control', 'no-cache')
      return c.html(PAGE)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/docs/:asset',
      operationId: 'getApiReferenceAsset',
      summary: 'A script, stylesheet or icon of the reference page',
      tags,
      params: z.object({ asset: z.enum(Object.keys(ASSETS) as [Asset, ...Asset[]]) }),
      responses: {
        200: {
          description: 'The file, by its type',
          contentType: 'text/javascript',
          schema: z.string(),
          example: 'window.ui = SwaggerUIBundle({ url: "/openapi.json" })',
          alternatives: {
            'text/css': { schema: z.string(), example: '.swagger-ui { font-family: sans-serif }' },
            'image/png': { schema: z.string(), example: '' },
          },
        },
      },
      errors: [503],
    },
    async (c, { params }) => {
      let bytes: Uint8Array
      try {
        bytes = await assetBytes(params.asset)
      } catch {
        throw new UnavailableError(
          'The reference page is not installed on this deployment (swagger-ui-dist).',
        )
      }
      pageHeaders(c)
      c.header('Cache-Control', 'public, max-age=3600')
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': ASSETS[params.asset] })
    },
  )
}
