import { ConflictError, NotFoundError, UnavailableError } from '@supernova/core'
import { PRIORITIES, TASK_STATUSES, type TaskQueue, type TaskRecord } from '@supernova/queue'
import type { Context, Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { endSseOnDrain } from '../drain.ts'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { paginationShape, sendPage, timeKeyedPage } from '../pagination.ts'
import { Page, QueryInt } from '../schemas.ts'

const TaskId = z
  .string()
  .regex(/^task_[0-9a-f-]{36}$/, 'expected a task id such as task_0b6f…')
  .meta({ examples: ['task_0b6f1c9e-3d2a-4c8b-9a7e-5f4d3c2b1a09'] })
const FINAL = new Set(['succeeded', 'dead', 'cancelled'])

/** The task as the API shows it. */
export const TaskSchema = z.object({
  id: z.string(),
  type: z.string(),
  priority: z.enum(PRIORITIES),
  status: z.enum(TASK_STATUSES),
  progress: z.object({ value: z.number().describe('0-1'), message: z.string().nullable() }),
  attempts: z.number(),
  maxAttempts: z.number(),
  result: z.unknown().describe('the handler result once succeeded'),
  error: z.object({ message: z.string(), attempt: z.number() }).nullable(),
  cancelRequested: z.boolean(),
  createdAt: z.string(),
  runAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})

/** JSON view of a task record. */
export function taskView(t: TaskRecord) {
  return {
    id: t.id,
    type: t.type,
    priority: t.priority,
    status: t.status,
    progress: t.progress,
    attempts: t.attempts,
    maxAttempts: t.maxAttempts,
    result: t.result,
    error: t.error,
    cancelRequested: t.cancelRequested,
    createdAt: t.createdAt.toISOString(),
    runAt: t.runAt.toISOString(),
    startedAt: t.startedAt?.toISOString() ?? null,
    finishedAt: t.finishedAt?.toISOString() ?? null,
  }
}

/** The task port, or a 503 where this deployment has none. */
export function tasksOf(c: Context<AppEnv>): TaskQueue {
  const q = c.var.deps.tasks
  if (!q) throw new UnavailableError('Background tasks are not configured on this deployment.')
  return q
}

/** Answers 202 Accepted with the task and `Location: /v1/tasks/{id}` (the row is already written). */
export function accepted(c: Context<AppEnv>, task: TaskRecord): Response {
  c.header('Location', `/v1/tasks/${task.id}`)
  c.header('Cache-Control', 'no-store')
  return c.json(taskView(task), 202)
}

/** The caller's task; another owner's task answers 404 as an unknown id does. */
export async function ownTask(c: Context<AppEnv>, id: string): Promise<TaskRecord | undefined> {
  const t = await tasksOf(c).get(id)
  return t && t.owner === ownerOf(c) ? t : undefined
}

async function find(c: Context<AppEnv>, id: string): Promise<TaskRecord> {
  const t = await ownTask(c, id)
  if (!t) throw new NotFoundError(`Task '${id}' does not exist.`)
  return t
}

const Accepted = {
  202: { description: 'Accepted: the task row is written; poll Location', schema: TaskSchema },
}

/** Tasks: enqueue any registered type, read, list, cancel, follow progress. */
export function taskRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  const tags = ['tasks']
  defineRoute(
    app,
    openapi,
    {
      method: 'post',
      path: '/v1/tasks',
      operationId: 'createTask',
      summary:
        'Enqueue a task of a registered type (202 with Location); the same idempotencyKey returns the same task',
      tags,
      errors: [503],
      body: z
        .object({
          type: z.string().min(1).max(100),
          payload: z.unknown().default({}),
          priority: z.enum(PRIORITIES).optional(),
          delayMs: z
            .number()
            .int()
            .min(0)
            .max(7 * 86_400_000)
            .optional(),
          idempotencyKey: z
            .string()
            .min(1)
            .max(200)
            .optional()
            .describe(
              'the same key returns the same task while it is kept: finished tasks are deleted TASK_RETENTION_DAYS (7 by default) after they finish',
            ),
          maxAttempts: z.number().int().min(1).max(20).optional(),
          timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
        })
        .strict(),
      responses: {
        ...Accepted,
        200: { description: 'An earlier task with this idempotency key', schema: TaskSchema },
      },
    },
    async (c, { body }) => {
      const { task, created } = await tasksOf(c).enqueue(body.type, body.payload, {
        owner: ownerOf(c),
        priority: body.priority,
        delay: body.delayMs,
        idempotencyKey: body.idempotencyKey ?? c.req.header('idempotency-key'),
        maxAttempts: body.maxAttempts,
        timeoutMs: body.timeoutMs,
      })
      if (created) return accepted(c, task)
      c.header('Location', `/v1/tasks/${task.id}`)
      return c.json(taskView(task), 200)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/tasks',
      operationId: 'listTasks',
      summary: 'List tasks, newest first, optionally by status and type',
      tags,
      errors: [503],
      query: z.object({
        status: z.enum(TASK_STATUSES).optional(),
        type: z.string().min(1).max(100).optional(),
        ...paginationShape({ defaultLimit: 50, maxLimit: 200 }),
      }),
      responses: { 200: { description: 'A page of tasks', schema: Page(TaskSchema) } },
    },
    async (c, { query }) => {
      // The scope binds a cursor to its filters, so a cursor from another filter is refused.
      const scope = `tasks:${query.status ?? ''}:${query.type ?? ''}`
      const page = await timeKeyedPage(
        c.var.deps.http?.cursorSecret,
        query,
        scope,
        ({ limit, key, offset }) =>
          tasksOf(c).list({
            owner: ownerOf(c),
            status: query.status,
            type: query.type,
            limit,
            before: key && { createdAt: key.at, id: key.id },
            offset,
          }),
        (t) => ({ at: t.createdAt, id: t.id }),
      )
      c.header('Cache-Control', 'no-store')
      return sendPage(c, { ...page, data: page.data.map(taskView) })
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/tasks/:id',
      operationId: 'getTask',
      summary: 'A task: status, progress 0-1 with a message, result or error',
      tags,
      errors: [503],
      params: z.object({ id: TaskId }),
      responses: { 200: { description: 'The task', schema: TaskSchema } },
    },
    async (c, { params }) => {
      c.header('Cache-Control', 'no-store')
      return c.json(taskView(await find(c, params.id)))
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'delete',
      path: '/v1/tasks/:id',
      operationId: 'cancelTask',
      summary: 'Cancel a task: a queued one at once, a running one through its abort signal (202)',
      tags,
      errors: [409, 503],
      params: z.object({ id: TaskId }),
      responses: Accepted,
    },
    async (c, { params }) => {
      const prior = await find(c, params.id)
      if (FINAL.has(prior.status))
        throw new ConflictError(
          `Task '${params.id}' has already ${prior.status === 'dead' ? 'failed' : prior.status}.`,
          {
            details: [{ field: 'id', message: `status is ${prior.status}` }],
          },
        )
      const t = await tasksOf(c).cancel(params.id)
      return accepted(c, t ?? prior)
    },
  )

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/tasks/:id/events',
      operationId: 'streamTaskEvents',
      summary: 'Server-Sent Events: `progress` on every change, then one `done` with the final task',
      tags,
      errors: [503],
      params: z.object({ id: TaskId }),
      query: z.object({ interval: QueryInt(50, 10_000).default(500) }),
      responses: {
        200: {
          description: 'An event stream: `progress` events, then one `done`',
          contentType: 'text/event-stream',
          schema: z.string(),
          example: 'event: progress\ndata: {"id":"task_…","status":"running","progress":0.4}\n\n',
        },
      },
    },
    async (c, { params, query }) => {
      const queue = tasksOf(c)
      let last = await find(c, params.id)
      return streamSSE(c, async (stream) => {
        let seq = 0
        let prev = ''
        let open = true
        stream.onAbort(() => {
          open = false
        })
        const off = endSseOnDrain(c, stream)
        // Polls the row: it is the one source of truth whichever process or Lambda runs the task.
        while (open) {
          const view = taskView(last)
          const text = JSON.stringify(view)
          if (FINAL.has(last.status)) {
            await stream.writeSSE({ event: 'done', data: text, id: String(seq++) })
            break
          }
          if (text !== prev) await stream.writeSSE({ event: 'progress', data: text, id: String(seq++) })
          prev = text
          await stream.sleep(query.interval)
          if (stream.closed) break
          last = (await queue.get(params.id)) ?? last
        }
        off()
      })
    },
  )
}
