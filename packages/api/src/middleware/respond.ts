import type { MiddlewareHandler } from 'hono'
import { applyCompression, type CompressOptions, compressConfig } from './compress.ts'
import { applyEtag, type EtagOptions, etagConfig } from './etag.ts'
import { applyFieldSelection, captureJson, requestedFields } from './fields.ts'

export interface RespondOptions {
  compress?: CompressOptions
  etag?: EtagOptions
}

/**
 * Field selection (`fields=a,b.c`; a malformed or unknown field is a 400), ETag/304 and compression as one
 * layer, applied in that order so the tag and the compressed bytes describe the selected body. One promise
 * frame instead of three (bench/baselines/legacy-layers.ts keeps the three-layer form as the benchmark's
 * baseline, tested byte-identical). Each step works on the in-memory body `c.json` made and is synchronous
 * unless a body must be read or compressed, so a small JSON answer costs a hash and a few header writes.
 */
export function respond(options: RespondOptions = {}): MiddlewareHandler {
  const zipping = compressConfig(options.compress)
  const tagging = etagConfig(options.etag)
  return async function respond(c, next) {
    captureJson(c)
    const tree = requestedFields(c) // a malformed list fails before the handler runs
    answering++
    try {
      await next()
      if (tree) {
        const p = applyFieldSelection(c, tree)
        if (p) await p
      }
      const t = applyEtag(c, tagging)
      if (t) await t
      const z = applyCompression(c, zipping, answering === 1)
      if (z) await z
    } finally {
      answering--
    }
  }
}

// Requests inside this layer, process-wide (every app in the process shares the event loop): a lone one has its
// larger body compressed in place (see ALONE_COMPRESS_MAX).
let answering = 0
