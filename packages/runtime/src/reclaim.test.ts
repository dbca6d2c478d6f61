import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { type ExposedGc, reclaimStartupHeap } from './reclaim.ts'

// the real collector, as `node --expose-gc` defines it (the test runner's workers do not pass the flag)
v8.setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as ExposedGc
const youngGeneration = () =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0

/** Allocates the way the warm-up does: many short-lived objects, some surviving a scavenge or two. */
function churn(): number {
  let kept: { i: number; a: number[] }[] = []
  let n = 0
  for (let i = 0; i < 3_000_000; i++) {
    kept.push({ i, a: [i, i + 1] })
    if (kept.length > 100_000) {
      n += kept.length
      kept = []
    }
  }
  return n + kept.length
}

describe('reclaimStartupHeap', () => {
  it('does nothing without an exposed gc, or on a V8 without the memory-reducing collection (Node 20)', () => {
    expect(reclaimStartupHeap(undefined, '12.4.254.21')).toBeUndefined()
    let calls = 0
    expect(reclaimStartupHeap(() => calls++, '11.3.244.8-node.33')).toBeUndefined()
    expect(calls).toBe(0)
  })

  it('gives back the young generation a burst of allocation grew (V8 12+: Node 22)', () => {
    expect(churn()).toBe(3_000_000)
    const grown = youngGeneration()
    const r = reclaimStartupHeap(gc)
    if (Number.parseInt(process.versions.v8, 10) < 12) {
      expect(r).toBeUndefined()
      return
    }
    expect(r).toBeDefined()
    // the young generation goes back to its minimum (1 MB of semi-spaces), whatever it had grown to
    expect(youngGeneration()).toBeLessThan(grown)
    expect(youngGeneration()).toBeLessThanOrEqual(2 * 1024 * 1024)
    expect(r!.releasedBytes).toBeGreaterThan(0)
    expect(r!.ms).toBeGreaterThan(0)
  })
})
