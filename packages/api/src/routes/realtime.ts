import { AppError, NotFoundError, UnavailableError } from '@supernova/core'
import { channels, isChannelPattern } from '@supernova/realtime'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { ownerOf, principalOf } from '../identity.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { matchesOperatorKey, offeredOperatorKey } from '../operator.ts'
import { ownTask } from './tasks.ts'

const Pattern = z
  .string()
  .refine(
    isChannelPattern,
    'expected a channel (ticks:AAPL, tasks:task_…, performance) or a pattern (ticks:*)',
  )

/** Price channels anyone may ask for; tasks and alerts are checked against the caller's owner. */
const PUBLIC = /^ticks:[A-Za-z0-9_.*-]+$/
const TASK = /^tasks:(task_[0-9a-f-]{36})$/

function isOperator(c: Context<AppEnv>, key: string | undefined): boolean {
  if (principalOf(c).kind === 'operator') return true
  // Without an operator key only the quick start's local owner (loopback, no keys) may watch everything.
  if (!key) return principalOf(c).kind === 'local'
  return matchesOperatorKey(offeredOperatorKey(c), key)
}

/**
 * The ticket capability check: `ticks:*` for anyone, `tasks:{id}` for the task's owner (another owner's task is a
 * 404, as on GET /v1/tasks/{id}), `alerts:{owner}` for that owner, everything else (performance, wildcards over
 * tasks or alerts) for the operator.
 */
async function checkChannels(c: Context<AppEnv>, patterns: readonly string[]): Promise<void> {
  const operator = isOperator(c, c.var.deps.performance?.operatorKey)
  if (operator) return
  const restricted: string[] = []
  for (const p of patterns) {
    if (PUBLIC.test(p)) continue
    const task = TASK.exec(p)?.[1]
    if (task) {
      if (!c.var.deps.tasks || !(await ownTask(c, task)))
        throw new NotFoundError(`Task '${task}' does not exist.`, {
          details: [{ field: 'body.channels', message: p }],
        })
      continue
    }
    if (p === channels.alerts(ownerOf(c))) continue
    restricted.push(p)
  }
  if (restricted.length > 0)
    throw new AppError(
      'forbidden',
      `These channels need the operator key (your own are ${channels.alerts(ownerOf(c))} and tasks:{id} of your tasks).`,
      { details: { channels: restricted } },
    )
}

/**
 * `POST /v1/realtime/token`: what a client connects with, carrying the channels it may subscribe to: a signed,
 * expiring hub ticket, or (where Ably serves realtime) an Ably token request for the client SDK's authCallback.
 */
export function realtimeRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/realtime/token',
      operationId: 'createRealtimeToken',
      summary: 'Issue a realtime ticket (connect to /v1/realtime?ticket=…) or an Ably token request',
      tags: ['realtime'],
      // 503: no realtime on this deployment; 404: a tasks:{id} channel of a task the caller does not own
      errors: [404, 503],
      body: z.object({
        channels: z.array(Pattern).min(1).max(50).describe('channels or patterns to subscribe to'),
        ttlSeconds: z.number().int().min(30).max(86_400).default(3600),
      }),
      responses: {
        201: {
          description: 'The hub ticket and where to use it, or an Ably token request',
          schema: z.union([
            z.object({
              kind: z.literal('hub'),
              ticket: z.string(),
              expiresAt: z.string(),
              url: z.string(),
              channels: z.array(z.string()),
            }),
            z.object({
              kind: z.literal('ably'),
              tokenRequest: z.record(z.string(), z.unknown()),
              expiresAt: z.string(),
              channels: z.array(z.string()),
            }),
          ]),
        },
      },
    },
    async (c, { body }) => {
      const rt = c.var.deps.realtime
      if (!rt) throw new UnavailableError('Realtime is not configured on this deployment.')
      await checkChannels(c, body.channels)
      const ttlMs = body.ttlSeconds * 1000
      if (rt.ably) {
        const tokenRequest = await rt.ably.tokenRequest({ subscribe: body.channels }, ttlMs, ownerOf(c))
        const expiresAt = new Date(tokenRequest.timestamp + ttlMs).toISOString()
        return c.json({ kind: 'ably' as const, tokenRequest, expiresAt, channels: body.channels }, 201)
      }
      if (!rt.tickets) throw new UnavailableError('Realtime is not configured on this deployment.')
      // The hub limits connections per key: the API key when there is one, else the owner.
      const key = principalOf(c).keyId ?? ownerOf(c)
      const { ticket, expiresAt } = rt.tickets.issue({ subscribe: body.channels, key }, ttlMs)
      return c.json(
        {
          kind: 'hub' as const,
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
