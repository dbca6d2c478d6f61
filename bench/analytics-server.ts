/**
 * Child process of `bench/analytics.bench.ts`: one fresh server (startServer, as `npm start`) over the seeded data
 * directory given as the last argument, run through scripts/start.mjs as `npm start` runs the server (bundled, with its
 * node flags); BENCH_CLEAR_L3=1 empties the cache's SQL table first, so that every history is a miss. Prints
 * `READY <url> <json>` on stdout once listening, then serves until stdin closes. BENCH_PROFILE=file writes a CPU
 * profile of everything after READY (the requests) to that file. A `cpu` line on stdin answers `CPU <ms>`: the
 * process's CPU time so far.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { createInterface } from 'node:readline'
import { loadConfig } from '@supernova/runtime'
import { startServer } from '@supernova/server'

const t0 = performance.now()
// the last argument: run as `node scripts/start.mjs bench/analytics-server.ts DIR` (bundled, as npm start runs)
const dir = process.argv.at(-1)!
const config = loadConfig({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  SUPERNOVA_DATA_DIR: dir,
  SEED_SAMPLE_DATA: 'false',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  TICKS_PER_SECOND: '0',
  ALERTS_EVALUATE_EVERY_MS: '0',
  // cold means nothing preloaded: the start-up history preload (20 symbols by default) would serve the first reads
  WARMUP_HISTORY_SYMBOLS: process.env.WARMUP_HISTORY_SYMBOLS ?? '0',
})
const running = await startServer(config)
// what an earlier server wrote to L3 would make this start's reads cache hits
if (process.env.BENCH_CLEAR_L3 === '1') await running.runtime.deps.db.query('delete from cache_entries')
const startMs = performance.now() - t0
// lets background start-up work (cache warmers) finish before the first request, when profiling one
if (process.env.BENCH_SETTLE_MS) await new Promise((r) => setTimeout(r, Number(process.env.BENCH_SETTLE_MS)))

const profile = process.env.BENCH_PROFILE
const session = profile ? new Session() : undefined
const post = (method: string, params: object = {}) =>
  new Promise<unknown>((resolve, reject) =>
    session!.post(method, params, (err, v) => (err ? reject(err) : resolve(v))),
  )
if (session) {
  session.connect()
  await post('Profiler.enable')
  await post('Profiler.setSamplingInterval', { interval: 200 })
  await post('Profiler.start')
}
process.stdout.write(`READY ${running.url} ${JSON.stringify({ startMs })}\n`)
process.stdin.resume()
// `cpu` on stdin: this process's CPU time so far (user + system, ms), which other processes on a shared machine
// do not inflate the way they inflate wall time
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'cpu') return
  const u = process.cpuUsage()
  process.stdout.write(`CPU ${(u.user + u.system) / 1000}\n`)
})
process.stdin.on('end', async () => {
  if (session) {
    const { profile: p } = (await post('Profiler.stop')) as { profile: unknown }
    writeFileSync(profile!, JSON.stringify(p))
  }
  await running.shutdown(0)
  process.exit(0)
})
