import { createPgliteDatabase } from '@supernova/db'
import { localSentiment, sentimentService } from '@supernova/ml'
import { type DatabaseRunner, databaseTasks, taskRegistry } from '@supernova/queue'
import { createTestAppDeps, testTaskTypes, waitFor } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { analyticsTaskTypes } from './analytics-tasks.ts'
import { sentimentTasks } from './sentiment.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
type Task = { id: string; status: string; result: unknown; error: unknown; progress: { value: number } }
let deps: Deps
let app: ReturnType<typeof createApp>
let runner: DatabaseRunner
const types = testTaskTypes()

beforeAll(async () => {
  const db = await createPgliteDatabase()
  deps = await createTestAppDeps({
    db,
    extra: { sentiment: sentimentService({ model: localSentiment(), db }) },
  })
  const registry = taskRegistry([
    ...types.registry.values(),
    ...analyticsTaskTypes({ market: deps.market }),
    ...sentimentTasks(() => deps.sentiment),
  ])
  const built = databaseTasks({ db, registry, pollMs: 20, leaseMs: 5000, maxPayloadBytes: 2000 })
  runner = built.runner.start()
  deps.tasks = built.queue
  app = createApp(deps)
}, 120_000)
afterAll(async () => {
  await runner.drain(0)
  await deps.close()
})

