import { NotFoundError, RiskQuestionnaire, scoreRisk } from '@supernova/core'
import type { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'

const ProfileSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  riskScore: z.number().int().min(0).max(100),
  profile: z.string(),
  answers: z.record(z.string(), z.unknown()),
  factors: z.unknown().optional(),
  createdAt: z.string(),
})

const ProfileId = z
  .string()
  .regex(/^pr_[0-9a-f-]{36}$/, 'expected a profile id such as pr_0b6f…')
  .meta({ examples: ['pr_0b6f1c9e-3d2a-4c8b-9a7e-5f4d3c2b1a09'] })

/** Risk profiles: questionnaire intake -> score and profile name, stored. */
export function profileRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/profiles',
      operationId: 'createProfile',
      summary: 'Score a risk questionnaire and store the profile',
      tags: ['profiles'],
      body: RiskQuestionnaire,
      responses: { 201: { description: 'The stored profile', schema: ProfileSchema } },
    },
    async (c, { body }) => {
      const { name, ...answers } = body
      const { riskScore, profile, factors } = scoreRisk(body)
      const stored = await c.var.deps.profiles.create(ownerOf(c), {
        name: name ?? null,
        answers,
        riskScore,
        profile,
      })
      c.header('Location', `/v1/profiles/${stored.id}`)
      return c.json({ ...stored, factors }, 201)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/profiles/:id',
      operationId: 'getProfile',
      summary: 'A stored risk profile',
      tags: ['profiles'],
      params: z.object({ id: ProfileId }),
      responses: { 200: { description: 'The profile', schema: ProfileSchema } },
    },
    async (c, { params }) => {
      const p = await c.var.deps.profiles.get(ownerOf(c), params.id)
      if (!p) throw new NotFoundError(`Profile '${params.id}' does not exist.`)
      return c.json(p)
    },
  )
}
