import { createPgliteDatabase, type SqlDatabase } from '@supernova/db'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { packStored, unpackStored } from './result-pack.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>
// results.insert statements wait for `gate` and fail while `failing` > 0
let gate: Promise<void> = Promise.resolve()
let failing = 0

beforeAll(async () => {
  const db = await createPgliteDatabase()
  const wrapped: SqlDatabase = {
    ...db,
    async query(text, params, options) {
      if (options?.name === 'results.insert') {
        await gate
        if (failing > 0) {
          failing--
          throw new Error('injected write failure')
        }
      }
      return db.query(text, params, options)
    },
  }
  deps = await createTestAppDeps({ db: wrapped })
  app = createApp(deps)
}, 120_000)
afterAll(() => deps.close())

const post = async (path: string, body: unknown) => {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}
const getJson = async (path: string) => {
  const res = await app.request(path)
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}
const samples = (name: string) =>
  deps.monitor.registry
    .collect()
    .find((f) => f.name === name)
    ?.samples.map((s) => [s.labels, s.value]) ?? []

describe('stored results, written after the answer', () => {
  it('answers before the row is written, serves the id from memory meanwhile, then reads the row back the same', async () => {
    let release = () => {}
    gate = new Promise((r) => {
      release = r
    })
    // with the write on the request path this request would wait for the gate (and time out)
    const answer = await post('/v1/backtests', { symbol: 'SPY', strategy: { name: 'sma_cross' } })
    expect(deps.results!.depth).toBe(1)
    expect(samples('results_write_queue_depth')).toEqual([[{}, 1]])
    const fromMemory = await getJson(`/v1/backtests/${answer.id}`)
    const { id: _i, report: _r, ...result } = answer
    expect(fromMemory).toMatchObject({ id: answer.id, kind: 'backtest', result })
    const report = await app.request(`/v1/backtests/${answer.id}/report`)
    expect(report.status).toBe(200)
    const count = () =>
      deps.db.query<{ n: number }>('select count(*)::int as n from results where id = $1', [answer.id])
    expect((await count()).rows[0]!.n).toBe(0)

    release()
    expect(await deps.results!.flush()).toBe(0)
    expect((await count()).rows[0]!.n).toBe(1)
    // stored packed (two strings, not an object per bar), read back as answered
    const row = await deps.db.query<{ packed: boolean; close: boolean }>(
      `select result->'equity' ? '$equity' as packed, extra->'close' ? '$f64' as close from results where id = $1`,
      [answer.id],
    )
    expect(row.rows[0]).toEqual({ packed: true, close: true })
    expect(await getJson(`/v1/backtests/${answer.id}`)).toEqual(fromMemory)
    expect(samples('results_write_queue_depth')).toEqual([[{}, 0]])
  })

  it('retries a failed write until it lands, counting each failure', async () => {
    failing = 2
    const before = samples('results_writes_total')
    const answer = await post('/v1/portfolios/optimize', {
      symbols: ['AAPL', 'MSFT', 'KO'],
      objective: 'min_volatility',
    })
    expect(await deps.results!.flush()).toBe(0)
    const rows = await deps.db.query<{ n: number }>('select count(*)::int as n from results where id = $1', [
      answer.id,
    ])
    expect(rows.rows[0]!.n).toBe(1)
    const after = samples('results_writes_total')
    const count = (s: typeof before, outcome: string) =>
      (s.find(([l]) => (l as { outcome?: string }).outcome === outcome)?.[1] as number | undefined) ?? 0
    expect(count(after, 'error') - count(before, 'error')).toBe(2)
    expect(count(after, 'ok') - count(before, 'ok')).toBe(1)
    const { id: _i, report: _r, ...result } = answer
    expect(await getJson(`/v1/portfolios/${answer.id}`)).toMatchObject({ result })
  })
})

describe('packed series', () => {
  it('round-trips equity curves and number series exactly, and leaves anything else as JSON has it', () => {
    const equity = Array.from({ length: 100 }, (_, i) => ({
      date: `2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
      value: 1e4 * (1 + Math.sin(i) / 3) + 1 / 3,
    }))
    const closes = new Float64Array(equity.map((e) => e.value * Math.PI))
    const value = {
      equity,
      close: closes,
      list: [1, 2, Number.NaN, ...Array(40).fill(0.1)],
      short: [1, 2, 3],
      trades: Array.from({ length: 40 }, (_, i) => ({ date: 'x', value: i, side: 'long' })),
      text: 'a,b',
    }
    const text = packStored(value)!
    expect(text).toContain('"$equity"')
    expect(text).toContain('"$f64"')
    expect(unpackStored(JSON.parse(text))).toEqual(
      JSON.parse(JSON.stringify({ ...value, close: Array.from(closes) })),
    )
    expect(packStored(null)).toBeNull()
    expect(unpackStored(JSON.parse(packStored([1, 2])!))).toEqual([1, 2])
  })
})
