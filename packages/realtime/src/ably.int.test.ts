import { createHmac } from 'node:crypto'
import { type AblyStub, startAblyStub } from '@supernova/testing'
import * as Ably from 'ably'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ablyCapability, ablyPublisher } from './ably.ts'

const key = 'app123.key456:c2VjcmV0LXNlY3JldC1zZWNyZXQ'
const [keyName, secret] = key.split(':') as [string, string]
let stub: AblyStub
/** Capabilities compared as sets: the SDK canonicalises the JSON (sorted resources and operations). */
const norm = (c: Record<string, readonly string[]>) =>
  Object.fromEntries(Object.entries(c).map(([k, ops]) => [k, [...ops].sort()]))
const local = () => ({
  endpoint: stub.endpoint,
  port: stub.port,
  tls: false,
  fallbackHosts: [],
  useBinaryProtocol: false,
})

beforeAll(async () => {
  stub = await startAblyStub({ key })
})
afterAll(() => stub.close())

describe('Ably publisher through the real ably REST client against a local stub', () => {
  it('publishes with the caller’s message ids, so a retried publish is stored once', async () => {
    const pub = ablyPublisher({ key, clientOptions: local() })
    const before = stub.messages.length
    await pub.publish('tasks:task_1', 'progress', { value: 0.5, nested: [1, 2] }, { id: 'task_1:1:0.5' })
    await pub.publish('tasks:task_1', 'progress', { value: 0.5, nested: [1, 2] }, { id: 'task_1:1:0.5' })
    expect(stub.messages.slice(before)).toEqual([
      {
        channel: 'tasks:task_1',
        name: 'progress',
        id: 'task_1:1:0.5',
        data: { value: 0.5, nested: [1, 2] },
        auth: 'basic',
      },
    ])
    expect(stub.requests.filter((r) => r === 'POST /channels/tasks%3Atask_1/messages')).toHaveLength(2)
    pub.close()
  })

  it('sends a batch as one batch-publish request with one spec per channel', async () => {
    const pub = ablyPublisher({ key, clientOptions: local() })
    const before = stub.requests.length
    const batch = ['AAPL', 'MSFT', 'KO'].map((s, i) => ({
      channel: `ticks:${s}`,
      name: 'tick',
      data: { symbol: s, price: 100 + i },
      id: `tick-${s}-1`,
    }))
    await pub.publishBatch([
      ...batch,
      { ...batch[0]!, data: { symbol: 'AAPL', price: 99 }, id: 'tick-AAPL-2' },
    ])
    expect(stub.requests.slice(before)).toEqual(['POST /messages'])
    const got = stub.messages.filter((m) => m.id?.startsWith('tick-'))
    expect(got.map((m) => [m.channel, (m.data as { price: number }).price])).toEqual([
      ['ticks:AAPL', 100],
      ['ticks:AAPL', 99],
      ['ticks:MSFT', 101],
      ['ticks:KO', 102],
    ])
    pub.close()
  })

  it('fails a publish with the wrong key as an upstream error naming Ably', async () => {
    const pub = ablyPublisher({ key: `${keyName}:wrong-secret`, clientOptions: local() })
    await expect(pub.publish('ticks:AAPL', 'tick', { price: 1 })).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringMatching(/^Ably publish to 'ticks:AAPL' failed/),
    })
    pub.close()
  })
})

describe('Ably token requests (offline, HMAC with the key secret)', () => {
  const capability = { subscribe: ['ticks:*', 'alerts:alice'] }

  it('signs the request as Ably specifies, with the hub’s capability patterns', async () => {
    const pub = ablyPublisher({ key, clientOptions: local() })
    const requestsBefore = stub.requests.length
    const tr = await pub.tokenRequest(capability, 600_000, 'alice')
    // created offline: no request reached the server
    expect(stub.requests.length).toBe(requestsBefore)
    expect(tr).toMatchObject({ keyName, ttl: 600_000, clientId: 'alice' })
    expect(norm(JSON.parse(tr.capability))).toEqual(norm(ablyCapability(capability)))
    const text = `${[tr.keyName, tr.ttl, tr.capability, tr.clientId, tr.timestamp, tr.nonce].join('\n')}\n`
    expect(tr.mac).toBe(createHmac('sha256', secret).update(text).digest('base64'))
    const forged = createHmac('sha256', 'another-secret').update(text).digest('base64')
    expect(tr.mac).not.toBe(forged)
    pub.close()
  })

  it('lets a client exchange it for a token whose capability allows subscribing but not publishing', async () => {
    const pub = ablyPublisher({ key, clientOptions: local() })
    const tr = await pub.tokenRequest(capability, 600_000, 'alice')
    const client = new Ably.Rest({ ...local(), authCallback: (_params, cb) => cb(null, tr) })
    const details = await client.auth.authorize()
    expect(norm(JSON.parse(details.capability))).toEqual({
      'alerts:alice': ['history', 'subscribe'],
      'ticks:*': ['history', 'subscribe'],
    })
    await expect(client.channels.get('ticks:AAPL').publish('tick', { price: 1 })).rejects.toMatchObject({
      code: 40160,
    })
    // a tampered request (capability widened after signing) is refused by the server
    const widened = { ...tr, capability: JSON.stringify({ '*': ['*'] }) }
    const tampered = new Ably.Rest({
      ...local(),
      logLevel: 0,
      authCallback: (_params, cb) => cb(null, widened),
    })
    await expect(tampered.auth.authorize()).rejects.toMatchObject({ statusCode: 401 })
    pub.close()
  })
})
