/**
 * `npm run bench -- api`: response optimisation.
 * - payload: bytes of 12 years of one symbol's bars (the bars route's shape) with and without compression and
 *   field selection, JSON and NDJSON, through our middleware in-process;
 * - overhead: requests/s, p99 and server CPU per request of a small (< 500 B) and a mid-size (~23 KB) JSON route
 *   served by a bare Hono app, by the same app with createApp's whole middleware stack (`stack`: requestContext +
 *   respond, i.e. request id, deps, request metrics, limits, deadline, fields, ETag, compression), and by the same
 *   app with hono/compress. Small also by the bare app plus hono's requestId (`ref`, for scale: any async
 *   middleware leaves Hono's and @hono/node-server's synchronous fast path), by the eight separate layers
 *   createApp used before (`legacy`), and through an async handler (`small_async_*`, the shape of every route
 *   that reads a database or cache, which leaves the fast path even when bare). Each server in its own child
 *   process on @hono/node-server, load from this process over loopback (autocannon), alternating rounds, medians;
 * - streaming: peak RSS of a server child streaming 1 million bars as NDJSON against one building the same
 *   array and answering c.json, each in a fresh process, medians.
 * Env: BENCH_ROUNDS (5), BENCH_SECONDS (2), BENCH_RSS_ROUNDS (5), BENCH_RSS_BARS (1000000),
 * BENCH_SECTIONS (payload,overhead,rss: run only those), BENCH_CASES (comma-separated overhead case names).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type AppDeps, type AppEnv, ndjsonResponse, onError, requestContext, respond } from '@supernova/api'
import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import { createMonitor } from '@supernova/metrics'
import { Hono } from 'hono'
import { compress as honoCompress } from 'hono/compress'
import { requestId } from 'hono/request-id'
import { legacyLayers } from './baselines/legacy-layers.ts'
import { median, report, round } from './lib.ts'
import { type LoadResult, load, startChild } from './load.ts'

type Kind = 'bare' | 'ref' | 'stack' | 'legacy' | 'hono'
type Bar = { date: string; open: number; high: number; low: number; close: number; volume: number }

const [cols] = generateUniverseBars(SAMPLE_UNIVERSE.slice(0, 1), { from: '2014-01-02', to: '2025-12-31' })
const years: Bar[] = cols!.dates.map((date, i) => ({
  date,
  open: cols!.open[i]!,
  high: cols!.high[i]!,
  low: cols!.low[i]!,
  close: cols!.close[i]!,
  volume: cols!.volume[i]!,
}))
const symbol = cols!.symbol
const page = (data: Bar[]) => ({ symbol, data, has_more: false, next_cursor: null })
const SMALL = {
  symbol,
  name: 'Synthetic Systems Inc.',
  sector: 'Technology',
  exchange: 'SYNTH',
  currency: 'USD',
}
const MID = page(years.slice(0, 250))

// one awaited microtask, as a route that awaits an already-cached read
const tick = (): Promise<void> => Promise.resolve()

const day0 = Date.UTC(1990, 0, 1)
function* manyBars(n: number): Generator<Bar> {
  for (let i = 0; i < n; i++) {
    const b = years[i % years.length]!
    yield { ...b, date: new Date(day0 + i * 86_400_000).toISOString().slice(0, 10) }
  }
}

function buildApp(kind: Kind): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.onError(
    kind === 'stack' || kind === 'legacy'
      ? onError
      : (err, c) => c.json({ error: { code: 'internal_error', message: err.message } }, 500),
  )
  // `ref`: the bare app plus one header-setting async middleware (request id), the shape every real route has
  if (kind === 'ref') app.use(requestId())
  const deps = {} as AppDeps
  if (kind === 'stack') {
    // exactly createApp's middleware section
    const monitor = createMonitor().start()
    app.use(
      requestContext({ deps, http: monitor.http, maxBodyBytes: 4 * 1024 * 1024, timeoutMs: 25_000, onError }),
    )
    app.use(respond())
  } else if (kind === 'legacy') {
    // createApp's eight layers before they were fused (bench/baselines/legacy-layers.ts)
    const monitor = createMonitor().start()
    for (const layer of legacyLayers({
      deps,
      http: monitor.http,
      maxBodyBytes: 4 * 1024 * 1024,
      timeoutMs: 25_000,
    }))
      app.use(layer)
  } else if (kind === 'hono') app.use(honoCompress())
  app.get('/small', (c) => c.json(SMALL))
  app.get('/small-async', async (c) => {
    await tick()
    return c.json(SMALL)
  })
  app.get('/mid', (c) => c.json(MID))
  app.get('/bars', (c) =>
    c.req.header('accept') === 'application/x-ndjson' ? ndjsonResponse(c, years) : c.json(page(years)),
  )
  app.get('/stream', (c) => ndjsonResponse(c, manyBars(Number(c.req.query('n')))))
  app.get('/array', (c) => c.json(page([...manyBars(Number(c.req.query('n')))])))
  app.get('/cpu', (c) => {
    const u = process.cpuUsage()
    return c.text(String(u.user + u.system))
  })
  app.get('/rss', (c) =>
    c.json({ maxRss: process.resourceUsage().maxRSS * 1024, rss: process.memoryUsage().rss }),
  )
  return app
}

if (process.argv[2] === 'serve') {
  const app = buildApp(process.argv[3] as Kind)
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`)
  })
  process.on('SIGTERM', () => {
    server.close()
    process.exit(0)
  })
} else {
  await main()
}

async function payload() {
  const app = buildApp('stack')
  const hono = buildApp('hono')
  const size = async (a: Hono<AppEnv>, path: string, headers: Record<string, string> = {}) => {
    const res = await a.request(path, { headers })
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
    return (await res.arrayBuffer()).byteLength
  }
  const nd = { accept: 'application/x-ndjson' }
  const out = {
    bars: years.length,
    json_identity: await size(app, '/bars'),
    json_gzip: await size(app, '/bars', { 'accept-encoding': 'gzip' }),
    json_br: await size(app, '/bars', { 'accept-encoding': 'br' }),
    json_hono_gzip: await size(hono, '/bars', { 'accept-encoding': 'gzip' }),
    fields_date_close_identity: await size(app, '/bars?fields=date,close'),
    fields_date_close_br: await size(app, '/bars?fields=date,close', { 'accept-encoding': 'br' }),
    ndjson_identity: await size(app, '/bars', nd),
    ndjson_br_streamed: await size(app, '/bars', { ...nd, 'accept-encoding': 'br' }),
    ndjson_gzip_streamed: await size(app, '/bars', { ...nd, 'accept-encoding': 'gzip' }),
  }
  // time to answer the 12-year JSON in-process, per coding (median of 7)
  const timeIt = async (headers: Record<string, string>) => {
    const xs: number[] = []
    for (let i = 0; i < 8; i++) {
      const t = performance.now()
      await size(app, '/bars', headers)
      if (i > 0) xs.push(performance.now() - t)
    }
    return round(median(xs), 2)
  }
  const ms = {
    identity_ms: await timeIt({}),
    gzip_ms: await timeIt({ 'accept-encoding': 'gzip' }),
    br_ms: await timeIt({ 'accept-encoding': 'br' }),
  }
  return { bytes: out, ms }
}

interface Case {
  name: string
  kind: Kind
  path: string
  headers: Record<string, string>
}

async function overhead(rounds: number, seconds: number) {
  const script = import.meta.filename
  const only = process.env.BENCH_CASES?.split(',')
  const browser = { 'accept-encoding': 'gzip, deflate, br' }
  const all: Case[] = [
    { name: 'small_bare', kind: 'bare', path: '/small', headers: browser },
    { name: 'small_ref', kind: 'ref', path: '/small', headers: browser },
    { name: 'small_stack', kind: 'stack', path: '/small', headers: browser },
    { name: 'small_legacy', kind: 'legacy', path: '/small', headers: browser },
    { name: 'small_async_bare', kind: 'bare', path: '/small-async', headers: browser },
    { name: 'small_async_stack', kind: 'stack', path: '/small-async', headers: browser },
    { name: 'mid_bare', kind: 'bare', path: '/mid', headers: browser },
    { name: 'mid_stack_br', kind: 'stack', path: '/mid', headers: browser },
    { name: 'mid_stack_gzip', kind: 'stack', path: '/mid', headers: { 'accept-encoding': 'gzip' } },
    { name: 'mid_hono_gzip', kind: 'hono', path: '/mid', headers: browser },
  ]
  const cases = all.filter((c) => !only || only.includes(c.name))
  const kinds = [...new Set(cases.map((c) => c.kind))]
  const servers = Object.fromEntries(
    await Promise.all(kinds.map(async (k) => [k, await startChild(script, ['serve', k])] as const)),
  ) as Record<Kind, Awaited<ReturnType<typeof startChild>>>
  const runs: Record<string, LoadResult[]> = Object.fromEntries(cases.map((c) => [c.name, []]))
  // server CPU (all threads, so zlib's pool counts) per request: steadier than requests/s on a shared machine
  const cpu: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.name, []]))
  const cpuOf = async (k: Kind) => Number(await (await fetch(`${servers[k].url}/cpu`)).text())
  try {
    for (const c of cases) await load(servers[c.kind].url + c.path, { seconds: 1, headers: c.headers })
    for (let r = 0; r < rounds; r++)
      for (const c of cases) {
        const before = await cpuOf(c.kind)
        const x = await load(servers[c.kind].url + c.path, { seconds, headers: c.headers })
        cpu[c.name]!.push(((await cpuOf(c.kind)) - before) / Math.max(1, x.rps * seconds))
        runs[c.name]!.push(x)
      }
  } finally {
    await Promise.all(kinds.map((k) => servers[k].stop()))
  }
  const bad = Object.values(runs)
    .flat()
    .reduce((n, x) => n + x.errors + x.non2xx, 0)
  if (bad > 0) throw new Error(`${bad} failed requests during the load runs`)
  const m = (name: string, k: keyof LoadResult) => median(runs[name]!.map((x) => x[k]))
  const res: Record<string, number> = {}
  for (const c of cases) {
    res[`${c.name}_rps`] = round(m(c.name, 'rps'), 0)
    res[`${c.name}_p99_ms`] = m(c.name, 'p99')
    res[`${c.name}_bytes`] = round(m(c.name, 'bytesPerReq'), 0)
    res[`${c.name}_cpu_us`] = round(median(cpu[c.name]!), 1)
  }
  return res
}

function drain(url: string): Promise<{ bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let bytes = 0
        let lines = 0
        res.on('data', (b: Buffer) => {
          bytes += b.byteLength
          for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++
        })
        res.on('end', () => resolve({ bytes, lines }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

async function rss(rounds: number, n: number) {
  const script = import.meta.filename
  const runs: { stream: number; array: number; idle: number; streamBytes: number; arrayBytes: number }[] = []
  const peak = async (url: string) =>
    ((await (await fetch(`${url}/rss`)).json()) as { maxRss: number }).maxRss
  for (let r = 0; r < rounds; r++) {
    const row = { stream: 0, array: 0, idle: 0, streamBytes: 0, arrayBytes: 0 }
    for (const mode of ['stream', 'array'] as const) {
      const s = await startChild(script, ['serve', 'stack'])
      try {
        row.idle = await peak(s.url)
        const got = await drain(`${s.url}/${mode}?n=${n}`)
        if (mode === 'stream' && got.lines !== n)
          throw new Error(`streamed ${got.lines} lines, expected ${n}`)
        row[mode] = await peak(s.url)
        row[mode === 'stream' ? 'streamBytes' : 'arrayBytes'] = got.bytes
      } finally {
        await s.stop()
      }
    }
    runs.push(row)
  }
  const mb = (k: keyof (typeof runs)[number]) => round(median(runs.map((x) => x[k])) / 2 ** 20, 1)
  return {
    idle_rss_mb: mb('idle'),
    stream_peak_rss_mb: mb('stream'),
    array_peak_rss_mb: mb('array'),
    stream_mb_sent: mb('streamBytes'),
    array_mb_sent: mb('arrayBytes'),
  }
}

async function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
  const seconds = Number(process.env.BENCH_SECONDS ?? 2)
  const rssRounds = Number(process.env.BENCH_RSS_ROUNDS ?? 5)
  const rssBars = Number(process.env.BENCH_RSS_BARS ?? 1_000_000)
  const sections = (process.env.BENCH_SECTIONS ?? 'payload,overhead,rss').split(',')
  const p = sections.includes('payload') ? await payload() : undefined
  if (p) console.error('payload', JSON.stringify(p))
  const o: Record<string, number> = sections.includes('overhead') ? await overhead(rounds, seconds) : {}
  console.error('overhead', JSON.stringify(o))
  const m = sections.includes('rss') ? await rss(rssRounds, rssBars) : undefined
  if (m) console.error('rss', JSON.stringify(m))
  const b = p?.bytes
  // ratios of the parts that ran (a partial run, BENCH_SECTIONS or BENCH_CASES, leaves the rest out)
  const ratio = (x: number | undefined, y: number | undefined) =>
    x === undefined || y === undefined ? undefined : round(x / y)
  const minus = (x: number | undefined, y: number | undefined) =>
    x === undefined || y === undefined ? undefined : round(x - y, 1)
  const ratios: Record<string, number | undefined> = {
    br_saving: b && round(1 - b.json_br / b.json_identity),
    gzip_saving: b && round(1 - b.json_gzip / b.json_identity),
    fields_saving: b && round(1 - b.fields_date_close_identity / b.json_identity),
    fields_br_saving: b && round(1 - b.fields_date_close_br / b.json_identity),
    ndjson_br_streamed_saving: b && round(1 - b.ndjson_br_streamed / b.ndjson_identity),
    small_stack_over_bare_rps: ratio(o.small_stack_rps, o.small_bare_rps),
    small_stack_over_bare_p99: ratio(o.small_stack_p99_ms, Math.max(1, o.small_bare_p99_ms ?? 1)),
    small_legacy_over_bare_rps: ratio(o.small_legacy_rps, o.small_bare_rps),
    small_stack_over_legacy_rps: ratio(o.small_stack_rps, o.small_legacy_rps),
    small_ref_over_bare_rps: ratio(o.small_ref_rps, o.small_bare_rps),
    small_stack_over_ref_rps: ratio(o.small_stack_rps, o.small_ref_rps),
    small_async_stack_over_async_bare_rps: ratio(o.small_async_stack_rps, o.small_async_bare_rps),
    small_stack_minus_bare_cpu_us: minus(o.small_stack_cpu_us, o.small_bare_cpu_us),
    small_legacy_minus_bare_cpu_us: minus(o.small_legacy_cpu_us, o.small_bare_cpu_us),
    small_stack_minus_ref_cpu_us: minus(o.small_stack_cpu_us, o.small_ref_cpu_us),
    small_async_stack_minus_async_bare_cpu_us: minus(o.small_async_stack_cpu_us, o.small_async_bare_cpu_us),
    mid_stack_gzip_over_hono_gzip_cpu: ratio(o.mid_stack_gzip_cpu_us, o.mid_hono_gzip_cpu_us),
    mid_stack_br_over_bare_rps: ratio(o.mid_stack_br_rps, o.mid_bare_rps),
    mid_stack_gzip_over_hono_gzip_rps: ratio(o.mid_stack_gzip_rps, o.mid_hono_gzip_rps),
    mid_stack_br_over_hono_gzip_rps: ratio(o.mid_stack_br_rps, o.mid_hono_gzip_rps),
    mid_stack_gzip_over_hono_gzip_p99: ratio(
      o.mid_stack_gzip_p99_ms,
      Math.max(1, o.mid_hono_gzip_p99_ms ?? 1),
    ),
    stream_over_array_peak_rss: m && round(m.stream_peak_rss_mb / m.array_peak_rss_mb),
  }
  report({
    name: 'api',
    rounds,
    secondsPerRound: seconds,
    connections: 32,
    rssRounds,
    rssBars,
    payloadBars: b?.bars,
    medians: {
      ...(b ? { payload_bytes: b } : {}),
      ...(p ? { payload_ms: p.ms } : {}),
      load: o,
      ...(m ? { rss: m } : {}),
    },
    ratios: Object.fromEntries(Object.entries(ratios).filter(([, v]) => v !== undefined)) as Record<
      string,
      number
    >,
  })
}
