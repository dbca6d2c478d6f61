/**
 * `npm run bench -- realtime [--quick] [--rows=broadcast,channels,max,deflate] [--repeats=N] [--rounds=N]
 * [--clients=2] [--workers=2] [--before] [--cpu-prof=DIR]`:
 * the WebSocket hub (packages/realtime) next to a plain `ws` broadcast server (same envelope, encoded once, `ws.send` per socket),
 * each in its own process on 127.0.0.1, with subscribers spread over client processes (the descriptor limit here
 * is 20,000 per process). Latency is receive time minus the send time carried in each ~200-byte payload, over
 * every delivery of every measured round; loop is the server's synchronous send loop (publish to last write); RSS is
 * the server's (a cluster's: all its processes'); server_cpu_ms and clients_cpu_ms are CPU time (user + system) per
 * round of the server and of all client processes; busiest_cpu_ms the busiest server process's.
 * Subscribers are bare TCP sockets speaking just enough WebSocket (realtime/raw-subscriber.ts; ws's client where
 * deflate is offered) in two processes: each arrival time is taken first and the bytes read once the round is over,
 * so the clients' share of the two cores stays small (`--before` adds both servers behind the former clients: ws's,
 * four processes, UTF-8 validated, each message parsed on arrival).
 * Rows:
 * - broadcast: 10,000 sockets on one channel (goals: hub p99 <= 0.5x plain, hub RSS < 150 MB), three servers at once
 *   taking rounds in turn (10 x repeats rounds each, or --rounds): the hub, plain `ws`, and hub_cluster, the
 *   self-hosted shape's answer to one process's send loop: `--workers` hub processes behind one port (node:cluster,
 *   as `npm start` with WEB_CONCURRENCY), a publish on one fanned out to all through redis-server, each worker
 *   writing to its own share of the sockets. p99 ratios are medians over rounds of this server's round p99 over
 *   plain's in the same rotation; pooled ratios compare p99s over all deliveries;
 * - channels: 1,000 channels x 10 subscribers, one message per channel per round;
 * - max: 19,000 sockets in one hub process;
 * - deflate: the hub with per-message deflate above REALTIME_DEFLATE_THRESHOLD_BYTES' default (clients offer it):
 *   small messages (under the threshold, sent plain) and 8 KiB ones (compressed), against the hub without deflate.
 * Other rows: medians over repeats (server order alternates); ratios are hub / plain from the same repeat.
 *
 * Where the time goes (`--cpu-prof=DIR`, then `npx tsx bench/realtime/profile-summary.ts FILE`): about 77% of the
 * hub's CPU in a round is the write(2) per socket (on loopback the kernel also runs the receiver's TCP input and
 * wakes its process inside that call), about 10% Node's stream bookkeeping per write, under 2% the hub's own code;
 * plain `ws` spends about 70% in writev(2). The hub already writes one prepared frame per socket in one write (plain
 * `ws` frames per socket and writes header and body with cork/writev): with the same kernel cost per socket one
 * process measures 0.8-0.9x plain's server CPU, and a p99 of 0.5x plain is out of reach for one process. A cluster
 * splits the writes: its busiest process spends about 0.45x plain's CPU per round, which bounds its loop where
 * every worker has a core of its own; on the two cores shared here (clients and other work on them too) the
 * workers mostly take turns, so its measured p99 stays near the single process's.
 */
import { median, report, round } from './lib.ts'
import { runInterleaved, runScenario, type Scenario, type ScenarioResult } from './realtime/harness.ts'

