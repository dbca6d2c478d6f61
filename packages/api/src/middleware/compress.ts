import zlib from 'node:zlib'
import { readEventLoopDelay, startEventLoopMonitor } from '@supernova/metrics'
import type { Context } from 'hono'
import { STREAM_TYPES } from './etag.ts'
import { bufferBody, byteLength, type KnownBody, knownBodyOf } from './fields.ts'

/** A content coding we can produce. */
export type Encoding = 'zstd' | 'br' | 'gzip' | 'deflate'

/** How busy the process is, from event-loop delay: levels drop as load rises. */
export type Load = 'normal' | 'busy' | 'overloaded'

type ZstdZlib = typeof zlib & {
  zstdCompress?: (buf: Uint8Array, opts: object, cb: (err: Error | null, out: Buffer) => void) => void
  zstdCompressSync?: (buf: Uint8Array, opts: object) => Buffer
  createZstdCompress?: (opts: object) => zlib.BrotliCompress
}
const z = zlib as ZstdZlib
const C = zlib.constants as typeof zlib.constants & Record<string, number>

/** Codings this runtime can produce (zstd only where node:zlib has it, Node >= 22.15). */
export const availableEncodings: readonly Encoding[] =
  typeof z.createZstdCompress === 'function' && typeof z.zstdCompress === 'function'
    ? ['br', 'zstd', 'gzip', 'deflate']
    : ['br', 'gzip', 'deflate']

const cache = new Map<string, Encoding | null>()

/** Counters for metrics: responses compressed per coding and the bytes before and after (buffered bodies). */
export interface CompressionStats {
  compressed: Record<Encoding, number>
  streamed: number
  skippedSmall: number
  bytesIn: number
  bytesOut: number
  /** Buffered bodies compressed on the event loop (small ones, and larger ones of a lone request). */
  inPlace: number
  /** Buffered bodies compressed on zlib's thread pool. */
  pooled: number
}

const stats: CompressionStats = {
  compressed: { br: 0, zstd: 0, gzip: 0, deflate: 0 },
  streamed: 0,
  skippedSmall: 0,
  bytesIn: 0,
  bytesOut: 0,
  inPlace: 0,
  pooled: 0,
}

/** A snapshot of the process-wide compression counters. */
export const compressionStats = (): CompressionStats => ({ ...stats, compressed: { ...stats.compressed } })

/**
 * Picks the coding by Accept-Encoding q-values (`*` included); ties go to the server's order. Undefined means
 * identity. Parsed results are memoised per header value (clients send few distinct ones).
 */
export function negotiateEncoding(
  header: string | undefined,
  offered: readonly Encoding[] = availableEncodings,
): Encoding | undefined {
  if (!header) return undefined
  const memo = offered === availableEncodings ? cache.get(header) : undefined
  if (memo !== undefined) return memo ?? undefined
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';')
    const token = name?.trim().toLowerCase()
    if (!token) continue
    let weight = 1
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)
      if (m) weight = Math.min(1, Number(m[1]) || 0)
    }
    q.set(token, Math.max(q.get(token) ?? 0, weight))
  }
  const star = q.get('*')
  let best: Encoding | undefined
  let bestQ = 0
  for (const enc of offered) {
    const w = q.get(enc) ?? star ?? 0
    if (w > bestQ) {
      best = enc
      bestQ = w
    }
  }
  if (offered === availableEncodings) {
    if (cache.size > 256) cache.clear()
    cache.set(header, best ?? null)
  }
  return best
}

// Event-loop delay, sampled lazily (at most once a second) so no timer of ours keeps a Lambda busy.
let histogram: ReturnType<typeof startEventLoopMonitor> | undefined
let sampledAt = 0
let load: Load = 'normal'
let lastP99Ms = 0

/** Current load class from the p99 event-loop delay (beyond the monitor's tick) of the last sampling window. */
export function currentLoad(now = Date.now()): Load {
  if (!histogram) {
    histogram = startEventLoopMonitor()
    sampledAt = now
    return load
  }
  if (now - sampledAt >= 1000) {
    lastP99Ms = readEventLoopDelay(histogram).p99
    histogram.reset()
    sampledAt = now
    load = lastP99Ms > 100 ? 'overloaded' : lastP99Ms > 25 ? 'busy' : 'normal'
  }
  return load
}

