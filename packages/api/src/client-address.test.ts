import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { clientIp, compileTrustProxy } from './client-address.ts'

const app = (trust: string) => {
  const a = new Hono()
  const t = compileTrustProxy(trust)
  a.get('/', (c) => c.text(clientIp(c, t)))
  return a
}
const ask = async (trust: string, peer: string | undefined, xff?: string) => {
  const env = peer ? { incoming: { socket: { remoteAddress: peer } } } : {}
  const res = await app(trust).request('/', { headers: xff ? { 'x-forwarded-for': xff } : {} }, env)
  return res.text()
}

describe('client address', () => {
  it('is the socket peer unless that peer is a trusted proxy', async () => {
    expect(await ask('', '10.1.2.3', '203.0.113.7')).toBe('10.1.2.3')
    expect(await ask('loopback', '127.0.0.1', '203.0.113.7')).toBe('203.0.113.7')
    expect(await ask('loopback', '10.1.2.3', '203.0.113.7')).toBe('10.1.2.3')
    // the nearest untrusted hop wins: a forged leftmost entry is ignored
    expect(await ask('loopback, 10.0.0.0/8', '127.0.0.1', '6.6.6.6, 203.0.113.7, 10.0.0.5')).toBe(
      '203.0.113.7',
    )
    expect(await ask('loopback', undefined)).toBe('unknown')
  })

  it('trusts a number of hops (CloudFront in front of a function URL: 1)', async () => {
    expect(await ask('1', '64.252.1.1', '6.6.6.6, 203.0.113.7')).toBe('203.0.113.7')
    expect(await ask('2', '64.252.1.1', '6.6.6.6, 203.0.113.7')).toBe('6.6.6.6')
    expect(await ask('0', '64.252.1.1', '203.0.113.7')).toBe('64.252.1.1')
  })

  it('reads the Lambda event source IP when there is no socket', async () => {
    const a = new Hono()
    a.get('/', (c) => c.text(clientIp(c)))
    const env = { event: { requestContext: { http: { sourceIp: '198.51.100.4' } } } }
    expect(await (await a.request('/', {}, env)).text()).toBe('198.51.100.4')
  })

  it('names a bad setting', () => {
    expect(() => compileTrustProxy('loopback, not-an-ip')).toThrow(/TRUST_PROXY: .*not-an-ip/)
  })
})
