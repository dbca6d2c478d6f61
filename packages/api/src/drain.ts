import type { Context } from 'hono'
import type { SSEStreamingApi } from 'hono/streaming'
import { drainingOf } from './ndjson.ts'

/** How long an EventSource waits before reconnecting after a `shutdown` event (the SSE `retry:` field). */
export const SSE_RETRY_MS = 1000

/**
 * Ends an SSE stream when the server starts draining: one `event: shutdown` with `retry:` (EventSource then
 * reconnects, with Last-Event-ID, to whichever instance answers), then the stream closes so the drain is not
 * held. Loops writing to the stream stop on `stream.closed`. Returns the unsubscribe.
 */
export function endSseOnDrain(c: Context, stream: SSEStreamingApi): () => void {
  const signal = drainingOf(c)
  if (!signal) return () => {}
  const end = () => {
    if (stream.closed || stream.aborted) return
    void stream
      .writeSSE({ event: 'shutdown', data: JSON.stringify({ resume: true }), retry: SSE_RETRY_MS })
      .finally(() => stream.close())
  }
  if (signal.aborted) end()
  else signal.addEventListener('abort', end, { once: true })
  return () => signal.removeEventListener('abort', end)
}
