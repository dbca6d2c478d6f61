import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('gives embedded defaults on an empty environment', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3000,
      SUPERNOVA_DATA_DIR: '.supernova',
      databaseDriver: 'pglite',
    })
  })

  it('picks the database driver from the URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db.internal/app' }).databaseDriver).toBe('pg')
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u:p@ep-x.us-east-2.aws.neon.tech/db' }).databaseDriver,
    ).toBe('neon-http')
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u:p@h/db', DATABASE_DRIVER: 'neon-ws' }).databaseDriver,
    ).toBe('neon-ws')
  })

  it('names the variable and what it expects on a bad value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(
      /PORT: expected an integer between 0 and 65535 \(got 'abc'\)/,
    )
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: expected a URL starting with postgres:/,
    )
    expect(() => loadConfig({ SEED_SAMPLE_DATA: 'maybe' })).toThrow(
      /SEED_SAMPLE_DATA: expected 'true' or 'false'/,
    )
  })

  it('reports every problem at once, including missing companions', () => {
    try {
      loadConfig({ DATABASE_DRIVER: 'pg', UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', PORT: '-1' })
      expect.unreachable()
    } catch (e) {
      const vars = (e as ConfigError).problems.map((p) => p.variable).sort()
      expect(vars).toEqual(['DATABASE_URL', 'PORT', 'UPSTASH_REDIS_REST_TOKEN'])
    }
  })
})