const send = (path: string, method: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const getTask = async (id: string) => (await (await app.request(`/v1/tasks/${id}`)).json()) as Task
const final = (id: string) =>
  waitFor(async () => {
    const t = await getTask(id)
    return ['succeeded', 'dead', 'cancelled'].includes(t.status) ? t : undefined
  })
const envelope = async (res: Response, status: number, code: string) => {
  expect(res.status).toBe(status)
  const b = (await res.json()) as { error: { code: string; message: string } }
  expect(b.error.code).toBe(code)
  return b.error
}

describe('task routes', () => {
  it('answers 202 with Location after the row is written, then the result', async () => {
    const res = await send('/v1/tasks', 'POST', { type: 'echo', payload: { value: 4 } })
    expect(res.status).toBe(202)
    const t = (await res.json()) as Task
    expect(res.headers.get('location')).toBe(`/v1/tasks/${t.id}`)
    expect((await app.request(`/v1/tasks/${t.id}`)).status).toBe(200)
    expect(await final(t.id)).toMatchObject({ status: 'succeeded', result: { doubled: 8 } })
  })

  it('returns the same task for a repeated idempotency key (body or header)', async () => {
    const a = await send(
      '/v1/tasks',
      'POST',
      { type: 'echo', payload: { value: 1 } },
      { 'idempotency-key': 'same' },
    )
    const b = await send('/v1/tasks', 'POST', { type: 'echo', payload: { value: 1 }, idempotencyKey: 'same' })
    expect(a.status).toBe(202)
    expect(b.status).toBe(200)
    expect(((await b.json()) as Task).id).toBe(((await a.json()) as Task).id)
  })

  it('answers bad input with 4xx envelopes: unknown type, schema failure, oversized payload, unknown id', async () => {
    await envelope(await send('/v1/tasks', 'POST', { type: 'nope' }), 400, 'validation_error')
    const e = await envelope(
      await send('/v1/tasks', 'POST', { type: 'echo', payload: { value: 'x' } }),
      400,
      'validation_error',
    )
    expect(e.message).toMatch(/echo/)
    await envelope(
      await send('/v1/tasks', 'POST', { type: 'poison', payload: { why: 'x'.repeat(5000) } }),
      400,
      'validation_error',
    )
    await envelope(
      await app.request(`/v1/tasks/task_${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`),
      404,
      'not_found',
    )
    await envelope(await app.request('/v1/tasks/not-an-id'), 400, 'validation_error')
    await envelope(await app.request('/v1/tasks?status=bogus'), 400, 'validation_error')
  })

  it('lists tasks by status and type, page by page with cursors', async () => {
    for (let i = 0; i < 3; i++) await send('/v1/tasks', 'POST', { type: 'echo', payload: { value: i } })
    await waitFor(async () => {
      const r = (await (await app.request('/v1/tasks?status=queued&type=echo')).json()) as { data: Task[] }
      return r.data.length === 0 || undefined
    })
    const seen = new Set<string>()
    let url: string | undefined = '/v1/tasks?type=echo&status=succeeded&limit=2'
    while (url) {
      const page = (await (await app.request(url)).json()) as { data: Task[]; next_cursor: string | null }
      for (const t of page.data) {
        expect(t.status).toBe('succeeded')
        seen.add(t.id)
      }
      url = page.next_cursor
        ? `/v1/tasks?type=echo&status=succeeded&limit=2&cursor=${encodeURIComponent(page.next_cursor)}`
        : undefined
    }
    expect(seen.size).toBeGreaterThanOrEqual(4)
    // offset paging reads the same list (it was accepted and ignored before: every page was the first)
    const byOffset: string[] = []
    for (let offset = 0; offset < seen.size; offset += 2) {
      const page = (await (
        await app.request(`/v1/tasks?type=echo&status=succeeded&limit=2&offset=${offset}`)
      ).json()) as { data: Task[] }
      byOffset.push(...page.data.map((t) => t.id))
    }
    expect(new Set(byOffset)).toEqual(seen)
    expect(byOffset).toHaveLength(seen.size)
    await envelope(await app.request('/v1/tasks?offset=2&cursor=abc'), 400, 'validation_error')
  })

  it('cancels a queued task (202), refuses a second cancel (409), and cancels a running one', async () => {
    const q = (await (
      await send('/v1/tasks', 'POST', { type: 'echo', payload: { value: 1 }, delayMs: 600_000 })
    ).json()) as Task
    const del = await app.request(`/v1/tasks/${q.id}`, { method: 'DELETE' })
    expect(del.status).toBe(202)
    expect(((await del.json()) as Task).status).toBe('cancelled')
    await envelope(await app.request(`/v1/tasks/${q.id}`, { method: 'DELETE' }), 409, 'conflict')
    const r = (await (
      await send('/v1/tasks', 'POST', { type: 'sleepy', payload: { ms: 60_000 } })
    ).json()) as Task
    await waitFor(() => types.runs.has(r.id))
    expect((await app.request(`/v1/tasks/${r.id}`, { method: 'DELETE' })).status).toBe(202)
    expect((await final(r.id)).status).toBe('cancelled')
  })

  it('streams progress as Server-Sent Events until the task is done', async () => {
    const t = (await (
      await send('/v1/tasks', 'POST', { type: 'sleepy', payload: { ms: 300 } })
    ).json()) as Task
    const res = await app.request(`/v1/tasks/${t.id}/events?interval=50`)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const text = await res.text()
    expect(text).toMatch(/event: progress/)
    const done = text.split('\n\n').find((block) => block.includes('event: done'))!
    const data = done
      .split('\n')
      .find((l) => l.startsWith('data: '))!
      .slice(6)
    expect(JSON.parse(data)).toMatchObject({ id: t.id, status: 'succeeded' })
  })

  it('runs an optimisation study as a task: same best parameters as the direct answer', async () => {
    const study = {
      symbol: 'KO',
      strategy: 'sma_cross',
      method: 'grid',
      space: { period: { min: 10, max: 60, step: 10 } },
    }
    const direct = (await (await send('/v1/optimizations', 'POST', study)).json()) as { best: unknown }
    const res = await send('/v1/optimizations', 'POST', study, { prefer: 'respond-async' })
    expect(res.status).toBe(202)
    expect(res.headers.get('location')).toMatch(/^\/v1\/tasks\/task_/)
    const t = await final(((await res.json()) as Task).id)
    expect(t.status).toBe('succeeded')
    expect((t.result as { best: unknown }).best).toEqual(direct.best)
  })

  it('moves a study past the direct-answer budget onto a task instead of refusing it', async () => {
    const res = await send('/v1/optimizations', 'POST', {
      symbol: 'KO',
      strategy: 'ma_cross',
      method: 'random',
      trials: 20_000,
      walkForward: { folds: 20 },
    })
    expect(res.status).toBe(202)
    const t = (await res.json()) as Task
    await app.request(`/v1/tasks/${t.id}`, { method: 'DELETE' })
    expect((await final(t.id)).status).toBe('cancelled')
  })

  it('runs a basket backtest as a task when asked, with the direct answer as its result', async () => {
    const body = { symbols: ['AAPL', 'MSFT', 'KO'], strategy: { name: 'sma_cross', params: { period: 20 } } }
    // The direct answer also carries its stored id and report link; the task keeps its result on the task row.
    const {
      id: _id,
      report: _report,
      ...direct
    } = (await (await send('/v1/backtests', 'POST', body)).json()) as {
      id: string
      report: string
    }
    const res = await send('/v1/backtests', 'POST', body, { prefer: 'respond-async' })
    expect(res.status).toBe(202)
    const t = await final(((await res.json()) as Task).id)
    expect(t.status).toBe('succeeded')
    expect(t.result).toEqual(direct)
  })

  it('runs an efficient frontier of a stored universe as a task when asked: the direct answer, and its report', async () => {
    const body = { symbols: ['AAPL', 'MSFT', 'JPM', 'XOM', 'KO'], objective: 'max_sharpe' }
    const {
      id: _id,
      report: _report,
      ...direct
    } = (await (await send('/v1/portfolios/optimize', 'POST', body)).json()) as { id: string; report: string }
    const res = await send('/v1/portfolios/optimize', 'POST', body, { prefer: 'respond-async' })
    expect(res.status).toBe(202)
    const t = await final(((await res.json()) as Task).id)
    expect(t.status).toBe('succeeded')
    const { figures, ...answer } = t.result as { figures: { frontier: unknown[] } }
    expect(answer).toEqual(direct)
    expect(figures.frontier.length).toBeGreaterThan(2)
    // readable like a stored portfolio, the frontier chart drawn from the task's figures
    const read = await app.request(`/v1/portfolios/${t.id}`)
    expect(read.status).toBe(200)
    expect(((await read.json()) as { result: unknown }).result).toEqual(answer)
    const chart = await app.request(`/v1/portfolios/${t.id}/charts/frontier.svg`)
    expect(chart.status).toBe(200)
  })

  it('moves a large stored universe past the worker limit onto a task instead of refusing it', async () => {
    // 240 assets of risk parity: past the worker limit (and within this suite's 2,000-byte task payload bound)
    const symbols = Array.from({ length: 240 }, (_, i) => `U${String(i).padStart(3, '0')}`)
    const res = await send('/v1/portfolios/optimize', 'POST', { symbols, objective: 'risk_parity' })
    expect(res.status).toBe(202)
    // unknown symbols: the task ends with the not-found message the direct route would have answered
    const t = await final(((await res.json()) as Task).id)
    expect(t.status).toBe('dead')
    expect((t.error as { message: string }).message).toMatch(/^Unknown symbol\(s\): U000, U001/)
  })

  it('scores texts past the request limit as a task, with the same results the direct route gives', async () => {
    // short texts: this suite bounds task payloads at 2,000 bytes
    const texts = Array.from({ length: 101 }, (_, i) => (i % 2 ? `profits up ${i}` : `loss ${i}`))
    const res = await send('/v1/sentiment', 'POST', { texts })
    expect(res.status).toBe(202)
    const t = await final(((await res.json()) as Task).id)
    expect(t.status).toBe('succeeded')
    const { results } = t.result as { results: { label: string; score: number }[] }
    expect(results).toHaveLength(101)
    const direct = (await (await send('/v1/sentiment', 'POST', { texts: texts.slice(0, 2) })).json()) as {
      results: { label: string; score: number }[]
    }
    expect(results.slice(0, 2).map((r) => [r.label, r.score])).toEqual(
      direct.results.map((r) => [r.label, r.score]),
    )
  })
})
