import type { Context } from 'hono'
import { stream } from 'hono/streaming'
import { type FieldTree, projectFields, requestedFields, selectFields } from './middleware/fields.ts'

/** Media type of newline-delimited JSON. */
export const NDJSON = 'application/x-ndjson'

/** True when the client asks for NDJSON (`Accept: application/x-ndjson`, or `application/jsonl`). */
export const wantsNdjson = (c: Context): boolean =>
  /application\/(?:x-ndjson|jsonl)/i.test(c.req.header('accept') ?? '')

export interface NdjsonOptions {
  /** Rows are written in batches of about this many bytes (default 64 KiB): fewer writes, better compression. */
  batchBytes?: number
  /** Field selection for each row (default: this request's `fields=`). */
  fields?: FieldTree
  /** The cursor that resumes after a row, for the final `shutdown` line when the server drains mid-stream. */
  resumeAfter?: (row: unknown) => string
}

/** Ends streams when the server drains (AppDeps.draining), read lazily so ndjson stays usable on a bare context. */
export const drainingOf = (c: Context): AbortSignal | undefined =>
  (c.var as { deps?: { draining?: AbortSignal } }).deps?.draining

/** The last NDJSON line of a stream cut short by a shutdown: reconnect (to another instance) and resume. */
export function shutdownLine(cursor?: string): string {
  return `${JSON.stringify({ event: 'shutdown', resume: { retryAfterMs: 1000, ...(cursor ? { cursor } : {}) } })}\n`
}

/**
 * Streams rows as NDJSON with backpressure: each batch write waits until the client (or the compressor) has
 * taken the previous one, so rows are pulled from `rows` (e.g. keyset-paged database reads) no faster than
 * they leave and memory stays flat. `fields=` is checked on the first row before anything is sent (400 for
 * unknown fields); an error after the headers went out ends the stream with one `{"error":...}` line.
 */
export async function ndjsonResponse(
  c: Context,
  rows: AsyncIterable<unknown> | Iterable<unknown>,
  options: NdjsonOptions = {},
): Promise<Response> {
  const batchBytes = options.batchBytes ?? 64 * 1024
  const draining = drainingOf(c)
  const tree = options.fields ?? requestedFields(c)
  const it: AsyncIterator<unknown> | Iterator<unknown> =
    Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]()
  let first: IteratorResult<unknown>
  try {
    first = await it.next()
    if (tree && !first.done) selectFields(first.value, tree)
  } catch (e) {
    await it.return?.()
    throw e
  }
  c.header('Content-Type', NDJSON)
  return stream(c, async (s) => {
    // a write blocked on backpressure is not released when the client goes away (Node 20 web streams):
    // race it against the abort so the source is closed promptly
    const gone = new Promise<void>((resolve) => s.onAbort(resolve))
    // likewise when the server starts draining: the chunk stays queued, the loop then ends the stream
    let onDrain = () => {}
    const drained = new Promise<void>((resolve) => {
      onDrain = resolve
      if (draining?.aborted) resolve()
      else draining?.addEventListener('abort', onDrain, { once: true })
    })
    const write = (chunk: string) => Promise.race([s.write(chunk), gone, drained])
    let buf = ''
    let finished = false
    let last: unknown
    try {
      for (let r = first; !r.done; r = await it.next()) {
        if (draining?.aborted) {
          await write(buf + shutdownLine(last === undefined ? undefined : options.resumeAfter?.(last)))
          buf = ''
          break
        }
        last = r.value
        buf += `${JSON.stringify(tree ? projectFields(r.value, tree) : r.value)}\n`
        if (buf.length >= batchBytes) {
          await write(buf)
          buf = ''
          if (s.aborted) break
        }
      }
      finished = !s.aborted
      if (buf && finished) await write(buf)
    } catch (e) {
      if (buf) await write(buf)
      const message = e instanceof Error ? e.message : 'stream failed'
      await write(`${JSON.stringify({ error: { code: 'stream_error', message } })}\n`)
    } finally {
      draining?.removeEventListener('abort', onDrain)
      if (!finished) await it.return?.()
    }
  })
}

/**
 * Rows read in chunks by keyset: `fetchChunk(after, limit)` returns the rows after the key `after` (undefined
 * for the first chunk unless `start` is given) in key order. One chunk is in memory at a time.
 */
export async function* keysetRows<T, K>(
  fetchChunk: (after: K | undefined, limit: number) => Promise<readonly T[]>,
  keyOf: (row: T) => K,
  chunkSize = 2000,
  start?: K,
): AsyncGenerator<T> {
  let after: K | undefined = start
  for (;;) {
    const rows = await fetchChunk(after, chunkSize)
    yield* rows
    if (rows.length < chunkSize) return
    after = keyOf(rows[rows.length - 1]!)
  }
}
