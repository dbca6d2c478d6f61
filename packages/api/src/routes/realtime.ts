import { createHash, timingSafeEqual } from 'node:crypto'
import { AppError, UnavailableError } from '@supernova/core'
import { isChannelPattern } from '@supernova/realtime'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'

const Pattern = z
  .string()
  .refine(
    isChannelPattern,
    'expected a channel (ticks:AAPL, tasks:task_…, performance) or a pattern (ticks:*)',
  )

/** Patterns anyone may ask for: prices, and one task by its (unguessable) id. The rest need the operator key. */
const PUBLIC = /^(?:ticks:[A-Za-z0-9_.*-]+|tasks:task_[0-9a-f-]{36})$/

function isOperator(c: Context<AppEnv>, key: string | undefined): boolean {
  if (!key) return true
  const auth = c.req.header('authorization')
  const given = (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined) ?? c.req.header('x-operator-key')
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return given !== undefined && timingSafeEqual(digest(given), digest(key))
}

/** `POST /v1/realtime/token`: a signed, expiring hub ticket carrying the channels its holder may subscribe to. */
export function realtimeRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/realtime/token',
      summary: 'Issue a realtime ticket (connect to /v1/realtime?ticket=…)',
      tags: ['realtime'],
      body: z.object({
        channels: z.array(Pattern).min(1).max(50).describe('channels or patterns to subscribe to'),
        ttlSeconds: z.number().int().min(30).max(86_400).default(3600),
      }),
      responses: {
        201: {
          description: 'The ticket and where to use it',
          schema: z.object({
            ticket: z.string(),
            expiresAt: z.string(),
            url: z.string(),
            channels: z.array(z.string()),
          }),
        },
      },
    },
    async (c, { body }) => {
      const rt = c.var.deps.realtime
      if (!rt) throw new UnavailableError('Realtime is not configured on this deployment.')
      const restricted = body.channels.filter((p) => !PUBLIC.test(p))
      if (restricted.length > 0 && !isOperator(c, c.var.deps.performance?.operatorKey))
        throw new AppError('forbidden', 'These channels need the operator key.', {
          details: { channels: restricted },
        })
      const { ticket, expiresAt } = rt.tickets.issue({ subscribe: body.channels }, body.ttlSeconds * 1000)
      return c.json(
        {
          ticket,
          expiresAt: new Date(expiresAt).toISOString(),
          url: '/v1/realtime',
          channels: body.channels,
        },
        201,
      )
    },
  )
}
