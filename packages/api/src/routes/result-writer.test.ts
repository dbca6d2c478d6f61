import { UnavailableError } from '@supernova/core'
import { createPgliteDatabase, type SqlDatabase } from '@supernova/db'
import { Registry } from '@supernova/metrics'
import { createTestAppDeps } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { packStored, unpackStored } from './result-pack.ts'
import { resultWriter } from './result-writer.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
let deps: Deps
let app: ReturnType<typeof createApp>
// results.insert statements wait for `gate` and fail while `failing` > 0
let gate: Promise<void> = Promise.resolve()
let failing = 0
let gated: SqlDatabase
// results.insert statements sent, and the rows they carried
const inserts: number[] = []

beforeAll(async () => {
  const db = await createPgliteDatabase()
  gated = {
    ...db,
    async query(text, params, options) {
      if (options?.name === 'results.insert') {
        inserts.push((params?.length ?? 0) / 7)
        await gate
        if (failing > 0) {
          failing--
          throw new Error('injected write failure')
        }
      }
      return db.query(text, params, options)
    },
  }
  deps = await createTestAppDeps({ db: gated })
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

describe('the write-behind queue is bounded', () => {
  const row = (n: number) => ({
    owner: 'anonymous',
    kind: 'backtest' as const,
    input: { n },
    result: { n },
    extra: null,
  })
  const settled = async (p: Promise<unknown>) =>
    Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))])

  it('makes the answer past maxQueued wait until a write lands, counting the wait', async () => {
    let release = () => {}
    gate = new Promise((r) => {
      release = r
    })
    const registry = new Registry()
    const writer = resultWriter({ db: gated, registry, maxQueued: 2 })
    await writer.accept(row(1))
    await writer.accept(row(2))
    const third = writer.accept(row(3))
    expect(await settled(third)).toBe(false)
    expect(writer.depth).toBe(2)
    release()
    expect((await third).id).toMatch(/^bt_/)
    expect(await writer.flush()).toBe(0)
    const waits = registry.collect().find((f) => f.name === 'results_write_waits_total')
    expect(waits?.samples[0]?.value).toBe(1)
  })

  it('writes the rows that piled up in statements of up to 8 rows, each row once', async () => {
    let release = () => {}
    gate = new Promise((r) => {
      release = r
    })
    const writer = resultWriter({ db: gated })
    inserts.length = 0
    const ids = []
    for (let n = 0; n < 20; n++) ids.push((await writer.accept(row(n))).id)
    // accepted within one turn: the pass that starts after it finds all 20 (it waits at the gate meanwhile)
    await new Promise((r) => setTimeout(r, 20))
    release()
    expect(await writer.flush()).toBe(0)
    expect(inserts).toEqual([8, 8, 4])
    const stored = await gated.query<{ n: number }>(
      'select count(*)::int as n from results where id = any($1)',
      [ids],
    )
    expect(stored.rows[0]!.n).toBe(20)
  })

  it('writes a failed batch again one row a statement, so one bad row does not hold back the others', async () => {
    gate = Promise.resolve()
    const writer = resultWriter({ db: gated })
    inserts.length = 0
    failing = 1
    for (let n = 0; n < 3; n++) await writer.accept(row(n))
    expect(await writer.flush()).toBe(0)
    expect(inserts).toEqual([3, 1, 1, 1])
  })

  it('answers 503 at once when the queue is full and the database is refusing writes', async () => {
    failing = 1_000
    const writer = resultWriter({ db: gated, maxQueued: 1, retryMs: 10_000 })
    await writer.accept(row(1))
    // the first write fails: the writer is in its retry state with the queue full
    await new Promise((r) => setTimeout(r, 100))
    await expect(writer.accept(row(2))).rejects.toThrow(UnavailableError)
    failing = 0
    expect(await writer.flush()).toBe(0)
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
