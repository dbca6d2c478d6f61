import { describe, expect, it } from 'vitest'
import { runScenario } from './harness.ts'

// The benchmark's own harness, tiny: real server and client processes, real sockets; only counts are checked.
describe('realtime bench harness', () => {
  it.each(['hub', 'plain'] as const)(
    'delivers every round to every socket across client processes (%s)',
    async (kind) => {
      const r = await runScenario({
        kind,
        sockets: 12,
        channels: 3,
        clientProcesses: 2,
        rounds: 2,
        warmupRounds: 1,
        padBytes: 160,
      })
      expect(r.delivered).toBe(24)
      expect(r.missing).toBe(0)
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms)
      expect(r.rssMb).toBeGreaterThan(0)
    },
    120_000,
  )

  it('delivers messages over the threshold to clients that offer deflate', async () => {
    const r = await runScenario({
      kind: 'hub',
      sockets: 4,
      channels: 1,
      clientProcesses: 1,
      rounds: 2,
      padBytes: 4096,
      deflate: true,
      deflateThresholdBytes: 1024,
    })
    expect(r.delivered).toBe(8)
  }, 120_000)
})
