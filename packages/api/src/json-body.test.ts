import { isAppError } from '@supernova/core'
import { describe, expect, it } from 'vitest'
import { JSON_SLICE_CHARS, parseJsonBody } from './json-body.ts'

const big = () => {
  const series: Record<string, number[]> = {}
  for (let j = 0; j < 200; j++) series[`S${j}`] = Array.from({ length: 250 }, (_, i) => 100 + Math.sin(i + j))
  return { prices: { series }, objective: 'risk_parity', nested: [[{ a: 'x\u00e9' }]] }
}

describe('parseJsonBody', () => {
  it('parses a large body in slices, giving the event loop turns in between, to the same value', async () => {
    const value = big()
    const text = JSON.stringify(value)
    expect(text.length).toBeGreaterThan(JSON_SLICE_CHARS * 4)
    let turns = 0
    let done = false
    const tick = () => {
      if (done) return
      turns++
      setImmediate(tick)
    }
    setImmediate(tick)
    const parsed = await parseJsonBody(text)
    done = true
    expect(parsed).toEqual(value)
    // other callbacks ran while the body was being parsed
    expect(turns).toBeGreaterThanOrEqual(Math.floor(text.length / JSON_SLICE_CHARS) - 1)
  })

  it('answers malformed JSON, small or large, with a validation error', async () => {
    const text = JSON.stringify(big())
    for (const bad of ['{"a":', `${text.slice(0, -1)},]`]) {
      const err = await parseJsonBody(bad).catch((e: unknown) => e)
      expect(isAppError(err) && err.code).toBe('validation_error')
      expect((err as Error).message).toMatch(/^The request body is not valid JSON/)
    }
  })
})