/** p99 event-loop delay (ms) of the last sampling window, for metrics. */
export const eventLoopDelayP99Ms = (): number => lastP99Ms

/**
 * Default level: higher for small bodies (cheap, and ratio matters most per byte there), lower for big ones,
 * one lower when the event loop lags and the fastest when it is overloaded. Measured on bars JSON: brotli 3
 * costs what gzip 5 costs and is a little smaller, brotli 2 beats 3 and 4 on 300 KB, brotli 5 costs 2-3x for
 * under 8% fewer bytes; gzip 5 is within 1% of gzip 6 at 2/3 of its cost.
 * Streams use the big-body levels.
 */
export function defaultLevel(enc: Encoding, size: number, l: Load): number {
  if (l === 'overloaded') return 1
  const tier = size < 64 * 1024 ? 0 : size < 1024 * 1024 ? 1 : 2
  const table: Record<Encoding, readonly number[]> = {
    br: [3, 2, 2],
    zstd: [5, 3, 2],
    gzip: [5, 4, 3],
    deflate: [5, 4, 3],
  }
  const level = table[enc][tier]!
  return l === 'busy' ? Math.max(1, level - 1) : level
}

// The window is sized to the body: brotli's default 4 MiB window made each small compression allocate and
// clear megabytes, doubling its cost per response; a stream gets 256 KiB.
const brotliParams = (level: number, size?: number): Record<number, number> => ({
  [C.BROTLI_PARAM_QUALITY]: level,
  [C.BROTLI_PARAM_MODE]: C.BROTLI_MODE_TEXT,
  [C.BROTLI_PARAM_LGWIN]:
    size === undefined ? 18 : Math.min(22, Math.max(16, Math.ceil(Math.log2(size + 1)))),
  ...(size !== undefined ? { [C.BROTLI_PARAM_SIZE_HINT]: size } : {}),
})

/**
 * Bodies up to this size are compressed on the calling thread (`npm run bench -- compress`, gzip at the
 * middleware's level): a 1-4 KB body costs 0.07-0.08 ms in place against 0.17-0.24 ms of event-loop time (stream
 * and handle set-up, the callback) and 0.18-0.27 ms of wall through the thread pool; from about 16 KB the pool
 * takes less of the event loop (64 KB: 0.47 against 2.7 ms).
 */
export const SYNC_COMPRESS_MAX = 8 * 1024

/**
 * Bodies up to this size are compressed on the calling thread as well when their request is the only one the
 * server is answering (`respond`'s count): no other request waits for the event loop meanwhile, and the answer
 * leaves at once instead of waiting for the pool's callback behind the request's own follow-up work (the
 * write-behind result row, a GC). A 12-year backtest's 190 KB answer: 2 ms of gzip in place; with curl the lone
 * request took 9.5 ms through the pool against 4.8 in place (medians of 31). Above it (the big-body levels' tier),
 * or with other requests in flight, the pool keeps the event loop for them.
 */
export const ALONE_COMPRESS_MAX = 1024 * 1024

/**
 * Compresses a whole body: in place up to `inPlaceMax` bytes (default SYNC_COMPRESS_MAX), larger ones off the
 * main thread (zlib's thread pool).
 */
export function compressBuffer(
  enc: Encoding,
  body: string | Uint8Array,
  level: number,
  inPlaceMax = SYNC_COMPRESS_MAX,
): Promise<Buffer> {
  const input = typeof body === 'string' ? Buffer.from(body) : body
  if (input.byteLength <= inPlaceMax && (enc !== 'zstd' || z.zstdCompressSync)) {
    try {
      const out = compressSync(enc, input, level)
      stats.inPlace++
      return Promise.resolve(out)
    } catch (err) {
      return Promise.reject(err)
    }
  }
  stats.pooled++
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out))
    if (enc === 'br') zlib.brotliCompress(input, { params: brotliParams(level, input.byteLength) }, done)
    else if (enc === 'gzip') zlib.gzip(input, { level }, done)
    else if (enc === 'deflate') zlib.deflate(input, { level }, done)
    else if (z.zstdCompress) z.zstdCompress(input, { params: { [C.ZSTD_c_compressionLevel!]: level } }, done)
    else reject(new Error('zstd is not available in this runtime'))
  })
}

