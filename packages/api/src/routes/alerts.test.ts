import { alertRepository } from '@supernova/db'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
type Rule = {
  id: string
  symbol: string
  description: string
  enabled: boolean
  condition: Record<string, unknown>
  state: { armed: boolean | null; fireCount: number }
}
let deps: Deps
let app: ReturnType<typeof createApp>
let lastClose: number

beforeAll(async () => {
  deps = await createTestAppDeps()
  app = createApp(deps)
  const bars = await deps.market.getBars('AAPL', {})
  lastClose = bars.at(-1)!.close
}, 120_000)
afterAll(() => deps.close())

const send = (path: string, method = 'GET', body?: unknown) =>
  app.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const create = async (body: unknown) => {
  const r = await send('/v1/alerts', 'POST', body)
  expect(r.status).toBe(201)
  return (await r.json()) as Rule
}

describe('/v1/alerts CRUD for the caller’s own rules', () => {
  it('creates, reads, lists, updates and deletes a rule', async () => {
    const rule = await create({
      name: 'AAPL breakout',
      symbol: 'aapl',
      condition: { kind: 'price', op: 'above', level: 200 },
    })
    expect(rule).toMatchObject({
      symbol: 'AAPL',
      description: 'AAPL price above 200',
      enabled: true,
      state: { armed: null, fireCount: 0 },
    })
    expect((await (await send(`/v1/alerts/${rule.id}`)).json()) as Rule).toEqual(rule)
    const list = (await (await send('/v1/alerts?limit=50')).json()) as { data: Rule[] }
    expect(list.data.map((r) => r.id)).toContain(rule.id)

    const patched = await send(`/v1/alerts/${rule.id}`, 'PATCH', { enabled: false, name: 'renamed' })
    expect(patched.status).toBe(200)
    expect(await patched.json()).toMatchObject({ enabled: false, name: 'renamed', symbol: 'AAPL' })

    expect((await send(`/v1/alerts/${rule.id}`, 'DELETE')).status).toBe(204)
    expect((await send(`/v1/alerts/${rule.id}`)).status).toBe(404)
    expect((await send(`/v1/alerts/${rule.id}`, 'DELETE')).status).toBe(404)
  })

  it('fills defaults per kind and pages with cursors', async () => {
    const made = [
      await create({ symbol: 'MSFT', condition: { kind: 'rsi', op: 'above', level: 70 } }),
      await create({ symbol: 'MSFT', condition: { kind: 'move', percent: 3 } }),
      await create({
        symbol: 'KO',
        condition: { kind: 'ma_cross', average: 'ema', fast: 12, slow: 26, direction: 'below' },
      }),
      await create({ symbol: 'JPM', condition: { kind: 'sentiment', op: 'below', level: -0.3 } }),
    ]
    expect(made[0]!.condition).toEqual({ kind: 'rsi', op: 'above', level: 70, period: 14 })
    expect(made[1]!.condition).toEqual({ kind: 'move', direction: 'either', percent: 3, windowBars: 1 })
    const first = (await (await send('/v1/alerts?limit=2')).json()) as {
      data: Rule[]
      next_cursor: string
    }
    expect(first.data).toHaveLength(2)
    const second = (await (await send(`/v1/alerts?limit=50&cursor=${first.next_cursor}`)).json()) as {
      data: Rule[]
    }
    const ids = [...first.data, ...second.data].map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const m of made) expect(ids).toContain(m.id)
  })

  it('answers 404 for another owner’s rule, and never lists it', async () => {
    const theirs = await alertRepository(deps.db).create('someone-else', {
      symbol: 'AAPL',
      condition: { kind: 'price', op: 'below', level: 10 },
    })
    expect((await send(`/v1/alerts/${theirs.id}`)).status).toBe(404)
    expect((await send(`/v1/alerts/${theirs.id}`, 'PATCH', { enabled: false })).status).toBe(404)
    expect((await send(`/v1/alerts/${theirs.id}`, 'DELETE')).status).toBe(404)
    expect((await send(`/v1/alerts/${theirs.id}/firings`)).status).toBe(404)
    const list = (await (await send('/v1/alerts?limit=200')).json()) as { data: Rule[] }
    expect(list.data.map((r) => r.id)).not.toContain(theirs.id)
    expect(await alertRepository(deps.db).get('someone-else', theirs.id)).toMatchObject({ enabled: true })
  })

  it('refuses bad input with 400s naming the field, and unknown symbols with 404', async () => {
    const cases: [unknown, RegExp][] = [
      [{ symbol: 'AAPL', condition: { kind: 'price', op: 'sideways', level: 1 } }, /body\.condition\.op/],
      [{ symbol: 'AAPL', condition: { kind: 'price', op: 'above', level: -1 } }, /body\.condition\.level/],
      [{ symbol: 'AAPL', condition: { kind: 'volume' } }, /body\.condition\.kind/],
      [
        { symbol: 'AAPL', condition: { kind: 'ma_cross', fast: 50, slow: 20, direction: 'above' } },
        /body\.condition\.fast/,
      ],
      [{ symbol: 'AAPL', condition: { kind: 'rsi', op: 'above', level: 170 } }, /body\.condition\.level/],
      [{ symbol: 'AAPL', condition: { kind: 'price', op: 'above', level: 1 }, hysteresis: -2 }, /hysteresis/],
    ]
    for (const [body, field] of cases) {
      const r = await send('/v1/alerts', 'POST', body)
      expect(r.status).toBe(400)
      expect(JSON.stringify(await r.json())).toMatch(field)
    }
    expect((await send('/v1/alerts/not-an-id')).status).toBe(400)
    const unknown = await send('/v1/alerts', 'POST', {
      symbol: 'ZZZZ',
      condition: { kind: 'price', op: 'above', level: 1 },
    })
    expect(unknown.status).toBe(404)
  })

  it('lists the firings of a rule after the evaluator fires it', async () => {
    const rule = await create({
      symbol: 'AAPL',
      condition: { kind: 'price', op: 'above', level: lastClose * 1.02 },
    })
    const alerts = deps.alerts!
    alerts.rulesChanged()
    const t = Date.now()
    alerts.onTicks([{ symbol: 'AAPL', price: lastClose, ts: t }])
    await alerts.idle()
    alerts.onTicks([{ symbol: 'AAPL', price: lastClose * 1.03, ts: t + 1 }])
    await alerts.idle()
    const firings = (await (await send(`/v1/alerts/${rule.id}/firings`)).json()) as {
      data: { ruleId: string; source: string; price: number; message: string }[]
    }
    expect(firings.data).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        source: 'tick',
        price: lastClose * 1.03,
        message: expect.stringMatching(/^AAPL price above /),
      }),
    ])
    expect(((await (await send(`/v1/alerts/${rule.id}`)).json()) as Rule).state).toMatchObject({
      armed: false,
      fireCount: 1,
    })
  })

  it('documents every alerts operation with its operationId', async () => {
    const doc = (await (await send('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>
    }
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId))
    for (const id of [
      'listAlerts',
      'createAlert',
      'getAlert',
      'updateAlert',
      'deleteAlert',
      'listAlertFirings',
    ])
      expect(ids).toContain(id)
  })
})
