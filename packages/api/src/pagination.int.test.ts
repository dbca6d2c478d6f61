import { createTestDatabase } from '@supernova/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type CursorValue, cursorCodec, cursorPage, keysetPredicate } from './pagination.ts'

// Real PostgreSQL: a cursor must resume correctly for numeric and time keys (the old cursor compared ids as strings).
describe('cursor pagination against PostgreSQL', () => {
  let drop: () => Promise<void>
  let client: pg.Client
  const codec = cursorCodec('int-secret')

  beforeAll(async () => {
    const db = await createTestDatabase(inject('pgUrl'), 'pagination')
    drop = db.drop
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
    await client.query(
      'create table items (id int8 primary key, score float8 not null, at timestamptz not null)',
    )
    // ids 1..25 so "10" < "9" as strings; scores repeat so the unique id must break ties
    await client.query(
      `insert into items select i, (i % 4)::float8 / 2, timestamptz '2024-01-01T00:00:00Z' + (i % 7) * interval '90 minutes' + i * interval '1 millisecond'
       from generate_series(1, 25) i`,
    )
  })

  afterAll(async () => {
    await client?.end()
    await drop?.()
  })

  async function walk(
    columns: { column: string; desc?: boolean }[],
    keyOf: (r: Record<string, unknown>) => CursorValue[],
  ): Promise<number[]> {
    const order = columns.map((c) => `${c.column}${c.desc ? ' desc' : ''}`).join(', ')
    const seen: number[] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 100; guard++) {
      const after: CursorValue[] | undefined = cursor ? codec.decode(cursor, order) : undefined
      const where: { sql: string; params: unknown[] } = after
        ? keysetPredicate(columns, after)
        : { sql: 'true', params: [] }
      const { rows } = await client.query(
        `select id, score, at from items where ${where.sql} order by ${order} limit 4`,
        where.params,
      )
      const page = cursorPage(rows.slice(0, 4), 3, keyOf, codec, order)
      seen.push(...page.data.map((r) => Number(r.id)))
      if (!page.has_more) break
      cursor = page.next_cursor
    }
    return seen
  }

  it('walks numeric ids in numeric order, each row once', async () => {
    const ids = await walk([{ column: 'id' }], (r) => [Number(r.id)])
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
  })

  it('walks a time key with a unique tie-breaker, each row once', async () => {
    const ids = await walk([{ column: 'at' }, { column: 'id' }], (r) => [r.at as Date, Number(r.id)])
    const { rows } = await client.query('select id from items order by at, id')
    expect(ids).toEqual(rows.map((r) => Number(r.id)))
  })

  it('walks mixed directions (score desc, id asc), each row once', async () => {
    const ids = await walk([{ column: 'score', desc: true }, { column: 'id' }], (r) => [
      r.score as number,
      Number(r.id),
    ])
    const { rows } = await client.query('select id from items order by score desc, id')
    expect(ids).toEqual(rows.map((r) => Number(r.id)))
    expect(new Set(ids).size).toBe(25)
  })
})
