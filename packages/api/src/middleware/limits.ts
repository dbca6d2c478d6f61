import { AppError } from '@supernova/core'
import type { Context, Next } from 'hono'

/** 413 in the error envelope. */
export const payloadTooLarge = (max: number, got?: number): AppError =>
  new AppError('payload_too_large', `The request body exceeds ${max} bytes`, {
    details: [
      { field: 'body', message: got !== undefined ? `${got} bytes; at most ${max}` : `at most ${max} bytes` },
    ],
  })

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Checks the query length and a declared Content-Length (throwing the 414/413/400), synchronously. Returns the
 * body stream when it has no Content-Length and must be counted as it is read (see `countBody`).
 */
export function checkLimits(
  c: Context,
  maxBody: number,
  maxQuery: number,
): ReadableStream<Uint8Array> | undefined {
  const url = c.req.url
  const q = url.indexOf('?')
  if (q >= 0 && url.length - q - 1 > maxQuery) {
    throw new AppError('uri_too_long', `The query string exceeds ${maxQuery} characters`, {
      details: [{ field: 'query', message: `${url.length - q - 1} characters; at most ${maxQuery}` }],
    })
  }
  if (BODYLESS.has(c.req.method)) return undefined
  const declared = c.req.raw.headers.get('content-length')
  if (declared !== null) {
    const n = Number(declared)
    if (!/^\d+$/.test(declared.trim()))
      throw new AppError('bad_request', 'Invalid Content-Length header.', {
        details: [{ field: 'header.content-length', message: 'not a byte count' }],
      })
    if (n > maxBody) throw payloadTooLarge(maxBody, n)
    return undefined
  }
  return c.req.raw.body ?? undefined
}

/** Runs `next` with the request body counted as it is read: past `maxBody` the read fails and the answer is 413. */
export async function countBody(
  c: Context,
  next: Next,
  body: ReadableStream<Uint8Array>,
  maxBody: number,
): Promise<void> {
  let seen = 0
  let exceeded = false
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        seen += chunk.byteLength
        if (seen > maxBody) {
          exceeded = true
          ctl.error(payloadTooLarge(maxBody))
        } else ctl.enqueue(chunk)
      },
    }),
  )
  c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit)
  await next()
  // the handler saw a failed read (and may have mapped it to anything): the real answer is 413
  if (exceeded) throw payloadTooLarge(maxBody)
}