function compressSync(enc: Encoding, input: Uint8Array, level: number): Buffer {
  if (enc === 'br') return zlib.brotliCompressSync(input, { params: brotliParams(level, input.byteLength) })
  if (enc === 'gzip') return zlib.gzipSync(input, { level })
  if (enc === 'deflate') return zlib.deflateSync(input, { level })
  return z.zstdCompressSync!(input, { params: { [C.ZSTD_c_compressionLevel!]: level } })
}

/** A zlib transform that flushes after every write, so each chunk (an SSE event, an NDJSON batch) goes out now. */
export function createCompressor(
  enc: Encoding,
  level: number,
): zlib.Gzip | zlib.BrotliCompress | zlib.Deflate {
  if (enc === 'br')
    return zlib.createBrotliCompress({ flush: C.BROTLI_OPERATION_FLUSH, params: brotliParams(level) })
  if (enc === 'gzip') return zlib.createGzip({ level, flush: C.Z_SYNC_FLUSH })
  if (enc === 'deflate') return zlib.createDeflate({ level, flush: C.Z_SYNC_FLUSH })
  if (!z.createZstdCompress) throw new Error('zstd is not available in this runtime')
  return z.createZstdCompress({ flush: C.ZSTD_e_flush, params: { [C.ZSTD_c_compressionLevel!]: level } })
}

/**
 * Compresses a web stream chunk by chunk with pull-based backpressure: the source is read only when the
 * consumer wants more, and every chunk is flushed through so streamed events are not held back.
 */
export function compressStream(
  source: ReadableStream<Uint8Array>,
  enc: Encoding,
  level: number,
): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  const zs = createCompressor(enc, level)
  let pending: Buffer[] = []
  let failure: Error | undefined
  zs.on('data', (b: Buffer) => pending.push(b))
  zs.on('error', (e) => {
    failure = e
  })
  const take = (): Uint8Array | undefined => {
    if (pending.length === 0) return undefined
    const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending)
    pending = []
    return out
  }
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) {
          await new Promise<void>((resolve) => {
            zs.once('end', resolve)
            zs.once('error', () => resolve())
            zs.end()
          })
          if (failure) return controller.error(failure)
          const rest = take()
          if (rest) controller.enqueue(rest)
          return controller.close()
        }
        if (!value || value.byteLength === 0) continue
        await new Promise<void>((resolve) => zs.write(value, () => resolve()))
        if (failure) return controller.error(failure)
        const out = take()
        if (out) return controller.enqueue(out)
      }
    },
    async cancel(reason) {
      zs.destroy()
      await reader.cancel(reason)
    },
  })
}

/** Content types worth compressing (text, JSON, NDJSON, SSE, XML, JS, SVG). */
export const COMPRESSIBLE =
  /^\s*(?:text\/[\w.+-]+|application\/(?:[\w.+-]+\+)?(?:json|xml)|application\/(?:x-ndjson|jsonl|javascript|ecmascript|x-javascript|graphql|x-www-form-urlencoded|yaml|toml|wasm)|image\/svg\+xml|[\w-]+\/[\w.-]+\+(?:json|xml|text|yaml))\s*(?:;|$)/i

export interface CompressOptions {
  /** Bodies smaller than this many bytes go out as they are (default 1024: below one TCP segment, compressing
   * cannot save a packet and costs a round trip to the thread pool). */
  threshold?: number
  /** Codings offered, in server preference for equal q (default: all the runtime has, br first). */
  encodings?: readonly Encoding[]
  /** Level for a coding, a body size (or undefined for a stream) and the current load. */
  level?: (enc: Encoding, size: number | undefined, load: Load) => number
  /** Content types to compress (default COMPRESSIBLE). */
  compressible?: RegExp
  /** Content types compressed as they stream, never buffered (default SSE and NDJSON). */
  streamTypes?: RegExp
}

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i
const VARY_AE = /(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i
const STRONG = /^"[^"]*"$/

const addVary = (headers: Headers): void => {
  const vary = headers.get('vary')
  if (!vary) headers.set('Vary', 'Accept-Encoding')
  else if (!VARY_AE.test(vary)) headers.set('Vary', `${vary}, Accept-Encoding`)
}

