import type { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { isOperator } from '../operator.ts'

const started = Date.now()

const Readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.array(
    z.object({ name: z.string(), ok: z.boolean(), ms: z.number().optional(), error: z.string().optional() }),
  ),
})

/** `/health` (liveness: the process answers) and `/health/ready` (each dependency answers within its timeout). */
export function healthRoutes(app: Hono<AppEnv>, openapi: OpenApi, readyTimeoutMs = 2_000) {
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      summary: 'Liveness',
      tags: ['health'],
      responses: {
        200: {
          description: 'The process is up (uptime, version and adapters only with the operator key)',
          schema: z.object({
            status: z.literal('ok'),
            uptimeSeconds: z.number().optional(),
            version: z.string().optional(),
            adapters: z.record(z.string(), z.string()).optional().describe('which adapter serves each port'),
          }),
        },
      },
    },
    (c) => {
      c.header('Cache-Control', 'no-store')
      // adapters name data directories and hosts: operators only
      if (!isOperator(c)) return c.json({ status: 'ok' as const })
      return c.json({
        status: 'ok' as const,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        version: c.var.deps.version ?? '0.0.0',
        adapters: c.var.deps.adapters,
      })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/health/ready',
      operationId: 'getReadiness',
      summary: 'Readiness: probes every dependency with a timeout',
      tags: ['health'],
      responses: {
        200: { description: 'All dependencies answer', schema: Readiness },
        503: { description: 'At least one does not', schema: Readiness },
      },
    },
    async (c) => {
      const deps = c.var.deps
      const checks = [{ name: 'database', check: () => deps.db.ping() }, ...(deps.readiness ?? [])]
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          const start = performance.now()
          let timer: NodeJS.Timeout | undefined
          try {
            await Promise.race([
              check(),
              new Promise((_, reject) => {
                timer = setTimeout(
                  () => reject(new Error(`no answer within ${readyTimeoutMs} ms`)),
                  readyTimeoutMs,
                )
              }),
            ])
            return { name, ok: true, ms: Math.round(performance.now() - start) }
          } catch (e) {
            // the driver's message names hosts and ports: it goes to the log, the answer says only what failed
            deps.logger.warn({ err: e, check: name }, 'readiness check failed')
            const timedOut = e instanceof Error && e.message.startsWith('no answer within')
            return {
              name,
              ok: false,
              ms: Math.round(performance.now() - start),
              error: timedOut ? `no answer within ${readyTimeoutMs} ms` : 'unavailable',
            }
          } finally {
            clearTimeout(timer)
          }
        }),
      )
      const ok = results.every((r) => r.ok)
      c.header('Cache-Control', 'no-store')
      const shown = isOperator(c) ? results : results.map(({ name, ok }) => ({ name, ok }))
      return c.json({ status: ok ? 'ready' : 'not_ready', checks: shown }, ok ? 200 : 503)
    },
  )
}
