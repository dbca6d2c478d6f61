import type { Context } from 'hono'
import proxyaddr from 'proxy-addr'

/** Decides whether the hop at `addr` (i = 0 is the socket peer) is a proxy whose X-Forwarded-For entry is believed. */
export type TrustProxy = (addr: string, i: number) => boolean

/** The default: no proxy is trusted, X-Forwarded-For is ignored and the socket peer is the client. */
export const TRUST_NONE: TrustProxy = () => false

/**
 * Compiles a TRUST_PROXY setting the way Express does (proxy-addr): '' trusts nobody; a number N trusts the N
 * nearest hops (CloudFront in front of a function URL: 1); otherwise a comma-separated list of addresses, CIDR
 * ranges or the names loopback, linklocal, uniquelocal (nginx on the same machine: loopback).
 * Throws an Error naming the bad entry.
 */
export function compileTrustProxy(spec: string): TrustProxy {
  const s = spec.trim()
  if (s === '' || s === '0') return TRUST_NONE
  if (/^\d+$/.test(s)) {
    const hops = Number(s)
    return (_addr, i) => i < hops
  }
  const list = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
  try {
    return proxyaddr.compile(list)
  } catch (err) {
    throw new Error(
      `TRUST_PROXY: ${(err as Error).message}; expected a hop count or addresses/CIDR ranges such as loopback,10.0.0.0/8`,
    )
  }
}

/** The address of the machine that opened the connection: the Node socket, or the Lambda event's source IP. */
function peerAddress(c: Context): string | undefined {
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } }
        event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } }
      }
    | undefined
  return (
    env?.incoming?.socket?.remoteAddress ??
    env?.event?.requestContext?.http?.sourceIp ??
    env?.event?.requestContext?.identity?.sourceIp
  )
}

/**
 * The caller's address: the socket peer, or, when that peer is a trusted proxy, the nearest untrusted address in
 * X-Forwarded-For (so a client cannot pick its own address by sending the header). 'unknown' when neither exists.
 */
export function clientIp(c: Context, trust: TrustProxy = TRUST_NONE): string {
  const peer = peerAddress(c)
  if (!peer) return 'unknown'
  if (trust === TRUST_NONE) return peer
  const forwarded = c.req.header('x-forwarded-for')
  const shim = { socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }
  return proxyaddr(shim as unknown as Parameters<typeof proxyaddr>[0], trust)
}
