import { describe, expect, it } from 'vitest'
import { jsonText } from './fields.ts'

const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

describe('jsonText', () => {
  it('writes exactly what JSON.stringify writes', () => {
    const page = deepFreeze([
      { date: '2024-01-02', close: 1.5 },
      { date: '2024-01-03', close: -0 },
    ])
    const values: unknown[] = [
      null,
      1,
      'x',
      [1, undefined, () => 1],
      { a: 1, b: undefined, c: () => 2, d: new Date(0), e: page, 1: 'one', 'quo"te': ['é', null] },
      { data: page, has_more: false, next_cursor: null },
      page,
      Object.freeze({ when: new Date(86_400_000) }),
      { nested: { toJSON: () => 'custom' } },
    ]
    for (const v of values) expect(jsonText(v)).toBe(JSON.stringify(v))
  })

  it('reuses the text of a frozen page and never serves stale text for a frozen Date', () => {
    const page = deepFreeze([{ close: 1 }])
    const a = jsonText({ data: page, has_more: false })
    const b = jsonText({ data: page, has_more: true })
    expect(a).toBe('{"data":[{"close":1}],"has_more":false}')
    expect(b).toBe('{"data":[{"close":1}],"has_more":true}')
    const d = Object.freeze(new Date(0))
    const first = jsonText({ d })
    d.setTime(86_400_000)
    expect(jsonText({ d })).not.toBe(first)
    expect(jsonText({ d })).toBe(JSON.stringify({ d }))
  })
})
