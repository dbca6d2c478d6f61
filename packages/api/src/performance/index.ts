import type { Monitor } from '@supernova/metrics'
import { compressionStats } from '../middleware/compress.ts'
import { etagStats } from '../middleware/etag.ts'

export type { PerformanceOptions } from './options.ts'
export { liveSnapshot, operatorGuard, performanceRoutes } from './routes.ts'

const registered = new WeakSet<Monitor>()

/**
 * Registers the response-optimisation counters (compression, ETag) on the app's monitor, once per monitor.
 * The adapters' own metrics (database, cache, sentiment) are wired by the runtime that built them.
 */
export function registerResponseCounters(monitor: Monitor): void {
  if (registered.has(monitor)) return
  registered.add(monitor)
  addResponseCounters(monitor)
}

/** The response-optimisation middleware's process-wide counters, as windowed counter families. */
function addResponseCounters(monitor: Monitor) {
  monitor.addCounterSource({
    name: 'http_compression_total',
    help: 'Responses by compression outcome (coding, streamed, skipped as too small).',
    label: 'outcome',
    read: () => {
      const s = compressionStats()
      return { ...s.compressed, streamed: s.streamed, skipped_small: s.skippedSmall }
    },
  })
  monitor.addCounterSource({
    name: 'http_compression_bytes_total',
    help: 'Bytes of buffered bodies before (in) and after (out) compression.',
    label: 'stage',
    read: () => {
      const s = compressionStats()
      return { in: s.bytesIn, out: s.bytesOut }
    },
  })
  monitor.addCounterSource({
    name: 'http_compression_thread_total',
    help: "Buffered bodies compressed on the event loop (in_place: small ones, and larger ones of a lone request) or on zlib's thread pool (pool).",
    label: 'thread',
    read: () => {
      const s = compressionStats()
      return { in_place: s.inPlace, pool: s.pooled }
    },
  })
  monitor.addCounterSource({
    name: 'http_etag_total',
    help: 'Responses tagged with an ETag, and conditional requests answered 304.',
    label: 'outcome',
    read: () => {
      const s = etagStats()
      return { tagged: s.tagged, not_modified: s.notModified }
    },
  })
}
