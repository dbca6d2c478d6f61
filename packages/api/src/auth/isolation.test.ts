import { createPgliteDatabase } from '@supernova/db'
import { type DatabaseRunner, databaseTasks } from '@supernova/queue'
import { ticketSigner } from '@supernova/realtime'
import { createTestAppDeps, testTaskTypes } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'

type Deps = Awaited<ReturnType<typeof createTestAppDeps>>
type Err = { error: { code: string; message: string; details?: { reason?: string } } }
let deps: Deps
let app: ReturnType<typeof createApp>
let runner: DatabaseRunner
const key: Record<'alice' | 'bob' | 'reader' | 'admin', string> = {
  alice: '',
  bob: '',
  reader: '',
  admin: '',
}

const send = (
  path: string,
  o: { method?: string; key?: string; body?: unknown; header?: 'x-api-key' } = {},
) =>
  app.request(path, {
    method: o.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(o.key ? (o.header ? { 'x-api-key': o.key } : { authorization: `Bearer ${o.key}` }) : {}),
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  })
const json = async <T>(res: Response, status: number): Promise<T> => {
  expect(res.status, await res.clone().text()).toBe(status)
  return (await res.json()) as T
}
const refused = async (res: Response, status: number, reason: string) => {
  const b = await json<Err>(res, status)
  expect(b.error.code).toBe(status === 401 ? 'unauthorized' : 'forbidden')
  if (status === 401) expect(b.error.details?.reason).toBe(reason)
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="supernova"/)
  return b.error.message
}

beforeAll(async () => {
  const db = await createPgliteDatabase()
  deps = await createTestAppDeps({ db })
  const built = databaseTasks({ db, registry: testTaskTypes().registry, pollMs: 20, leaseMs: 5000 })
  runner = built.runner.start()
  deps.tasks = built.queue
  deps.realtime = {
    publisher: { name: 'none', publish: async () => {}, publishBatch: async () => {} },
    tickets: ticketSigner('t'.repeat(32)),
  }
  app = createApp(deps)
  const keys = deps.identity!.keys
  key.alice = (await keys.create({ owner: 'alice', scopes: ['read', 'write'] })).key
  key.bob = (await keys.create({ owner: 'bob', scopes: ['write'] })).key
  key.reader = (await keys.create({ owner: 'alice', scopes: ['read'] })).key
  key.admin = (await keys.create({ owner: 'ops', scopes: ['admin'] })).key
  deps.identity!.auth.changed()
}, 120_000)
afterAll(async () => {
  await runner.drain(0)
  await deps.close()
})

