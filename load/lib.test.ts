import { describe, expect, it } from 'vitest'
import { judge, rateSteps } from './breaking.ts'
import { minutesPhases, type Totals } from './lib/artillery.ts'
import { regressions, toBaseline } from './lib/baseline.ts'
import { pressure, type SaturationSample, saturated } from './lib/saturation.ts'
import { fill, pickScenario, readWorkflow } from './lib/scenarios.ts'

const run = (over: Partial<Totals> = {}): Totals => ({
  requests: 1000,
  rps: 50,
  p50: 5,
  p95: 20,
  p99: 40,
  http4xx: 0,
  http5xx: 0,
  failedUsers: 0,
  errorRate: 0,
  endpoints: [{ name: 'GET /health', requests: 400, p50: 1, p95: 2, p99: 4, codes: { '200': 400 } }],
  ...over,
})

describe('baseline regressions', () => {
  const baseline = toBaseline('smoke', run(), 'test machine')

  it('passes a run within the limits', () => {
    expect(regressions(run({ p99: 100 }), baseline)).toEqual([])
  })

  it('fails a p99 over the ratio, naming the figures', () => {
    expect(regressions(run({ p99: 130 }), baseline)).toEqual([
      "p99 130 ms is 3.25x the baseline's 40 ms (limit 3x)",
    ])
  })

  it('fails an error rate over the slack', () => {
    const [line] = regressions(run({ errorRate: 0.02 }), baseline)
    expect(line).toMatch(/^error rate 2\.00% is over the baseline's 0\.00%/)
  })

  it('judges an endpoint only with enough requests on both sides', () => {
    const slow = [{ name: 'GET /health', requests: 400, p50: 1, p95: 2, p99: 40, codes: { '200': 400 } }]
    expect(regressions(run({ endpoints: slow }), baseline)).toEqual([
      "GET /health: p99 40 ms is 10.00x the baseline's 4 ms",
    ])
    const few = [{ ...slow[0]!, requests: 10 }]
    expect(regressions(run({ endpoints: few }), baseline)).toEqual([])
  })
})

describe('breaking-point steps', () => {
  it('steps geometrically, rounded and strictly increasing, bounded by max', () => {
    expect(rateSteps(10, 1.5, 60)).toEqual([10, 15, 23, 34, 51])
    expect(rateSteps(1, 1.1, 3)).toEqual([1, 2, 3])
    expect(() => rateSteps(10, 1, 60)).toThrow(/--factor > 1/)
  })

  it('says why a step broke', () => {
    expect(judge(run(), 100, 0.01)).toEqual([])
    expect(judge(run({ p99: 150, errorRate: 0.05 }), 100, 0.01)).toEqual([
      'p99 150 ms > 100 ms',
      'error rate 5.00% > 1.00%',
    ])
  })
})

describe('saturation', () => {
  const s = (over: Partial<SaturationSample>): SaturationSample => ({
    t: 0,
    cpuRatio: 0.2,
    eventLoopP99Ms: 2,
    dbP99Ms: 3,
    dbPoolWaiting: 0,
    cacheHitRate: 0.9,
    modelP95Ms: 5,
    rssBytes: 1,
    heapUsedBytes: 1,
    ...over,
  })

  it('names nothing when every signal is under its limit', () => {
    expect(saturated([s({})])).toEqual([])
  })

  it('ranks the signals past their limits, most pressed first', () => {
    const got = saturated([s({ cpuRatio: 0.95 }), s({ eventLoopP99Ms: 200, dbPoolWaiting: 3 })])
    expect(got.map((x) => x.signal)).toEqual(['eventLoop', 'cpu', 'database'])
    expect(pressure([s({ cacheHitRate: 0.25 })]).cache).toBe(2)
  })

  it('counts the whole server side from /proc for CPU, and other processes on its CPUs as contention', () => {
    // two server processes and PostgreSQL used 0.99 of the one pinned core; /performance saw one worker at 0.4
    const pinned = { serverSideCores: 0.99, allowedCores: 1, serverCpusBusy: 1 }
    expect(saturated([s({ cpuRatio: 0.4 })], pinned).map((x) => x.signal)).toEqual(['cpu'])
    // the same core busy, but mostly with someone else's work
    const shared = { serverSideCores: 0.3, allowedCores: 1, serverCpusBusy: 0.95 }
    expect(saturated([s({})], shared).map((x) => x.signal)).toEqual(['contention'])
  })
})

describe('--minutes runs', () => {
  it('ramp from a tenth of the rate for a sixth of the run (at most 60 s), then hold it', () => {
    expect(minutesPhases(3, 50, 'load')).toEqual([
      { name: 'ramp', duration: 30, arrivalRate: 5, rampTo: 50 },
      { name: 'load', duration: 150, arrivalRate: 50 },
    ])
    expect(minutesPhases(60, 20, 'soak')[0]).toEqual({
      name: 'ramp',
      duration: 60,
      arrivalRate: 2,
      rampTo: 20,
    })
    // too short to ramp: one phase
    expect(minutesPhases(0.25, 10, 'smoke')).toEqual([{ name: 'smoke', duration: 15, arrivalRate: 10 }])
  })
})

describe("the open-loop generator's reading of supernova.yml", () => {
  const workflow = readWorkflow()

  it('has the scenarios Artillery runs, with their weights and the headline payload', () => {
    const byName = Object.fromEntries(workflow.scenarios.map((s) => [s.name, s]))
    expect(byName.health?.weight).toBe(10)
    expect(byName.sentiment?.weight).toBe(8)
    expect(byName.realtime?.engine).toBe('ws')
    const task = byName['optimisation task']!.flow
    expect(task.map((s) => s.kind)).toEqual(['function', 'request', 'loop'])
    expect(task[1]).toMatchObject({
      capture: [
        { path: 'id', as: 'taskId' },
        { path: 'status', as: 'status' },
      ],
    })
    expect(workflow.payload.length).toBeGreaterThanOrEqual(300)
    expect(Object.keys(workflow.payload[0]!)).toEqual(['label', 'text'])
  })

  it('fills templates as Artillery does: a whole template keeps its type, a missing variable is an error', () => {
    const vars = { basket: ['SPY', 'AAPL'], riskScore: 40, symbol: 'SPY' }
    expect(fill({ symbols: '{{ basket }}', riskScore: '{{ riskScore }}' }, vars)).toEqual({
      symbols: ['SPY', 'AAPL'],
      riskScore: 40,
    })
    expect(fill('/v1/symbols/{{ symbol }}/bars?x={{riskScore}}', vars)).toBe('/v1/symbols/SPY/bars?x=40')
    expect(fill('load {{ $uuid }}', {})).toMatch(/^load [0-9a-f-]{36}$/)
    expect(() => fill('/v1/watchlists/{{ watchlistId }}', vars)).toThrow(/watchlistId is not set/)
  })

  it('picks scenarios in proportion to their weights', () => {
    const scenarios = [
      { name: 'a', weight: 1, engine: 'http' as const, flow: [] },
      { name: 'b', weight: 3, engine: 'http' as const, flow: [] },
    ]
    expect(pickScenario(scenarios, 0).name).toBe('a')
    expect(pickScenario(scenarios, 0.24).name).toBe('a')
    expect(pickScenario(scenarios, 0.25).name).toBe('b')
    expect(pickScenario(scenarios, 0.999).name).toBe('b')
  })
})
