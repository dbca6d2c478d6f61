import { createApp } from '@supernova/api'
import { createPgliteDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAppDeps } from './deps.ts'
import { createLogger } from './logger.ts'

/** A pino destination that keeps the JSON lines it is given. */
function capture() {
  const lines: Record<string, unknown>[] = []
  return {
    lines,
    stream: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  }
}

describe('createLogger', () => {
  it('honours LOG_LEVEL: events below it are dropped, silent drops all', () => {
    const warn = capture()
    const log = createLogger({ LOG_LEVEL: 'warn' }, warn.stream)
    log.info({ step: 1 }, 'below the level')
    log.warn({ step: 2 }, 'at the level')
    log.child({ requestId: 'r1' }).error({ step: 3 }, 'above it, from a child')
    expect(warn.lines.map((l) => l.msg)).toEqual(['at the level', 'above it, from a child'])
    expect(warn.lines[1]).toMatchObject({ level: 50, requestId: 'r1', step: 3 })

    const silent = capture()
    const quiet = createLogger({ LOG_LEVEL: 'silent' }, silent.stream)
    quiet.error({ step: 4 }, 'dropped')
    quiet.child({ requestId: 'r2' }).error({ step: 5 }, 'dropped too')
    expect(silent.lines).toEqual([])
  })
})

describe('error logging through the app', () => {
  let db: SqlDatabase
  beforeAll(async () => {
    db = await createPgliteDatabase()
    await migrate(db) // authentication reads api_keys before any route runs
  })
  afterAll(() => db.close())

  it('logs an unexpected error once, with the request id the client sent and got back', async () => {
    const out = capture()
    const deps = buildAppDeps(db, { logger: createLogger({ LOG_LEVEL: 'info' }, out.stream) })
    deps.market = {
      ...deps.market,
      getSymbol: async () => {
        throw new Error('disk on fire', { cause: new Error('EIO') })
      },
    }
    const res = await createApp(deps).request('/v1/symbols/AAPL', { headers: { 'X-Request-Id': 'req-42' } })
    expect(res.status).toBe(500)
    expect(res.headers.get('x-request-id')).toBe('req-42')
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } }
    expect(body.error).toMatchObject({ code: 'internal_error', details: { requestId: 'req-42' } })
    expect(JSON.stringify(body)).not.toContain('disk on fire')

    expect(out.lines).toHaveLength(1)
    expect(out.lines[0]).toMatchObject({
      level: 50,
      requestId: 'req-42',
      method: 'GET',
      path: '/v1/symbols/AAPL',
      err: { type: 'Error', message: expect.stringContaining('disk on fire') },
    })
    expect(String((out.lines[0]!.err as { stack: string }).stack)).toContain('disk on fire')
  })

  it('says nothing at LOG_LEVEL=silent', async () => {
    const out = capture()
    const deps = buildAppDeps(db, { logger: createLogger({ LOG_LEVEL: 'silent' }, out.stream) })
    deps.market = {
      ...deps.market,
      getSymbol: async () => {
        throw new Error('still on fire')
      },
    }
    expect((await createApp(deps).request('/v1/symbols/AAPL')).status).toBe(500)
    expect(out.lines).toEqual([])
  })
})