describe('authentication', () => {
  it('answers 401 with WWW-Authenticate and a message saying what to send, once keys exist', async () => {
    expect(await refused(await send('/v1/watchlists'), 401, 'missing')).toMatch(/X-API-Key/)
    expect(await refused(await send('/v1/watchlists', { key: 'snk_nope' }), 401, 'invalid')).toMatch(
      /copied whole/,
    )
    expect(await refused(await send('/v1/watchlists', { key: 'a.b.c' }), 401, 'invalid')).toMatch(
      /JWT_SECRET/,
    )
    // health, docs and the OpenAPI document stay open
    expect((await send('/health')).status).toBe(200)
    expect((await send('/openapi.json')).status).toBe(200)
    expect((await send('/v1/watchlists', { key: key.alice, header: 'x-api-key' })).status).toBe(200)
  })

  it('keeps each owner to its own watchlists, profiles and tasks: another owner’s ids answer 404', async () => {
    const wl = await json<{ id: string }>(
      await send('/v1/watchlists', {
        method: 'POST',
        key: key.alice,
        body: { name: 'mine', symbols: ['AAPL'] },
      }),
      201,
    )
    const profile = await json<{ id: string }>(
      await send('/v1/profiles', {
        method: 'POST',
        key: key.alice,
        body: {
          age: 35,
          horizonYears: 15,
          incomeStability: 'stable',
          experience: 'intermediate',
          lossTolerance: 'hold',
          goal: 'growth',
        },
      }),
      201,
    )
    const task = await json<{ id: string }>(
      await send('/v1/tasks', {
        method: 'POST',
        key: key.alice,
        body: { type: 'echo', payload: { value: 1 }, idempotencyKey: 'k1' },
      }),
      202,
    )
    for (const [path, method, body] of [
      [`/v1/watchlists/${wl.id}`, 'GET'],
      [`/v1/watchlists/${wl.id}/symbols`, 'POST', { symbol: 'MSFT' }],
      [`/v1/watchlists/${wl.id}/symbols/AAPL`, 'DELETE'],
      [`/v1/watchlists/${wl.id}`, 'DELETE'],
      [`/v1/profiles/${profile.id}`, 'GET'],
      [`/v1/tasks/${task.id}`, 'GET'],
      [`/v1/tasks/${task.id}/events`, 'GET'],
      [`/v1/tasks/${task.id}`, 'DELETE'],
      ['/v1/advice', 'POST', { symbol: 'AAPL', profileId: profile.id }],
      ['/v1/realtime/token', 'POST', { channels: [`tasks:${task.id}`] }],
    ] as const) {
      const res = await send(path, { method, key: key.bob, body })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(((await res.json()) as Err).error.code).toBe('not_found')
    }
    // lists hold only the caller's rows; the same idempotency key is a different task per owner
    const bobLists = await json<{ data: unknown[] }>(await send('/v1/watchlists', { key: key.bob }), 200)
    expect(bobLists.data).toEqual([])
    const bobTasks = await json<{ data: unknown[] }>(await send('/v1/tasks', { key: key.bob }), 200)
    expect(bobTasks.data).toEqual([])
    const bobTask = await json<{ id: string }>(
      await send('/v1/tasks', {
        method: 'POST',
        key: key.bob,
        body: { type: 'echo', payload: { value: 2 }, idempotencyKey: 'k1' },
      }),
      202,
    )
    expect(bobTask.id).not.toBe(task.id)
    // the owner still has all of it, untouched
    const mine = await json<{ symbols: string[] }>(
      await send(`/v1/watchlists/${wl.id}`, { key: key.alice }),
      200,
    )
    expect(mine.symbols).toEqual(['AAPL'])
    expect((await send(`/v1/profiles/${profile.id}`, { key: key.reader })).status).toBe(200)
    const aliceTasks = await json<{ data: { id: string }[] }>(
      await send('/v1/tasks', { key: key.alice }),
      200,
    )
    expect(aliceTasks.data.map((t) => t.id)).toEqual([task.id])
    // realtime tickets: own tasks and own alerts only
    const token = (channels: string[], k: string) =>
      send('/v1/realtime/token', { method: 'POST', key: k, body: { channels } })
    expect((await token([`tasks:${task.id}`, 'alerts:alice', 'ticks:AAPL'], key.alice)).status).toBe(201)
    expect((await token(['alerts:bob'], key.alice)).status).toBe(403)
    expect((await token(['tasks:*'], key.alice)).status).toBe(403)
    expect((await token(['performance'], key.reader)).status).toBe(403)
  })

  it('enforces scopes: reads need read, writes write, admin routes admin (403 forbidden)', async () => {
    expect((await send('/v1/symbols?limit=1', { key: key.reader })).status).toBe(200)
    expect(
      await refused(
        await send('/v1/watchlists', { method: 'POST', key: key.reader, body: { name: 'x' } }),
        403,
        'forbidden',
      ),
    ).toMatch(/needs the 'write' scope/)
    expect((await send('/v1/admin/keys', { key: key.alice })).status).toBe(403)
    // write implies read; admin implies everything
    expect((await send('/v1/watchlists', { key: key.bob })).status).toBe(200)
    expect((await send('/v1/admin/keys', { key: key.admin })).status).toBe(200)
    // a batch is checked per sub-request
    const batch = await json<{ responses: { status: number }[] }>(
      await send('/v1/batch', {
        method: 'POST',
        key: key.reader,
        body: {
          requests: [
            { method: 'GET', path: '/v1/symbols?limit=1' },
            { method: 'POST', path: '/v1/watchlists', body: { name: 'x' } },
          ],
        },
      }),
      200,
    )
    expect(batch.responses.map((r) => r.status)).toEqual([200, 403])
  })

  it('manages keys through /v1/admin/keys: shown once, listed without secrets, rotated with an overlap, revoked', async () => {
    type Issued = { id: string; key: string; owner: string; scopes: string[]; status: string }
    const created = await json<Issued>(
      await send('/v1/admin/keys', {
        method: 'POST',
        key: key.admin,
        body: { owner: 'carol', scopes: ['read', 'write'], expiresIn: '30d', name: 'laptop' },
      }),
      201,
    )
    expect(created).toMatchObject({ owner: 'carol', scopes: ['read', 'write'], status: 'active' })
    expect(created.key).toMatch(new RegExp(`^snk_${created.id}_`))
    expect((await send('/v1/watchlists', { key: created.key })).status).toBe(200)
    const list = await json<{ data: { id: string }[] }>(
      await send('/v1/admin/keys?owner=carol', { key: key.admin }),
      200,
    )
    expect(list.data.map((k) => k.id)).toEqual([created.id])
    expect(JSON.stringify(list)).not.toContain('snk_')

    const rotated = await json<Issued>(
      await send(`/v1/admin/keys/${created.id}/rotate?overlap=1h`, { method: 'POST', key: key.admin }),
      201,
    )
    expect((await send('/v1/watchlists', { key: created.key })).status).toBe(200)
    expect((await send('/v1/watchlists', { key: rotated.key })).status).toBe(200)
    // past the overlap the old key is expired, its successor still works
    await deps.db.query("update api_keys set expires_at = now() - interval '1 second' where id = $1", [
      created.id,
    ])
    deps.identity!.auth.changed()
    expect(await refused(await send('/v1/watchlists', { key: created.key }), 401, 'expired')).toMatch(
      /expired at .*replaced it/,
    )
    expect((await send('/v1/watchlists', { key: rotated.key })).status).toBe(200)

    const revoked = await json<{ status: string }>(
      await send(`/v1/admin/keys/${rotated.id}`, { method: 'DELETE', key: key.admin }),
      200,
    )
    expect(revoked.status).toBe('revoked')
    expect(await refused(await send('/v1/watchlists', { key: rotated.key }), 401, 'revoked')).toMatch(
      /revoked at/,
    )
    expect((await send('/v1/admin/keys/zzzzzzzzzzzz', { method: 'DELETE', key: key.admin })).status).toBe(404)
    expect((await send('/v1/admin/keys/nope', { method: 'DELETE', key: key.admin })).status).toBe(400)
    const doc = (await (await send('/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/admin/keys', '/v1/admin/keys/{id}', '/v1/admin/keys/{id}/rotate']),
    )
  })

  it('counts every outcome on /metrics', async () => {
    const text = await (await send('/metrics')).text()
    for (const outcome of ['ok', 'missing', 'invalid', 'expired', 'revoked', 'forbidden'])
      expect(text).toMatch(new RegExp(`auth_requests_total\\{outcome="${outcome}"\\} [1-9]`))
  })
})

