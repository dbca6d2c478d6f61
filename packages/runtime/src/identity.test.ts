import { createPgliteDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'
import { createIdentityFor, isLoopbackHost, requireAuthentication, StartupRefusedError } from './identity.ts'

let db: SqlDatabase
beforeAll(async () => {
  db = await createPgliteDatabase()
  await migrate(db)
}, 120_000)
afterAll(() => db.close())

describe('identity wiring', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'])
      expect(isLoopbackHost(h)).toBe(true)
    for (const h of ['0.0.0.0', '::', '10.0.0.5', 'example.com', '128.0.0.1'])
      expect(isLoopbackHost(h)).toBe(false)
  })

  it('refuses beyond loopback and on Lambda with no keys or JWT, and allows local mode only on loopback', async () => {
    const loopback = loadConfig({})
    const local = await createIdentityFor(loopback, db)
    expect(local.description).toMatch(/^local mode/)
    await expect(requireAuthentication(loopback, local.identity)).resolves.toBeUndefined()

    const open = loadConfig({ HOST: '0.0.0.0' })
    const opened = await createIdentityFor(open, db)
    expect(await opened.identity.auth.localMode()).toBe(false)
    await expect(requireAuthentication(open, opened.identity)).rejects.toThrow(/0\.0\.0\.0.*\n.*npm run keys/)

    const lambda = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'api' })
    const onLambda = await createIdentityFor(lambda, db)
    const err = await requireAuthentication(lambda, onLambda.identity).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StartupRefusedError)
    expect((err as Error).message).toMatch(/AWS Lambda[\s\S]*JWT_SECRET/)
    expect((err as Error).message).not.toContain('HOST=')

    const jwt = loadConfig({ HOST: '0.0.0.0', JWT_SECRET: 'j'.repeat(32) })
    const withJwt = await createIdentityFor(jwt, db)
    expect(withJwt.description).toMatch(/JWT \(HS256 shared secret\)/)
    await expect(requireAuthentication(jwt, withJwt.identity)).resolves.toBeUndefined()

    // A trusted reverse proxy forwards other machines' requests over loopback: no local mode behind it.
    const proxied = loadConfig({ TRUST_PROXY: 'loopback' })
    const behind = await createIdentityFor(proxied, db)
    expect(await behind.identity.auth.localMode()).toBe(false)
    await expect(requireAuthentication(proxied, behind.identity)).rejects.toThrow(/TRUST_PROXY=loopback/)
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY: expected a hop count/)

    await opened.identity.keys.create({ owner: 'alice', scopes: ['read'] })
    await expect(requireAuthentication(open, opened.identity)).resolves.toBeUndefined()
    expect((await createIdentityFor(loopback, db)).description).toMatch(/^API keys/)
  })

  it('names the missing issuer and audience when a JWKS URL is set alone', () => {
    const err = (() => {
      try {
        loadConfig({ JWT_JWKS_URL: 'https://issuer.example/.well-known/jwks.json' })
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).problems.map((p) => p.variable)).toEqual(['JWT_ISSUER', 'JWT_AUDIENCE'])
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: expected at least 32/)
  })
})
