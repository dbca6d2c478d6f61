import crypto from 'node:crypto'
import type { Context } from 'hono'
import { bufferBody, knownBodyOf } from './fields.ts'

// One-shot crypto.hash (Node >= 20.12) skips the Hash object; createHash is the fallback.
const oneShot = (crypto as { hash?: (alg: string, data: string | Uint8Array, enc: 'base64url') => string })
  .hash
const sha1 = oneShot
  ? (data: string | Uint8Array) => oneShot('sha1', data, 'base64url')
  : (data: string | Uint8Array) => crypto.createHash('sha1').update(data).digest('base64url')

// Two independent 32-bit multiply-xorshift lanes (cyrb53's mixing, both lanes kept): a 64-bit digest of the
// UTF-16 code units, several times cheaper than a native SHA-1 call on short bodies, where the call dominates.
function hash64(s: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return `${(h2 >>> 0).toString(36)}.${(h1 >>> 0).toString(36)}.${s.length.toString(36)}`
}

const SHORT = 1024

/**
 * Strong entity tag from the content: a 64-bit hash (plus length) of short text, SHA-1 (base64url) of anything
 * longer or binary. Same content, same tag; any change of content, a new one.
 */
export const contentEtag = (body: string | Uint8Array): string =>
  typeof body === 'string' && body.length < SHORT ? `"${hash64(body)}"` : `"${sha1(body)}"`

// Compression appends `-<coding>` to a strong tag (a strong validator must differ per content coding);
// conditional requests match with or without that suffix.
const CODING_SUFFIX = /-(?:br|gzip|deflate|zstd)"$/
const TAG = /(?:W\/)?"[^"]*"/g

/** The client's entity tag that matches `tag` (weak comparison, coding suffix ignored), if any. */
export function matchIfNoneMatch(header: string, tag: string): string | undefined {
  if (header.trim() === '*') return tag
  const ours = tag.replace(/^W\//, '')
  for (const m of header.matchAll(TAG)) {
    const theirs = m[0].replace(/^W\//, '')
    if (theirs === ours || theirs.replace(CODING_SUFFIX, '"') === ours) return m[0]
  }
  return undefined
}

/** Cache-Control policy: `private` when the answer depends on the caller, else `public`. */
export interface CachePolicy {
  scope: 'public' | 'private'
  /** Seconds a cache may reuse it without revalidating (default 0: revalidate each time with the ETag). */
  maxAge?: number
}

/** Renders a policy as a Cache-Control value. */
export const cacheControlValue = (p: CachePolicy): string =>
  p.maxAge && p.maxAge > 0
    ? `${p.scope}, max-age=${Math.floor(p.maxAge)}`
    : p.scope === 'private'
      ? 'private, no-cache'
      : 'public, max-age=0, must-revalidate'

/** Sets Cache-Control on the response a route is about to return. */
export function cacheControl(c: Context, policy: CachePolicy): void {
  c.header('Cache-Control', cacheControlValue(policy))
}

export interface EtagOptions {
  /** Paths whose answers are per user even without credentials in the request. */
  privatePaths?: RegExp
  /** max-age for public answers (default 0). */
  publicMaxAge?: number
  /** Content types never buffered for hashing (long-lived streams). */
  streamTypes?: RegExp
}

const DEFAULT_PRIVATE = /\/(?:me|users?|profiles?|watchlists?|portfolios?|alerts?|tasks?)(?:\/|$)/i
/** Content types that stream and are never buffered by our middleware. */
export const STREAM_TYPES = /^(?:text\/event-stream|application\/x-ndjson|application\/jsonl)\s*(?:;|$)/i

/** True when the answer depends on the caller: credentials in the request or a per-user path. */
export const dependsOnCaller = (c: Context, privatePaths: RegExp = DEFAULT_PRIVATE): boolean =>
  c.req.raw.headers.has('authorization') ||
  c.req.raw.headers.has('x-api-key') ||
  c.req.raw.headers.has('cookie') ||
  privatePaths.test(c.req.path)

const stats = { tagged: 0, notModified: 0 }

/** Process-wide ETag counters for metrics: answers tagged and conditional requests answered 304. */
export const etagStats = (): { tagged: number; notModified: number } => ({ ...stats })

const NOT_MODIFIED_HEADERS = ['cache-control', 'content-location', 'date', 'expires', 'vary', 'last-modified']

/** EtagOptions with every default filled in, resolved once per middleware. */
export interface EtagConfig {
  privatePaths: RegExp
  streamTypes: RegExp
  publicMaxAge: number
}

/** Fills in the defaults of EtagOptions. */
export const etagConfig = (options: EtagOptions = {}): EtagConfig => ({
  privatePaths: options.privatePaths ?? DEFAULT_PRIVATE,
  streamTypes: options.streamTypes ?? STREAM_TYPES,
  publicMaxAge: options.publicMaxAge ?? 0,
})

/**
 * The ETag step on `c.res` after the handler ran: synchronous when the body is known (made by `c.json`), a
 * promise only when an unknown body has to be read for hashing.
 */
export function applyEtag(c: Context, config: EtagConfig): void | Promise<void> {
  const method = c.req.method
  if ((method !== 'GET' && method !== 'HEAD') || c.res.status !== 200) return
  const res = c.res
  const headers = res.headers
  if (!headers.has('cache-control')) {
    const scope = dependsOnCaller(c, config.privatePaths) ? 'private' : 'public'
    headers.set(
      'Cache-Control',
      cacheControlValue({ scope, maxAge: scope === 'public' ? config.publicMaxAge : 0 }),
    )
  }
  const tag = headers.get('etag')
  if (tag) return conditional(c, res, tag)
  if (config.streamTypes.test(headers.get('content-type') ?? '')) return
  const k = knownBodyOf(res)
  if (k) return tagAndCheck(c, res, k.body)
  return bufferBody(c).then((b) => {
    if (b) tagAndCheck(c, c.res, b.body)
  })
}

function tagAndCheck(c: Context, res: Response, body: string | Uint8Array): void {
  const tag = contentEtag(body)
  res.headers.set('ETag', tag)
  stats.tagged++
  conditional(c, res, tag)
}

function conditional(c: Context, res: Response, tag: string): void {
  const inm = c.req.raw.headers.get('if-none-match')
  if (!inm) return
  const matched = matchIfNoneMatch(inm, tag)
  if (!matched) return
  const headers = new Headers({ ETag: matched })
  for (const h of NOT_MODIFIED_HEADERS) {
    const v = res.headers.get(h)
    if (v !== null) headers.set(h, v)
  }
  stats.notModified++
  c.res = undefined
  c.res = new Response(null, { status: 304, headers })
}
