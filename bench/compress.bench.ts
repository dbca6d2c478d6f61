/**
 * `npm run bench -- compress`: whole-body compression of JSON bodies (1 KB to 200 KB) the two ways compressBuffer
 * can take: in place on the calling thread and through zlib's thread pool, gzip at the level the middleware picks
 * for the size. Per body: wall time and the event loop's busy time (what other requests wait for), medians over
 * BENCH_REPEATS batches of 200 (5); ratios pool / in place. compressBuffer compresses up to SYNC_COMPRESS_MAX in place.
 */
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { defaultLevel, SYNC_COMPRESS_MAX } from '@supernova/api'
import { median, report, round } from './lib.ts'

const repeats = Number(process.env.BENCH_REPEATS ?? 5)
const gzipPool = promisify(zlib.gzip)
const SIZES = [1_100, 4_000, 16_000, 64_000, 200_000]

/** A JSON body of about `size` bytes shaped like an equity curve. */
const bodyOf = (size: number) =>
  Buffer.from(
    JSON.stringify(
      Array.from({ length: Math.ceil(size / 45) }, (_, i) => ({
        date: `2020-0${1 + (i % 9)}-1${i % 10}`,
        value: 10_000 + Math.sin(i) * 1_000,
      })),
    ).slice(0, size),
  )

async function batch(fn: () => unknown): Promise<{ wall: number; loop: number }> {
  const e0 = performance.eventLoopUtilization()
  const t = performance.now()
  for (let i = 0; i < 200; i++) await fn()
  const e = performance.eventLoopUtilization(e0)
  return { wall: (performance.now() - t) / 200, loop: e.active / 200 }
}

const medians: Record<string, Record<string, number>> = {}
const ratios: Record<string, number> = {}
for (const size of SIZES) {
  const body = bodyOf(size)
  const level = defaultLevel('gzip', size, 'normal')
  const ways = {
    in_place: () => zlib.gzipSync(body, { level }),
    pool: () => gzipPool(body, { level }),
  }
  const runs: Record<string, { wall: number; loop: number }[]> = { in_place: [], pool: [] }
  for (const fn of Object.values(ways)) await batch(fn)
  for (let r = 0; r < repeats; r++) for (const [k, fn] of Object.entries(ways)) runs[k]!.push(await batch(fn))
  const m = (k: string, f: 'wall' | 'loop') => round(median(runs[k]!.map((x) => x[f])), 4)
  medians[`${size}B`] = {
    in_place_wall_ms: m('in_place', 'wall'),
    in_place_loop_ms: m('in_place', 'loop'),
    pool_wall_ms: m('pool', 'wall'),
    pool_loop_ms: m('pool', 'loop'),
  }
  ratios[`${size}B_pool_over_in_place_wall`] = round(m('pool', 'wall') / m('in_place', 'wall'), 3)
  ratios[`${size}B_pool_over_in_place_loop`] = round(m('pool', 'loop') / m('in_place', 'loop'), 3)
}
report({ name: 'compress', syncCompressMax: SYNC_COMPRESS_MAX, repeats, medians, ratios })
