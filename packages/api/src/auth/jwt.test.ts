import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPgliteDatabase } from '@supernova/db'
import { createTestAppDeps, withAppDeps } from '@supernova/testing'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { createAuthenticator } from './authenticator.ts'
import { createJwtVerifier } from './jwt.ts'

const SECRET = 's'.repeat(40)
let deps: Awaited<ReturnType<typeof createTestAppDeps>>
let jwksServer: Server
let jwksUrl: string
let jwksHits = 0
let privateKey: CryptoKey
const ISSUER = 'https://issuer.test/'
const AUDIENCE = 'supernova-api'

beforeAll(async () => {
  deps = await createTestAppDeps({ db: await createPgliteDatabase() })
  const pair = await generateKeyPair('RS256')
  privateKey = pair.privateKey
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  // A real HTTP server serving the key set, as an identity provider's /.well-known/jwks.json would.
  jwksServer = createServer((_req, res) => {
    jwksHits++
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }))
  })
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r))
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`
}, 120_000)
afterAll(async () => {
  await new Promise((r) => jwksServer.close(r))
  await deps.close()
})

const hs256 = (claims: Record<string, unknown>, o: { secret?: string; exp?: string | number } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'alice'))
    .setIssuedAt()
    .setExpirationTime(o.exp ?? '10m')
    .sign(new TextEncoder().encode(o.secret ?? SECRET))
const rs256 = (claims: Record<string, unknown>, o: { aud?: string; iss?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('erin')
    .setIssuer(o.iss ?? ISSUER)
    .setAudience(o.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(privateKey)

async function appWith(jwt: Parameters<typeof createJwtVerifier>[0]) {
  const verifier = await createJwtVerifier(jwt)
  const identity = {
    keys: deps.identity!.keys,
    auth: createAuthenticator({ keys: deps.identity!.keys, jwt: verifier, allowLocal: true }),
  }
  const app = createApp(withAppDeps(deps, { identity }))
  return (path: string, token?: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    })
}

describe('JWT bearer tokens', () => {
  it('HS256: sub is the owner, scope/scp the scopes; bad signatures and expired tokens answer 401', async () => {
    const req = await appWith({ secret: SECRET })
    // JWT configured: no local mode even on loopback
    expect((await req('/v1/watchlists')).status).toBe(401)
    const alice = await hs256({ sub: 'alice', scope: 'read write' })
    const created = await req('/v1/watchlists', alice, {
      method: 'POST',
      body: JSON.stringify({ name: 'jwt' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    expect((await req(`/v1/watchlists/${id}`, alice)).status).toBe(200)
    // another subject is another owner
    expect((await req(`/v1/watchlists/${id}`, await hs256({ sub: 'bob', scope: 'read' }))).status).toBe(404)
    // scp as an array; a token without write cannot write
    const reader = await hs256({ sub: 'alice', scp: ['read'] })
    expect((await req(`/v1/watchlists/${id}`, reader)).status).toBe(200)
    expect((await req(`/v1/watchlists/${id}`, reader, { method: 'DELETE' })).status).toBe(403)
    // no scope claim at all: the configured default (read, write)
    expect((await req(`/v1/watchlists/${id}`, await hs256({ sub: 'alice' }))).status).toBe(200)
    const forged = await req('/v1/watchlists', await hs256({ sub: 'alice' }, { secret: 'x'.repeat(40) }))
    expect(forged.status).toBe(401)
    expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const expired = await req(
      '/v1/watchlists',
      await hs256({ sub: 'alice' }, { exp: Math.floor(Date.now() / 1000) - 60 }),
    )
    expect(expired.status).toBe(401)
    const body = (await expired.json()) as { error: { message: string; details: { reason: string } } }
    expect(body.error.details.reason).toBe('expired')
    expect(body.error.message).toMatch(/sign in again/)
  })

  it('JWKS: verifies RS256 tokens from the issuer’s key set, checking issuer and audience', async () => {
    const req = await appWith({ jwksUrl, issuer: ISSUER, audience: AUDIENCE })
    const token = await rs256({ scope: 'read' })
    expect((await req('/v1/watchlists', token)).status).toBe(200)
    expect(
      (await req('/v1/watchlists', await rs256({ scope: 'read' }, { aud: 'someone-else' }))).status,
    ).toBe(401)
    expect(
      (await req('/v1/watchlists', await rs256({ scope: 'read' }, { iss: 'https://evil.test/' }))).status,
    ).toBe(401)
    // an HS256 token is refused when only a JWKS is configured (no algorithm confusion)
    expect((await req('/v1/watchlists', await hs256({ sub: 'erin' }))).status).toBe(401)
    expect(jwksHits).toBeGreaterThanOrEqual(1)
  })

  it('answers 503, not 401, when the issuer’s key set cannot be fetched', async () => {
    const dead = createServer()
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r))
    const port = (dead.address() as AddressInfo).port
    await new Promise((r) => dead.close(r))
    const req = await appWith({
      jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
      issuer: ISSUER,
      audience: AUDIENCE,
    })
    const res = await req('/v1/watchlists', await rs256({ scope: 'read' }))
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable')
  })
})
