import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'
import { taskCpuOf } from './tasks.ts'

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

  it('derives the deployment shape once', () => {
    expect(loadConfig({}).shape).toBe('embedded')
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db.internal/app' }).shape).toBe('cluster')
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).shape).toBe('cluster')
    // Upstash alone no longer means Lambda: only Lambda's own variable does
    expect(
      loadConfig({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' }).shape,
    ).toBe('embedded')
    expect(
      loadConfig({
        AWS_LAMBDA_FUNCTION_NAME: 'supernova-api',
        DATABASE_URL: 'postgres://u:p@ep-x.us-east-2.aws.neon.tech/db',
      }).shape,
    ).toBe('lambda')
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

  it('runs several server processes only on a shared database', () => {
    expect(loadConfig({}).WEB_CONCURRENCY).toBe(1)
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY: above 1 needs DATABASE_URL/)
    const c = loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' })
    expect([c.WEB_CONCURRENCY, c.shape]).toEqual([2, 'cluster'])
    expect(() => loadConfig({ WEB_CONCURRENCY: '0' })).toThrow(ConfigError)
  })

  it('reads the task threads’ priority: nice 0-19 and SCHED_IDLE, lowest by default', () => {
    expect(taskCpuOf(loadConfig({}))).toEqual({ threads: undefined, nice: 19, idle: true })
    expect(
      taskCpuOf(loadConfig({ TASK_CPU_THREADS: '2', TASK_CPU_NICE: '10', TASK_CPU_SCHED_IDLE: 'false' })),
    ).toEqual({ threads: 2, nice: 10, idle: false })
    expect(() => loadConfig({ TASK_CPU_NICE: '20' })).toThrow(/TASK_CPU_NICE/)
    expect(() => loadConfig({ TASK_CPU_NICE: '-1' })).toThrow(ConfigError)
  })

  it('keeps finished tasks 7 days by default, any other number of days, or for good with 0', () => {
    expect(loadConfig({}).TASK_RETENTION_DAYS).toBe(7)
    expect(loadConfig({ TASK_RETENTION_DAYS: '0.5' }).TASK_RETENTION_DAYS).toBe(0.5)
    expect(loadConfig({ TASK_RETENTION_DAYS: '0' }).TASK_RETENTION_DAYS).toBe(0)
    expect(() => loadConfig({ TASK_RETENTION_DAYS: '-1' })).toThrow(/TASK_RETENTION_DAYS/)
    expect(() => loadConfig({ TASK_RETENTION_DAYS: 'week' })).toThrow(ConfigError)
  })
})