describe('local mode', () => {
  it('acts as the local owner with no keys, ends when a key exists, and comes back when it is revoked', async () => {
    const local = await createTestAppDeps({ db: await createPgliteDatabase() })
    try {
      const localApp = createApp(local)
      const req = (path: string, init?: RequestInit) => localApp.request(path, init)
      expect((await req('/v1/watchlists')).status).toBe(200)
      // the local owner holds admin, so the first key can be made over HTTP from this machine
      const res = await req('/v1/admin/keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner: 'admin', scopes: ['admin'] }),
      })
      const first = (await res.json()) as { id: string; key: string }
      expect(res.status).toBe(201)
      expect((await req('/v1/watchlists')).status).toBe(401)
      expect(
        (await req('/v1/watchlists', { headers: { authorization: `Bearer ${first.key}` } })).status,
      ).toBe(200)
      expect(
        (await req(`/v1/admin/keys/${first.id}`, { method: 'DELETE', headers: { 'x-api-key': first.key } }))
          .status,
      ).toBe(200)
      expect((await req('/v1/watchlists')).status).toBe(200)
    } finally {
      await local.close()
    }
  })

  it('serves revocations from its cache until the TTL passes or this instance hears of them', async () => {
    const { createAuthenticator } = await import('./authenticator.ts')
    const keys = deps.identity!.keys
    const auth = createAuthenticator({ keys, allowLocal: false, cacheTtlMs: 60_000 })
    const k = await keys.create({ owner: 'dana', scopes: ['read'] })
    expect((await auth.authenticate({ scheme: 'bearer', text: k.key })).ok).toBe(true)
    await keys.revoke(k.record.id) // as another instance would
    expect((await auth.authenticate({ scheme: 'bearer', text: k.key })).ok).toBe(true)
    auth.changed()
    expect(await auth.authenticate({ scheme: 'bearer', text: k.key })).toMatchObject({
      ok: false,
      reason: 'revoked',
    })
  })
})
