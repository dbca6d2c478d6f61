import { describe, expect, it } from 'vitest'
import { runInterleaved, runScenario } from './harness.ts'

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

  it('delivers every round to every socket of a two-worker hub cluster fanned out through redis-server', async () => {
    const r = await runScenario({
      kind: 'hub',
      workers: 2,
      sockets: 12,
      channels: 1,
      clientProcesses: 2,
      rounds: 3,
      warmupRounds: 1,
      padBytes: 160,
      // A duplicate or a lost delivery leaves a round short of a socket, which shows as missing after this wait.
      roundTimeoutMs: 20_000,
    })
    expect(r.delivered).toBe(36)
    expect(r.missing).toBe(0)
  }, 120_000)

  it('runs servers side by side, taking rounds in turn, each counted on its own', async () => {
    const one = { sockets: 6, channels: 2, clientProcesses: 1, rounds: 1, padBytes: 160 }
    const r = await runInterleaved({ hub: { ...one, kind: 'hub' }, plain: { ...one, kind: 'plain' } }, 2)
    expect([r.hub?.delivered, r.plain?.delivered]).toEqual([12, 12])
    expect([r.hub?.roundP99s.length, r.plain?.roundP99s.length]).toEqual([2, 2])
  }, 120_000)

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