const args = process.argv.slice(2)
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const quick = args.includes('--quick')
const repeats = Number(flag('repeats') ?? (quick ? 1 : 3))
const rows = (flag('rows') ?? 'broadcast,channels,max,deflate').split(',')
const scale = quick ? 0.1 : 1
const sockets = Math.round(10_000 * scale)
// Client processes: 10,000 sockets fit in one (the descriptor limit is 20,000), so two on two cores, not four.
const processes = Number(flag('clients') ?? 2)
// Hub worker processes in the broadcast row's cluster variant (0: no cluster variant).
const workers = Number(flag('workers') ?? 2)
// The broadcast row's measured rounds per server, taken in turn with the other servers' (see runInterleaved).
const interleavedRounds = Number(flag('rounds') ?? (quick ? 5 : 10 * repeats))
// --cpu-prof=DIR: V8 CPU profiles of the server and client processes over the measured rounds, to see where time goes.
const base = {
  clientProcesses: processes,
  rounds: quick ? 5 : 10,
  padBytes: 160,
  profileDir: flag('cpu-prof'),
} as const
const DEFLATE_THRESHOLD = 1024

type Row = Record<string, number>
const summarise = (r: ScenarioResult): Row => ({
  p50_ms: round(r.p50Ms, 1),
  p99_ms: round(r.p99Ms, 1),
  loop_ms: round(r.loopMs, 1),
  rss_mb: round(r.rssMb, 1),
  peak_rss_mb: round(r.peakRssMb, 1),
  connect_s: round(r.connectS, 1),
  server_cpu_ms: round(r.serverCpuMs, 1),
  clients_cpu_ms: round(r.clientsCpuMs, 1),
  busiest_cpu_ms: round(r.busiestCpuMs, 1),
  missing: r.missing,
})

/** Runs each named variant `repeats` times, alternating the order, and returns per-variant medians and runs. */
async function compare(name: string, variants: Record<string, Scenario>, n = repeats) {
  const runs: Record<string, Row[]> = {}
  const keys = Object.keys(variants)
  for (let i = 0; i < n; i++) {
    const order = i % 2 ? [...keys].reverse() : keys
    for (const k of order) {
      const r = summarise(await runScenario(variants[k] as Scenario))
      console.error(`${name} ${k} #${i + 1}: ${JSON.stringify(r)}`)
      runs[k] = [...(runs[k] ?? []), r]
    }
  }
  const medianRow = (list: Row[]): Row =>
    Object.fromEntries(Object.keys(list[0] ?? {}).map((f) => [f, median(list.map((r) => r[f] as number))]))
  return { runs, medians: Object.fromEntries(keys.map((k) => [k, medianRow(runs[k] ?? [])])) }
}

/** Median over repeats of a/b per repeat for one field. */
const ratio = (runs: Record<string, Row[]>, a: string, b: string, field: string) =>
  round(
    median((runs[a] ?? []).map((r, i) => (r[field] as number) / ((runs[b]?.[i]?.[field] as number) || 1))),
    3,
  )

const medians: Record<string, Record<string, number>> = {}
const ratios: Record<string, number> = {}

