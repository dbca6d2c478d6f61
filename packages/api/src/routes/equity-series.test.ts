import { describe, expect, it } from 'vitest'
import { JSON_TEXT, jsonText, parseFields, selectFields } from '../middleware/fields.ts'
import { EquitySeries, equitySeries } from './equity-series.ts'
import { packStored, unpackStored } from './result-pack.ts'

const days = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2013, 0, 2 + i + Math.floor(i / 5) * 2)).toISOString().slice(0, 10),
  )
const curve = (n: number) =>
  Float64Array.from({ length: n }, (_, i) => 10_000 * (1 + Math.sin(i / 7) / 3) + i / 3)

describe('EquitySeries', () => {
  it('writes exactly the JSON of its points, non-finite values as null, odd dates escaped', () => {
    const values = curve(40)
    values[3] = Number.NaN
    values[9] = Number.POSITIVE_INFINITY
    values[11] = -0
    const dates = days(40)
    dates[5] = 'a "quoted" \\ date'
    const s = new EquitySeries(dates, values)
    const objects = dates.map((date, i) => ({ date, value: values[i]! }))
    expect(s[JSON_TEXT]()).toBe(JSON.stringify(objects))
    expect(JSON.stringify(s)).toBe(JSON.stringify(objects))
    expect(jsonText({ symbol: 'X', equity: s })).toBe(JSON.stringify({ symbol: 'X', equity: objects }))
  })

  it('is stored packed from its columns and reads back as the points it answered', () => {
    const dates = days(300)
    const s = equitySeries(dates, Array.from(curve(300)))
    const text = packStored({ equity: s, metrics: { sharpe: 1 } })!
    expect(text).toContain('"$equity"')
    expect(text).not.toContain('"value"')
    expect(unpackStored(JSON.parse(text))).toEqual(
      JSON.parse(JSON.stringify({ equity: s, metrics: { sharpe: 1 } })),
    )
    // the same dates array again (a cached history): same packed form
    expect(packStored({ equity: equitySeries(dates, curve(300)) })).toBe(packStored({ equity: s }))
  })

  it('packs a curve with non-finite values as objects, which read back as answered', () => {
    const values = curve(64)
    values[7] = Number.NaN
    const s = new EquitySeries(days(64), values)
    expect(unpackStored(JSON.parse(packStored({ equity: s })!))).toEqual(
      JSON.parse(JSON.stringify({ equity: s })),
    )
  })

  it('answers field selection through its points', () => {
    const s = new EquitySeries(days(3), curve(3))
    const out = selectFields({ id: 'bt_1', equity: s }, parseFields('equity.value')) as {
      equity: { value: number }[]
    }
    expect(out).toEqual({ equity: Array.from(curve(3), (value) => ({ value })) })
  })
})
