import { isApiKeyId, OWNER_ID, parseDuration, SCOPES, UnavailableError } from '@supernova/core'
import type { ApiKeyRecord, IssuedApiKey } from '@supernova/db'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'

/** Default time an old key keeps working after a rotation, so clients can switch over without an outage. */
export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 3_600_000

const Duration = z
  .string()
  .regex(/^\d{1,6}[smhdwy]$/, 'expected a number and a unit, such as 30d or 12h')
  .describe('a lifetime such as 90s, 15m, 12h, 30d, 8w, 1y')
  .meta({ examples: ['30d'] })

const KeySchema = z.object({
  id: z.string().describe('the public id (the 12 characters after snk_)'),
  owner: z.string(),
  name: z.string().nullable(),
  scopes: z.array(z.enum(SCOPES)),
  status: z.enum(['active', 'expired', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable().describe('updated at most every few seconds per instance'),
  rotatedFrom: z.string().nullable(),
})
const IssuedSchema = KeySchema.extend({
  key: z.string().describe('the whole key: shown this once, stored only as a hash'),
})
const KeyId = z.string().refine(isApiKeyId, 'expected a key id: the 12 characters after snk_')

const iso = (d: Date | null) => d?.toISOString() ?? null

/** JSON view of a stored key (never the secret). */
export function keyView(k: ApiKeyRecord) {
  const now = Date.now()
  return {
    id: k.id,
    owner: k.owner,
    name: k.name,
    scopes: k.scopes,
    status: k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt.getTime() <= now ? 'expired' : 'active',
    createdAt: k.createdAt.toISOString(),
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    lastUsedAt: iso(k.lastUsedAt),
    rotatedFrom: k.rotatedFrom,
  } as const
}

function identityOf(c: Context<AppEnv>) {
  const id = c.var.deps.identity
  if (!id) throw new UnavailableError('API keys are not configured on this deployment.')
  return id
}

function issued(c: Context<AppEnv>, r: IssuedApiKey): Response {
  identityOf(c).auth.changed()
  c.header('Cache-Control', 'no-store')
  c.header('Location', `/v1/admin/keys/${r.record.id}`)
  return c.json({ ...keyView(r.record), key: r.key }, 201)
}

const expiry = (text: string | undefined) => (text ? new Date(Date.now() + parseDuration(text)) : undefined)

/** `/v1/admin/keys`: create (the key is shown once), list, rotate with an overlap, revoke. Admin scope (middleware). */
export function adminKeyRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  const tags = ['admin']
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      operationId: 'createApiKey',
      path: '/v1/admin/keys',
      summary: 'Create an API key for an owner (the key is in this answer only)',
      tags,
      body: z
        .object({
          owner: z.string().regex(OWNER_ID, "1-64 letters, digits, '_', '.' or '-'"),
          scopes: z.array(z.enum(SCOPES)).min(1).max(3),
          name: z.string().trim().min(1).max(120).optional(),
          expiresIn: Duration.optional(),
        })
        .strict(),
      responses: { 201: { description: 'The new key, shown once', schema: IssuedSchema } },
    },
    async (c, { body }) =>
      issued(
        c,
        await identityOf(c).keys.create({
          owner: body.owner,
          scopes: SCOPES.filter((s) => body.scopes.includes(s)),
          name: body.name,
          expiresAt: expiry(body.expiresIn),
        }),
      ),
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      operationId: 'listApiKeys',
      path: '/v1/admin/keys',
      summary: 'List API keys, newest first (never their secrets)',
      tags,
      query: z.object({ owner: z.string().regex(OWNER_ID).optional() }),
      responses: { 200: { description: 'The keys', schema: z.object({ data: z.array(KeySchema) }) } },
    },
    async (c, { query }) => {
      c.header('Cache-Control', 'no-store')
      return c.json({ data: (await identityOf(c).keys.list({ owner: query.owner })).map(keyView) })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      operationId: 'rotateApiKey',
      path: '/v1/admin/keys/:id/rotate',
      summary:
        'Rotate a key: a new key with the same owner and scopes; the old one keeps working for `overlap` (default 24h)',
      tags,
      params: z.object({ id: KeyId }),
      query: z.object({ overlap: Duration.optional(), expiresIn: Duration.optional() }),
      responses: { 201: { description: 'The successor key, shown once', schema: IssuedSchema } },
    },
    async (c, { params, query }) => {
      const id = identityOf(c)
      const overlapMs = query.overlap
        ? parseDuration(query.overlap)
        : (id.rotationOverlapMs ?? DEFAULT_ROTATION_OVERLAP_MS)
      return issued(c, await id.keys.rotate(params.id, { overlapMs, expiresAt: expiry(query.expiresIn) }))
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'delete',
      operationId: 'revokeApiKey',
      path: '/v1/admin/keys/:id',
      summary: 'Revoke a key now (cached verifications end within a few seconds on other instances)',
      tags,
      params: z.object({ id: KeyId }),
      responses: { 200: { description: 'The revoked key', schema: KeySchema } },
    },
    async (c, { params }) => {
      const id = identityOf(c)
      const k = await id.keys.revoke(params.id)
      id.auth.changed()
      return c.json(keyView(k))
    },
  )
}