const tagWithCoding = (headers: Headers, enc: Encoding): void => {
  const tag = headers.get('etag')
  if (tag && STRONG.test(tag)) headers.set('ETag', `${tag.slice(0, -1)}-${enc}"`)
}

const replace = (c: Context, res: Response): void => {
  c.res = undefined
  c.res = res
}

/** CompressOptions with every default filled in, resolved once per middleware. */
export interface CompressConfig {
  threshold: number
  offered: readonly Encoding[]
  levelFor: (enc: Encoding, size: number | undefined, load: Load) => number
  compressible: RegExp
  streamTypes: RegExp
}

/** Fills in the defaults of CompressOptions. */
export const compressConfig = (options: CompressOptions = {}): CompressConfig => ({
  threshold: options.threshold ?? 1024,
  offered: options.encodings ?? availableEncodings,
  levelFor: options.level ?? ((enc, size, l) => defaultLevel(enc, size ?? Number.POSITIVE_INFINITY, l)),
  compressible: options.compressible ?? COMPRESSIBLE,
  streamTypes: options.streamTypes ?? STREAM_TYPES,
})

/**
 * The compression step on `c.res` after the handler ran: synchronous for everything it skips (tiny known
 * bodies first, without reading a header) and for streams; a promise only when a body is buffered or compressed.
 * `alone`: no other request is being answered, so a body up to ALONE_COMPRESS_MAX is compressed in place.
 */
export function applyCompression(c: Context, config: CompressConfig, alone = false): void | Promise<void> {
  const res = c.res
  const status = res.status
  if (status === 304) {
    if (res.headers.has('etag')) addVary(res.headers)
    return
  }
  const threshold = config.threshold
  const k = knownBodyOf(res)
  // a UTF-16 length this small is under the threshold in any encoding: the representation cannot depend on
  // Accept-Encoding, so skip it without even reading the headers
  if (k && typeof k.body === 'string' && k.body.length * 3 < threshold) {
    stats.skippedSmall++
    return
  }
  const headers = res.headers
  const type = headers.get('content-type')
  if (!type || !config.compressible.test(type) || status === 204 || status === 206 || status < 200) return
  if (headers.has('content-encoding') || headers.has('content-range')) return
  const cc = headers.get('cache-control')
  if (cc && NO_TRANSFORM.test(cc)) return
  addVary(headers)
  const reqHeaders = c.req.raw.headers
  if (c.req.method === 'HEAD' || reqHeaders.has('range')) return
  const enc = negotiateEncoding(reqHeaders.get('accept-encoding') ?? undefined, config.offered)
  if (!enc) return
  const declared = headers.get('content-length')
  if (declared !== null && Number(declared) < threshold) return

  if (config.streamTypes.test(type)) {
    if (!res.body) return
    const out = new Headers(headers)
    out.delete('content-length')
    out.set('Content-Encoding', enc)
    tagWithCoding(out, enc)
    stats.compressed[enc]++
    stats.streamed++
    replace(
      c,
      new Response(compressStream(res.body, enc, config.levelFor(enc, undefined, currentLoad())), {
        status,
        headers: out,
      }),
    )
    return
  }
  return compressBuffered(c, config, enc, status, k, alone)
}

async function compressBuffered(
  c: Context,
  config: CompressConfig,
  enc: Encoding,
  status: number,
  k: KnownBody | undefined,
  alone: boolean,
): Promise<void> {
  const buffered = k ?? (await bufferBody(c))
  if (!buffered) return
  const size = byteLength(buffered.body)
  if (size < config.threshold) {
    stats.skippedSmall++
    return
  }
  const compressed = await compressBuffer(
    enc,
    buffered.body,
    config.levelFor(enc, size, currentLoad()),
    alone ? ALONE_COMPRESS_MAX : SYNC_COMPRESS_MAX,
  )
  if (compressed.byteLength >= size) return
  stats.compressed[enc]++
  stats.bytesIn += size
  stats.bytesOut += compressed.byteLength
  const out = new Headers(c.res.headers)
  out.set('Content-Encoding', enc)
  out.set('Content-Length', String(compressed.byteLength))
  tagWithCoding(out, enc)
  replace(c, new Response(compressed as Uint8Array<ArrayBuffer>, { status, headers: out }))
}
