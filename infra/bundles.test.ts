import { describe, expect, it } from 'vitest'
import { BUNDLES, formatBytes, overBudget } from './bundles.ts'

describe('bundle budgets', () => {
  it('names an over-budget bundle with its size and its budget', () => {
    const budget = BUNDLES.api.budgetBytes
    expect(overBudget({ api: budget + 1, worker: BUNDLES.worker.budgetBytes })).toEqual([
      `api bundle is ${formatBytes(budget + 1)} (${budget + 1} B), over its budget of ${formatBytes(budget)} (${budget} B)`,
    ])
    expect(overBudget({ api: budget, server: 1 })).toEqual([])
  })

  it('holds the API under the issue goal of 1.5 MB and runs the functions on Node 22', () => {
    expect(BUNDLES.api.budgetBytes).toBeLessThanOrEqual(1.5 * 1024 * 1024)
    for (const b of Object.values(BUNDLES))
      if (b.kind === 'lambda') expect(b.handler.startsWith(b.source.replace(/\.ts$/, ''))).toBe(true)
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MiB')
  })
})