if (rows.includes('broadcast')) {
  const one = { ...base, sockets, channels: 1 }
  const variants: Record<string, Scenario> = {
    hub: { ...one, kind: 'hub' },
    plain: { ...one, kind: 'plain' },
    ...(workers > 1 ? { hub_cluster: { ...one, kind: 'hub', workers } as const } : {}),
    // --before: both servers again behind the former clients (4 processes, UTF-8 validated, parsed on arrival).
    ...(args.includes('--before')
      ? {
          hub_before: { ...one, kind: 'hub', clientProcesses: 4, formerClients: true } as const,
          plain_before: { ...one, kind: 'plain', clientProcesses: 4, formerClients: true } as const,
        }
      : {}),
  }
  const results = await runInterleaved(variants, interleavedRounds)
  const plain = results.plain as ScenarioResult
  for (const [k, r] of Object.entries(results)) {
    medians[`broadcast_${k}`] = summarise(r)
    console.error(`broadcast ${k}: ${JSON.stringify(summarise(r))}`)
    if (k.startsWith('plain')) continue
    const name = k === 'hub' ? 'hub' : k === 'hub_cluster' ? 'cluster' : 'hub_before'
    const base = (k === 'hub_before' ? results.plain_before : plain) as ScenarioResult
    // Per round: this server's p99 over plain's from the same rotation (adjacent in time); median over rounds.
    ratios[`broadcast_p99_${name}_vs_plain`] = round(
      median(r.roundP99s.map((p, i) => p / (base.roundP99s[i] ?? Number.NaN))),
      3,
    )
    if (k === 'hub_before') continue
    ratios[`broadcast_pooled_p99_${name}_vs_plain`] = round(r.p99Ms / plain.p99Ms, 3)
    ratios[`broadcast_p50_${name}_vs_plain`] = round(r.p50Ms / plain.p50Ms, 3)
    ratios[`broadcast_loop_${name}_vs_plain`] = round(r.loopMs / plain.loopMs, 3)
    ratios[`broadcast_server_cpu_${name}_vs_plain`] = round(r.serverCpuMs / plain.serverCpuMs, 3)
    ratios[`broadcast_busiest_cpu_${name}_vs_plain`] = round(r.busiestCpuMs / plain.busiestCpuMs, 3)
    ratios[`broadcast_clients_cpu_${name}_vs_plain`] = round(r.clientsCpuMs / plain.clientsCpuMs, 3)
  }
  ratios.broadcast_rss_hub_vs_plain = round((results.hub?.rssMb ?? 0) / plain.rssMb, 3)
  // How far the lighter clients moved the baseline itself.
  if (results.plain_before)
    ratios.broadcast_p99_plain_vs_plain_before = round(
      median(plain.roundP99s.map((p, i) => p / (results.plain_before?.roundP99s[i] ?? Number.NaN))),
      3,
    )
}

if (rows.includes('channels')) {
  const many = { ...base, sockets, channels: sockets / 10, rounds: quick ? 3 : 5 }
  const { runs, medians: m } = await compare('channels', {
    hub: { ...many, kind: 'hub' },
    plain: { ...many, kind: 'plain' },
  })
  for (const [k, v] of Object.entries(m)) medians[`channels_${k}`] = v
  ratios.channels_p99_hub_vs_plain = ratio(runs, 'hub', 'plain', 'p99_ms')
  ratios.channels_loop_hub_vs_plain = ratio(runs, 'hub', 'plain', 'loop_ms')
}

if (rows.includes('max')) {
  const max = { ...base, sockets: Math.round(19_000 * scale), channels: 1, rounds: quick ? 3 : 5 }
  // The hub alone: the 10,000-socket rows hold the comparison, and each 19,000-socket run takes minutes here.
  const { medians: m } = await compare('max', { hub: { ...max, kind: 'hub' } }, 1)
  for (const [k, v] of Object.entries(m)) medians[`max_${k}`] = v
}

if (rows.includes('deflate')) {
  const one = { ...base, sockets, channels: 1, kind: 'hub', rounds: quick ? 3 : 5 } as const
  const on = { ...one, deflate: true, deflateThresholdBytes: DEFLATE_THRESHOLD }
  const { runs, medians: m } = await compare(
    'deflate',
    {
      small_on: on,
      small_off: one,
      large_on: { ...on, padBytes: 8192 },
      large_off: { ...one, padBytes: 8192 },
    },
    1,
  )
  for (const [k, v] of Object.entries(m)) medians[`deflate_${k}`] = v
  ratios.deflate_small_p99_on_vs_off = ratio(runs, 'small_on', 'small_off', 'p99_ms')
  ratios.deflate_small_rss_on_vs_off = ratio(runs, 'small_on', 'small_off', 'rss_mb')
  ratios.deflate_large_p99_on_vs_off = ratio(runs, 'large_on', 'large_off', 'p99_ms')
  ratios.deflate_large_rss_on_vs_off = ratio(runs, 'large_on', 'large_off', 'rss_mb')
}

report({
  name: 'realtime',
  medians,
  ratios,
  goals: { broadcast_p99_hub_vs_plain: '<= 0.5', broadcast_hub_rss_mb: '< 150' },
  sockets,
  repeats,
  deflateThresholdBytes: DEFLATE_THRESHOLD,
})
