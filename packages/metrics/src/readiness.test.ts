import { describe, expect, it } from 'vitest'
import { probeReadiness } from './readiness.ts'

describe('probeReadiness', () => {
  it('is ready when every probe passes, and names the ones that fail or hang', async () => {
    let aborted = false
    const r = await probeReadiness(
      [
        { name: 'db', check: async () => {} },
        {
          name: 'l2',
          check: async () => {
            throw new Error('ECONNREFUSED')
          },
        },
        {
          name: 'model',
          check: (signal) =>
            new Promise<void>((resolve) => {
              signal.addEventListener('abort', () => {
                aborted = true
                resolve()
              })
            }),
        },
      ],
      { timeoutMs: 50 },
    )
    expect(r.ready).toBe(false)
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['db', true],
      ['l2', false],
      ['model', false],
    ])
    expect(r.checks[1]?.error).toBe('ECONNREFUSED')
    expect(r.checks[2]?.error).toContain('timed out')
    expect(aborted).toBe(true)
    expect((await probeReadiness([{ name: 'db', check: () => {} }])).ready).toBe(true)
  })
})
